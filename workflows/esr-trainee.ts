import { upsertSearchAttributes, workflowInfo, log } from '@temporalio/workflow';
import type { TraineeOutcome } from '../src/extract/types';
import { FailureType } from '../src/failure-types';
import { EsrOutcome, EsrTrust, TisPersonId } from '../src/search-attributes';
import { notify, reads, store } from './activity-profiles';
import { failureDetail, failureType } from './failure-type';
import { Saga } from './saga';

export interface TraineeInput {
  extractDate: string;
  esrPersonId: string;
  kind: 'DAILY' | 'RESYNC';
}

export interface TraineeResult {
  esrPersonId: string;
  trust: string;
  outcome: TraineeOutcome;
  reason?: string;
  detail?: string;
  tisPersonId?: string;
  changedFields: string[];
  conflictFields: string[];
  /** The change set applied (or compensated), to show its field-level diff. */
  changeSetId?: string;
}

/** How often a concurrent change of the person is re-read and re-diffed before giving up. */
const MAX_DIFF_ATTEMPTS = 3;

/**
 * One trainee: validate, check employment and DPN, match and diff, update, notify. The update registers its
 * undo before the notification is tried; if the notification fails for good, the person is put back exactly.
 * Only identifiers travel through this history: the values stay in MongoDB.
 */
export async function esrTrainee(input: TraineeInput): Promise<TraineeResult> {
  const { extractDate, esrPersonId } = input;
  let trust = 'UNKNOWN';
  let tisPersonId: string | undefined;
  let rowRef: { file: string; line: number } | undefined;
  const end = async (outcome: TraineeOutcome, extra: Partial<TraineeResult> = {}): Promise<TraineeResult> => {
    const result: TraineeResult = {
      esrPersonId,
      trust,
      outcome,
      changedFields: [],
      conflictFields: [],
      ...(tisPersonId ? { tisPersonId } : {}),
      ...extra,
    };
    upsertSearchAttributes([
      { key: EsrOutcome, value: outcome },
      { key: EsrTrust, value: [trust] },
      ...(tisPersonId ? [{ key: TisPersonId, value: tisPersonId }] : []),
    ]);
    try {
      await store.recordOutcome({
        extractDate,
        esrPersonId,
        trust,
        outcome,
        ...(result.reason ? { reason: result.reason } : {}),
        ...(result.detail ? { detail: result.detail } : {}),
        ...(tisPersonId ? { tisPersonId } : {}),
        changedFields: result.changedFields,
        conflictFields: result.conflictFields,
        ...(rowRef ? { rowRef } : {}),
      });
    } catch (err) {
      log.warn('outcome not recorded', { esrPersonId, failure: failureType(err) });
    }
    return result;
  };

  try {
    const validated = await reads.validateRows({ extractDate, esrPersonId });
    if (validated.rows === 0)
      return await end('FAILED', { reason: 'NO_ESR_ROWS', detail: `no accepted ESR rows for ${extractDate}` });
    trust = validated.trusts[0] ?? trust;

    const employment = await reads.checkEmployment({ extractDate, esrPersonId });
    trust = employment.trust;
    if (!employment.winner) return await end('SKIPPED', { reason: employment.skipReason });
    const winner = employment.winner;
    rowRef = { file: winner.file, line: winner.line };

    const match = await reads.matchPerson({
      extractDate,
      file: winner.file,
      line: winner.line,
      useCandidates: input.kind === 'DAILY',
    });
    if (!match.matched) return await end('HELD', { reason: match.reason, detail: match.detail });
    tisPersonId = match.personId;

    const placement = await reads.checkPlacement({
      personId: match.personId,
      deaneryPostNumber: winner.deaneryPostNumber,
      extractDate,
    });
    if (placement.skipReason) return await end('SKIPPED', { reason: placement.skipReason });

    for (let attempt = 1; ; attempt++) {
      const { runId } = workflowInfo();
      const diff = await reads.diffPerson({
        changeSetId: `${runId}/${attempt}`,
        personId: match.personId,
        esrPersonId,
        extractDate,
        file: winner.file,
        line: winner.line,
      });
      if (!diff.changeSetId) {
        if (diff.conflictFields.length)
          return await end('HELD', { reason: 'CONFLICT', conflictFields: diff.conflictFields });
        return await end('NO_CHANGE');
      }
      const changeSetId = diff.changeSetId;
      try {
        await store.updatePerson({ changeSetId });
      } catch (err) {
        if (failureType(err) === FailureType.VersionConflict && attempt < MAX_DIFF_ATTEMPTS) continue;
        throw err;
      }
      const saga = new Saga();
      saga.add('revertUpdate', () => store.revertUpdate({ changeSetId, reason: 'notification failed' }));
      try {
        await notify.notifyChange({ changeSetId });
      } catch (err) {
        const why = failureType(err) ?? 'NOTIFY_FAILED';
        const failed = await saga.compensate();
        if (failed.length) {
          return await end('FAILED', {
            reason: 'COMPENSATION_BLOCKED',
            detail: `${why}; the update could not be undone`,
            changedFields: diff.changedFields,
            changeSetId,
          });
        }
        return await end('COMPENSATED', {
          reason: why,
          detail: failureDetail(err),
          changedFields: diff.changedFields,
          changeSetId,
        });
      }
      return await end('UPDATED', {
        changedFields: diff.changedFields,
        conflictFields: diff.conflictFields,
        changeSetId,
      });
    }
  } catch (err) {
    return end('FAILED', { reason: failureType(err) ?? 'ACTIVITY_FAILED', detail: failureDetail(err) });
  }
}
