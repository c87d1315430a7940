import type { ChangeSetDoc, OutboxDoc } from '../store/documents';
import { insertOnce } from '../store/insert-once';
import { eventIdFor } from '../src/notify/event-id';
import type { ActivityDeps } from './dependencies';

/**
 * Puts a change set's event in the outbox (PENDING) unless it is there already, and returns it as stored. Written
 * by the update itself, right after the person, so an applied change always has an event for the relay to send.
 */
export async function ensureOutboxEvent(deps: ActivityDeps, cs: ChangeSetDoc, occurredAt: string): Promise<OutboxDoc> {
  const fresh: OutboxDoc = {
    _id: eventIdFor(cs._id),
    changeSetId: cs._id,
    personId: cs.personId,
    changedFields: cs.changes.map((c) => c.path),
    occurredAt,
    status: 'PENDING',
    attempts: 0,
  };
  const skipped = await insertOnce(deps.store.outbox, [fresh]);
  if (!skipped.length) return fresh;
  return (await deps.store.outbox.findOne({ _id: fresh._id })) ?? fresh;
}
