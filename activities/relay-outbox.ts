import type { OutboxDoc } from '../store/documents';
import { postOutboxEvent } from './notify-change';
import { activityLogger, heartbeat, type ActivityDeps } from './dependencies';

export interface RelayOutboxArgs {
  /** Events tried per call; the workflow calls again while more are due. */
  limit: number;
}

export interface RelayOutboxResult {
  delivered: number;
  /** Still PENDING after this pass (a transient answer, or not yet due). */
  pending: number;
  /** Change sets whose event was refused for good: the workflow compensates them. */
  refused: string[];
  /** No NOTIFY_URL: every PENDING event waits, and this says how many. */
  waitingForUrl: boolean;
  /** More events were due than `limit`. */
  more: boolean;
}

/**
 * One pass of the outbox relay: sends each PENDING event that is due (past its backoff or Retry-After, and older
 * than the grace left to the trainee workflow delivering it) with its own eventId, whether or not the workflow that
 * applied the change is still alive; an event another sender has claimed is left to it. An event whose change set
 * was undone, abandoned or superseded is cancelled, not sent; one whose change set is still PREPARED (an update
 * interrupted between its writes, to be finished by its retry) is left alone. A REFUSED event whose change still
 * stands (the sender that saw the refusal was lost before undoing it) is handed back for compensation.
 */
export function relayOutbox(deps: ActivityDeps) {
  return async function relayOutbox({ limit }: RelayOutboxArgs): Promise<RelayOutboxResult> {
    heartbeat({ step: 'start' });
    const now = deps.now();
    // A change set left APPLIED although its event went out (a crash between the two writes) is marked NOTIFIED.
    for (const cs of await deps.store.changeSets.find({ status: 'APPLIED' }, { projection: { _id: 1 } }).toArray()) {
      const sent = await deps.store.outbox.findOne(
        { changeSetId: cs._id, status: 'DELIVERED' },
        { projection: { _id: 1 } },
      );
      if (sent)
        await deps.store.changeSets.updateOne({ _id: cs._id, status: 'APPLIED' }, { $set: { status: 'NOTIFIED' } });
      heartbeat({ step: 'applied' });
    }
    const pendingEvents = await deps.store.outbox.find({ status: 'PENDING' }).toArray();
    const result: RelayOutboxResult = {
      delivered: 0,
      pending: pendingEvents.length,
      refused: [],
      waitingForUrl: false,
      more: false,
    };
    const notify =
      deps.notify.url && deps.notify.secret
        ? { url: deps.notify.url, secret: deps.notify.secret, secondarySecret: deps.notify.secondarySecret }
        : null;
    if (!notify) {
      if (pendingEvents.length) {
        activityLogger(deps).warn({ pending: pendingEvents.length }, 'NOTIFY_URL not set: change events wait');
      }
      return { ...result, waitingForUrl: pendingEvents.length > 0 };
    }
    result.refused.push(...(await refusedStillApplied(deps, now)));
    const due = pendingEvents
      .filter((e) => isDue(e, now, deps.relayGraceMs))
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    result.more = due.length > limit;
    for (const event of due.slice(0, limit)) {
      heartbeat({ eventId: event._id });
      const cs = await deps.store.changeSets.findOne({ _id: event.changeSetId }, { projection: { status: 1 } });
      if (cs?.status === 'PREPARED') continue;
      if (cs?.status !== 'APPLIED' && cs?.status !== 'NOTIFIED') {
        // Undone, abandoned or superseded: the event must never go out.
        await deps.store.outbox.updateOne({ _id: event._id, status: 'PENDING' }, { $set: { status: 'CANCELLED' } });
        result.pending -= 1;
        continue;
      }
      const outcome = await postOutboxEvent(deps, event, notify, 'RELAY');
      if (outcome.kind === 'DELIVERED') {
        result.delivered += 1;
        result.pending -= 1;
      } else if (outcome.kind === 'REFUSED') {
        result.refused.push(event.changeSetId);
        result.pending -= 1;
      } else if (outcome.kind === 'CANCELLED') {
        result.pending -= 1;
      }
    }
    return result;
  };
}

/**
 * REFUSED events whose change set is still APPLIED past the grace: the refusal was recorded, but whoever saw it (a
 * relay pass, a trainee) was lost before the undo. The trainee's own workflow, if alive, has had the grace to do it.
 */
async function refusedStillApplied(deps: ActivityDeps, now: Date): Promise<string[]> {
  const ids: string[] = [];
  const refused = deps.store.outbox.find({ status: 'REFUSED' }, { projection: { changeSetId: 1, refusal: 1 } });
  for await (const event of refused) {
    if (event.refusal && now.getTime() - Date.parse(event.refusal.at) < deps.relayGraceMs) continue;
    const cs = await deps.store.changeSets.findOne({ _id: event.changeSetId }, { projection: { status: 1 } });
    if (cs?.status === 'APPLIED') ids.push(event.changeSetId);
  }
  heartbeat({ step: 'refused' });
  return ids;
}

function isDue(event: OutboxDoc, now: Date, graceMs: number): boolean {
  if (event.nextAttemptAt && Date.parse(event.nextAttemptAt) > now.getTime()) return false;
  return now.getTime() - Date.parse(event.occurredAt) >= graceMs;
}
