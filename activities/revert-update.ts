import { ApplicationFailure } from '@temporalio/activity';
import { FailureType } from '../src/failure-types';
import { eventIdFor } from '../src/notify/event-id';
import { getPath, valueAt } from '../src/tis/diff-person';
import type { PersonDocument } from '../src/tis/person-document';
import type { ChangeSetDoc } from '../store/documents';
import { loadChangeSet, wholeDocuments } from './update-person';
import { recordAudit } from '../store/audit';
import { claimEvent, releaseEvent } from '../store/outbox-claims';
import type { ActivityDeps } from './dependencies';

/** A change set with its whole documents (retention trims them only from finished change sets). */
type WholeChangeSet = ChangeSetDoc & Required<Pick<ChangeSetDoc, 'before' | 'after'>>;

/** An undo holds the event only while it cancels it. */
const UNDO_CLAIM_MS = 60_000;

export interface RevertUpdateArgs {
  changeSetId: string;
  /** Why the update is undone, e.g. the receiver's refusal; recorded on the change set. */
  reason: string;
}

export interface RevertUpdateResult {
  /** Whether TIS was written: false when the update never reached it (nothing to undo). */
  reverted: boolean;
  /** The person's version after the undo (the applied version + 1), when reverted. */
  version?: number;
}

/**
 * The compensation of updatePerson, run only after a permanent refusal of the event (or an update that failed for
 * good). It sets back only the fields the change set changed, with their former ESR stamps, and moves the version
 * on (never back: a version number is never reused), guarded by the version we wrote so that a later change of the
 * person is never clobbered (CompensationBlocked). It refuses a change set whose event was delivered
 * (CompensationRefused): downstream has it, so it stands. Safe to retry; the workflow retries it until the
 * database answers.
 */
export function revertUpdate(deps: ActivityDeps) {
  return async function revertUpdate({ changeSetId, reason }: RevertUpdateArgs): Promise<RevertUpdateResult> {
    const loaded = await loadChangeSet(deps, changeSetId);
    if (loaded.status === 'COMPENSATED') {
      const version = loaded.compensatedVersion ?? (loaded.after ? loaded.after.version + 1 : undefined);
      return { reverted: true, ...(version !== undefined ? { version } : {}) };
    }
    if (loaded.status === 'NOTIFIED') throw delivered(loaded);
    if (loaded.status === 'SUPERSEDED' || loaded.status === 'ABANDONED') return { reverted: false };
    const cs: WholeChangeSet = { ...loaded, ...wholeDocuments(loaded) };

    // Stop the event first, so no one can send it while the person is being put back; an event another sender
    // holds (a request may be in flight) waits for that answer: the undo is retried once the claim is given back.
    const eventId = eventIdFor(changeSetId);
    const by = `UNDO:${changeSetId}`;
    const claim = await claimEvent(deps.store, eventId, by, deps.now(), UNDO_CLAIM_MS);
    if (!claim.claimed) {
      throw ApplicationFailure.create({
        type: FailureType.EventInFlight,
        message: `change set ${changeSetId}: its event is being sent; undone only once no request can be in flight`,
      });
    }
    try {
      await deps.store.outbox.updateOne(
        { _id: eventId, status: { $in: ['PENDING', 'REFUSED'] } },
        { $set: { status: 'CANCELLED' } },
      );
    } finally {
      await releaseEvent(deps.store, eventId, by);
    }
    const event = await deps.store.outbox.findOne({ _id: eventId });
    if (event?.status === 'DELIVERED') {
      await deps.store.changeSets.updateOne({ _id: changeSetId, status: 'APPLIED' }, { $set: { status: 'NOTIFIED' } });
      throw delivered(cs);
    }

    const current = await deps.store.people.findOne({ _id: cs.personId });
    if (cs.status === 'PREPARED' && !(current && shows(current, cs, 'after') && current.version === cs.after.version)) {
      if (current && reverted(current, cs)) return finish(deps, cs, reason);
      // The update failed for good before writing: nothing to undo, and no event to send.
      await deps.store.changeSets.updateOne(
        { _id: changeSetId, status: 'PREPARED' },
        { $set: { status: 'ABANDONED', compensationReason: reason } },
      );
      return { reverted: false };
    }

    const set: Record<string, unknown> = { version: cs.after.version + 1, updatedAt: deps.now().toISOString() };
    const unset: Record<string, ''> = {};
    for (const { path } of cs.changes) {
      const prior = valueAt(cs.before, path);
      if (prior === undefined) unset[path] = '';
      else set[path] = prior;
      const stamp = valueAt(cs.before.fieldUpdatedAt ?? {}, path);
      if (stamp === undefined) unset[`fieldUpdatedAt.${path}`] = '';
      else set[`fieldUpdatedAt.${path}`] = stamp;
    }
    const result = await deps.store.people.updateOne(
      { _id: cs.personId, version: cs.after.version },
      { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
    );
    if (result.matchedCount === 0) {
      const now = await deps.store.people.findOne({ _id: cs.personId });
      // A retry after a crash between the undo and marking the change set finds the undo done.
      if (!(now && reverted(now, cs))) {
        await deps.store.changeSets.updateOne(
          { _id: changeSetId },
          { $set: { status: 'COMPENSATION_FAILED', compensationReason: reason } },
        );
        throw ApplicationFailure.create({
          type: FailureType.CompensationBlocked,
          message: `TIS person ${cs.personId} changed after our update (now version ${now?.version}); not undone`,
          nonRetryable: true,
        });
      }
    }
    return finish(deps, cs, reason);
  };
}

async function finish(deps: ActivityDeps, cs: WholeChangeSet, reason: string): Promise<RevertUpdateResult> {
  const at = deps.now().toISOString();
  const version = cs.after.version + 1;
  await recordAudit(deps.store, cs, 'COMPENSATED', at);
  await deps.store.changeSets.updateOne(
    { _id: cs._id },
    { $set: { status: 'COMPENSATED', compensatedAt: at, compensationReason: reason, compensatedVersion: version } },
  );
  return { reverted: true, version };
}

/** Whether every changed field holds the change set's `before` or `after` value. */
function shows(person: PersonDocument, cs: WholeChangeSet, side: 'before' | 'after'): boolean {
  return cs.changes.every((c) => getPath(person, c.path) === getPath(cs[side], c.path));
}

/** Our undo is in TIS already: the version we would write, and the prior values back. */
function reverted(person: PersonDocument, cs: WholeChangeSet): boolean {
  return person.version === cs.after.version + 1 && shows(person, cs, 'before');
}

function delivered(cs: ChangeSetDoc): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureType.CompensationRefused,
    message: `change set ${cs._id}: its event was delivered, so the change stands and is not undone`,
    nonRetryable: true,
  });
}
