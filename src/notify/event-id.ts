import { createHash } from 'node:crypto';

/** The event id is derived from the change set, so every retry and re-delivery carries the same one. */
export function eventIdFor(changeSetId: string): string {
  const h = createHash('sha256').update(changeSetId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
