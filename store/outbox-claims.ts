import { MongoServerError } from 'mongodb';
import { DUPLICATE_KEY } from './insert-once';
import type { Collections } from './store';

export type ClaimResult = { claimed: true; by: string } | { claimed: false; heldBy: string; until: string };

/**
 * One holder of a change event at a time (a sender with a request in flight, or an undo). The claim is an insert
 * keyed by the eventId: the unique `_id` is the one compare-and-set that MongoDB and FerretDB both make atomic (a
 * filtered update is not atomic on FerretDB 1.x, which reads then writes). An expired claim (its holder lost) is
 * removed, then the insert is tried again, so two takers of an expired claim still get one winner.
 */
export async function claimEvent(
  store: Pick<Collections, 'outboxClaims'>,
  eventId: string,
  by: string,
  now: Date,
  forMs: number,
): Promise<ClaimResult> {
  for (let tries = 0; tries < 3; tries++) {
    try {
      await store.outboxClaims.insertOne({ _id: eventId, by, until: new Date(now.getTime() + forMs).toISOString() });
      return { claimed: true, by };
    } catch (err) {
      if (!(err instanceof MongoServerError) || err.code !== DUPLICATE_KEY) throw err;
    }
    const held = await store.outboxClaims.findOne({ _id: eventId });
    if (!held) continue;
    if (held.by === by) return { claimed: true, by };
    if (Date.parse(held.until) > now.getTime()) return { claimed: false, heldBy: held.by, until: held.until };
    await store.outboxClaims.deleteOne({ _id: eventId, by: held.by });
  }
  const held = await store.outboxClaims.findOne({ _id: eventId });
  return { claimed: false, heldBy: held?.by ?? 'another holder', until: held?.until ?? now.toISOString() };
}

/** Gives a claim back; only its holder's. */
export async function releaseEvent(
  store: Pick<Collections, 'outboxClaims'>,
  eventId: string,
  by: string,
): Promise<void> {
  await store.outboxClaims.deleteOne({ _id: eventId, by });
}
