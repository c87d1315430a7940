import { setCurrentDetails, upsertSearchAttributes, workflowInfo, log } from '@temporalio/workflow';
import type { TraineeOutcome } from '../src/extract/types';
import { FailureType } from '../src/failure-types';
import { eligibleRowSkips, type RowSkip } from '../src/rules/row-skips';
import { EsrOutcome, EsrTrust, TisPersonId } from '../src/search-attributes';
import { traineeOutcomeDetails } from '../src/ui-metadata';
import { notify, reads, store } from './activity-profiles';
import { failureDetail, failureType } from './failure-type';
import type { TraineeInput, TraineeResult } from './esr-trainee';
import { Saga } from './saga';

/** How often a concurrent change of the person is re-read and re-diffed before giving up. */
const MAX_DIFF_ATTEMPTS = 3;

/**
 * FROZEN: the trainee workflow as released up to 3fca579, kept only so that runs started by that release replay and
 * finish on this code (`patched('durable-delivery')` in esr-trainee.ts sends them here). Never change it; delete it
 * with a `deprecatePatch` once no run of that release is open (docs/runbook.md, "Deploying workflow changes").
 */
export async function esrTraineeBeforeDurableDelivery(input: TraineeInput): Promise<TraineeResult> {
  const { extractDate, esrPersonId } = input;
  let trust = 'UNKNOWN';
  let tisPersonId: string | undefined;
  let rowRef: { file: string; line: number } | undefined;
  let skippedRows: RowSkip[] = [];
  const end = async (outcome: TraineeOutcome, extra: Partial<TraineeResult> = {}): Promise<TraineeResult> => {
    const result: TraineeResult = {
      esrPersonId,
      trust,
      outcome,
      changedFields: [],
      conflictFields: [],
      ...(tisPersonId ? { tisPersonId } : {}),
      skippedRows,
      ...extra,
    };
    setCurrentDetails(traineeOutcomeDetails(result));
    upsertSearchAttributes([
      { key: EsrOutcome, value: outcome },
      { key: EsrTrust, value: [trust] },
      ...(tisPersonId ? [{ key: TisPersonId, value: tisPersonId }] : []),
    ]);
    try {
      await store.recordOutcome.executeWithOptions({ summary: `record ${outcome} for ${extractDate}` }, [
        {
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
          skippedRows,
        },
      ]);
    } catch (err) {
      log.warn('outcome not recorded', { esrPersonId, failure: failureType(err) });
    }
    return result;
  };
  const step = (doing: string) => setCurrentDetails(`${doing}…`);

  try {
    step('validating the ESR rows');
    const validated = await reads.validateRows.executeWithOptions(
      { summary: `validate the ESR rows of ${esrPersonId} (${extractDate})` },
      [{ extractDate, esrPersonId }],
    );
    if (validated.rows === 0)
      return await end('FAILED', { reason: 'NO_ESR_ROWS', detail: `no accepted ESR rows for ${extractDate}` });
    trust = validated.trusts[0] ?? trust;

    step(`checking employment and DPN of ${validated.rows} row(s)`);
    const employment = await reads.checkEmployment.executeWithOptions(
      { summary: `employment and DPN rules, ${validated.rows} row(s)` },
      [{ extractDate, esrPersonId }],
    );
    trust = employment.trust;
    skippedRows = employment.skipped;
    if (!employment.winner) return await end('SKIPPED', { reason: employment.skipReason });
    const eligible = employment.eligible.length ? employment.eligible : [employment.winner];
    let winner = eligible[0];
    rowRef = { file: winner.file, line: winner.line };
    const settle = (applied: number | undefined, placementChecked: boolean) => {
      skippedRows = [...employment.skipped, ...eligibleRowSkips(eligible, applied, placementChecked)];
    };
    settle(undefined, false);

    step(`matching ${winner.file} line ${winner.line}`);
    const match = await reads.matchPerson.executeWithOptions(
      { summary: `match ${winner.file} line ${winner.line} to a TIS person` },
      [{ extractDate, file: winner.file, line: winner.line, useCandidates: input.kind === 'DAILY' }],
    );
    if (!match.matched) return await end('HELD', { reason: match.reason, detail: match.detail });
    tisPersonId = match.personId;

    step(`matched TIS ${match.personId} by ${match.via}; checking the placement`);
    const placement = await reads.checkPlacement.executeWithOptions(
      { summary: `placement of TIS ${match.personId} on ${eligible.map((r) => r.deaneryPostNumber).join(', ')}` },
      [{ personId: match.personId, deaneryPostNumbers: eligible.map((r) => r.deaneryPostNumber), extractDate }],
    );
    settle(placement.index, true);
    if (placement.index === undefined) {
      rowRef = undefined;
      return await end('SKIPPED', { reason: placement.skipReason ?? 'NO_PLACEMENT' });
    }
    // The spec: when the winner's post has no placement covering the date, the next eligible row is tried.
    winner = eligible[placement.index];
    rowRef = { file: winner.file, line: winner.line };
    trust = winner.trust;

    for (let attempt = 1; ; attempt++) {
      const { runId } = workflowInfo();
      step(`comparing ${winner.file} line ${winner.line} with TIS ${match.personId}`);
      const diff = await reads.diffPerson.executeWithOptions(
        { summary: `diff ${winner.file} line ${winner.line} against TIS ${match.personId}` },
        [
          {
            changeSetId: `${runId}/${attempt}`,
            personId: match.personId,
            esrPersonId,
            extractDate,
            file: winner.file,
            line: winner.line,
          },
        ],
      );
      if (!diff.changeSetId) {
        // The spec: a row whose only differences are fields TIS holds newer is NO_CHANGE, its conflicts reported.
        if (diff.conflictFields.length)
          return await end('NO_CHANGE', { reason: 'CONFLICT', conflictFields: diff.conflictFields });
        return await end('NO_CHANGE');
      }
      const changeSetId = diff.changeSetId;
      const fields = diff.changedFields.join(', ');
      step(`updating TIS ${match.personId}: ${fields}`);
      try {
        await store.updatePerson.executeWithOptions({ summary: `update TIS ${match.personId}: ${fields}` }, [
          { changeSetId },
        ]);
      } catch (err) {
        if (failureType(err) === FailureType.VersionConflict && attempt < MAX_DIFF_ATTEMPTS) continue;
        throw err;
      }
      const saga = new Saga();
      saga.add('revertUpdate', () =>
        store.revertUpdate.executeWithOptions({ summary: `undo the update of TIS ${match.personId}` }, [
          { changeSetId, reason: 'notification failed' },
        ]),
      );
      try {
        step(`notifying the change of TIS ${match.personId}`);
        await notify.notifyChange.executeWithOptions({ summary: `notify the change of TIS ${match.personId}` }, [
          { changeSetId },
        ]);
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
