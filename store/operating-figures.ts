import { parseExtractFileName } from '../src/extract/file-name';
import type { Collections } from './store';

/** What the outbox holds undelivered: how many events, and when the oldest occurred (absent when none). */
export async function pendingEvents(store: Pick<Collections, 'outbox'>): Promise<{ count: number; oldest?: Date }> {
  const count = await store.outbox.countDocuments({ status: 'PENDING' });
  if (count === 0) return { count };
  // Served by the { status, occurredAt } index.
  const [oldest] = await store.outbox
    .find({ status: 'PENDING' }, { projection: { occurredAt: 1 } })
    .sort({ occurredAt: 1 })
    .limit(1)
    .toArray();
  return { count, ...(oldest ? { oldest: new Date(oldest.occurredAt) } : {}) };
}

/** Files waiting for an operator's decision, and when the one waiting longest was held. */
export async function filesAwaitingApproval(
  store: Pick<Collections, 'files'>,
): Promise<{ count: number; oldest?: Date }> {
  const held = await store.files
    .find({ status: 'ACCEPTED', 'massChange.state': 'AWAITING_APPROVAL' }, { projection: { massChange: 1 } })
    .toArray();
  const since = held.map((f) => Date.parse(f.massChange?.checkedAt ?? '')).filter((t) => !Number.isNaN(t));
  return { count: held.length, ...(since.length ? { oldest: new Date(Math.min(...since)) } : {}) };
}

/**
 * When each office's newest file was recorded, among the newest `recent` files by extract date (a week of twelve
 * offices' files fits in 100): an indexed query over a few dozen documents. An office with none there is absent.
 */
export async function lastFileByOffice(store: Pick<Collections, 'files'>, recent = 100): Promise<Map<string, Date>> {
  const files = await store.files
    .find({}, { projection: { name: 1, recordedAt: 1 } })
    .sort({ extractDate: -1 })
    .limit(recent)
    .toArray();
  const latest = new Map<string, Date>();
  for (const f of files) {
    const parsed = parseExtractFileName(f.name);
    if (!parsed.ok) continue;
    const at = new Date(f.recordedAt);
    const known = latest.get(parsed.localOffice);
    if (!known || at > known) latest.set(parsed.localOffice, at);
  }
  return latest;
}
