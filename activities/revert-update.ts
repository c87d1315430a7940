import { ApplicationFailure } from '@temporalio/activity';
import { isDeepStrictEqual } from 'node:util';
import { FailureType } from '../src/failure-types';
import { loadChangeSet, wholeDocuments } from './update-person';
import { recordAudit } from '../store/audit';
import type { ActivityDeps } from './dependencies';

export interface RevertUpdateArgs {
  changeSetId: string;
  /** Why the update is undone, e.g. the notification failure type; recorded on the change set. */
  reason: string;
}

export interface RevertUpdateResult {
  version: number;
}

/**
 * The compensation of updatePerson: puts back the exact prior document, version included, but only while the
 * person is still at the version we wrote. If someone changed them since, undoing would clobber their change:
 * that is CompensationBlocked, reported, never forced.
 */
export function revertUpdate(deps: ActivityDeps) {
  return async function revertUpdate({ changeSetId, reason }: RevertUpdateArgs): Promise<RevertUpdateResult> {
    const cs = await loadChangeSet(deps, changeSetId);
    if (cs.status === 'COMPENSATED') return { version: cs.baseVersion };
    const { before, after } = wholeDocuments(cs);
    const result = await deps.store.people.replaceOne({ _id: cs.personId, version: after.version }, before);
    if (result.matchedCount === 0) {
      const current = await deps.store.people.findOne({ _id: cs.personId });
      if (!isDeepStrictEqual(current, before)) {
        await deps.store.changeSets.updateOne(
          { _id: changeSetId },
          { $set: { status: 'COMPENSATION_FAILED', compensationReason: reason } },
        );
        throw ApplicationFailure.create({
          type: FailureType.CompensationBlocked,
          message: `TIS person ${cs.personId} changed after our update (now version ${current?.version}); not undone`,
          nonRetryable: true,
        });
      }
    }
    const at = deps.now().toISOString();
    await recordAudit(deps.store, cs, 'COMPENSATED', at);
    await deps.store.changeSets.updateOne(
      { _id: changeSetId },
      { $set: { status: 'COMPENSATED', compensatedAt: at, compensationReason: reason } },
    );
    await deps.store.outbox.updateMany(
      { changeSetId, status: { $ne: 'DELIVERED' } },
      { $set: { status: 'CANCELLED' } },
    );
    return { version: before.version };
  };
}
