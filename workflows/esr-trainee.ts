import {
  CancellationScope,
  isCancellation,
  log,
  patched,
  setCurrentDetails,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { RecordedOutcome, TraineeOutcome } from '../src/extract/types';
import { FailureType } from '../src/failure-types';
import { eligibleRowSkips, type RowSkip } from '../src/rules/row-skips';
import { EsrOutcome, EsrTrust, TisPersonId } from '../src/search-attributes';
import { traineeOutcomeDetails } from '../src/ui-metadata';
import { deliver, reads, write } from './activity-profiles';
import { esrTraineeBeforeDurableDelivery } from './esr-trainee-before-durable-delivery';
import { failureDetail, failureType } from './failure-type';
import { Saga } from './saga';

export interface TraineeInput {
  extractDate: string;
  esrPersonId: string;
  kind: 'DAILY' | 'RESYNC';
  /** How long to wait for another run of this trainee before ending HELD (TraineeBusy); 10 minutes by default. */
  leaseWaitMaxMs?: number;
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
  /** The trainee's rows that were not applied, with why (counted per trust and reason by the daily run). */
  skippedRows?: RowSkip[];
}

/** How often a concurrent change of the person is re-read and re-diffed before giving up. */
const MAX_DIFF_ATTEMPTS = 3;
/** The patch that brought durable delivery; runs started before it finish on the frozen code (runbook 9). */
export const DURABLE_DELIVERY_PATCH = 'durable-delivery';
/** An UPDATED whose event is still in the outbox: the relay sends it (NOTIFY_URL unset, or an hour of failures). */
export const NOTIFICATION_PENDING = 'NOTIFICATION_PENDING';
/** The patch after which a delivery failure is reported from the change set's own state, read afresh. */
export const DELIVERY_STATE_READ_PATCH = 'delivery-state-read';
/** A trainee of an older or unexpected TIS document shape is held, naming the fields (src/tis/document-shape.ts). */
export const UNEXPECTED_TIS_DOCUMENT = 'UNEXPECTED_TIS_DOCUMENT';
/** The patch that caps the wait for another run's lease (runs before it waited for as long as it took). */
export const LEASE_WAIT_CAP_PATCH = 'lease-wait-cap';
const DEFAULT_LEASE_WAIT_MAX_MS = 10 * 60_000;

/**
 * One trainee: validate, check employment and DPN, match, take the trainee's lease (one run per trainee at a
 * time), diff, update, deliver the change event. The undo is registered before the update; it runs only when the
 * receiver refuses the event for good, never for a receiver that is merely down (it may have the event: the
 * retries and the outbox relay carry on with the same eventId). Compensation, the outcome record and the lease's
 * release run even when the workflow is cancelled, and a cancelled trainee records what it leaves behind.
 * Only identifiers travel through this history: the values stay in MongoDB.
 */
export async function esrTrainee(input: TraineeInput): Promise<TraineeResult> {
  if (!patched(DURABLE_DELIVERY_PATCH)) return esrTraineeBeforeDurableDelivery(input);
  const { extractDate, esrPersonId } = input;
  let trust = 'UNKNOWN';
  let tisPersonId: string | undefined;
  let rowRef: { file: string; line: number } | undefined;
  let skippedRows: RowSkip[] = [];
  let leased = false;
  /** The change set being applied, once the update has been tried. */
  let applying: { changeSetId: string; changedFields: string[] } | undefined;

  const record = async (outcome: RecordedOutcome, extra: Partial<TraineeResult>) => {
    const shown = { changedFields: [], conflictFields: [], ...extra, outcome, ...(tisPersonId ? { tisPersonId } : {}) };
    setCurrentDetails(traineeOutcomeDetails({ ...shown, skippedRows }));
    upsertSearchAttributes([
      { key: EsrOutcome, value: outcome },
      { key: EsrTrust, value: [trust] },
      ...(tisPersonId ? [{ key: TisPersonId, value: tisPersonId }] : []),
    ]);
    await CancellationScope.nonCancellable(() =>
      write.recordOutcome.executeWithOptions({ summary: `record ${outcome} for ${extractDate}` }, [
        {
          extractDate,
          esrPersonId,
          trust,
          outcome,
          ...(extra.reason ? { reason: extra.reason } : {}),
          ...(extra.detail ? { detail: extra.detail } : {}),
          ...(tisPersonId ? { tisPersonId } : {}),
          changedFields: extra.changedFields ?? [],
          conflictFields: extra.conflictFields ?? [],
          ...(rowRef ? { rowRef } : {}),
          skippedRows,
        },
      ]),
    );
  };
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
    await record(outcome, result);
    return result;
  };
  const step = (doing: string) => setCurrentDetails(`${doing}…`);

  /** Undoes a change set after a permanent refusal; says what is now true. Runs even if the run is cancelled. */
  const compensate = (saga: Saga, changeSetId: string, changedFields: string[], why: string, detail: string) =>
    CancellationScope.nonCancellable(async () => {
      const failed = await saga.compensate();
      if (!failed.length) return end('COMPENSATED', { reason: why, detail, changedFields, changeSetId });
      const status = await reads.changeSetStatus({ changeSetId });
      if (status === 'NOTIFIED') return end('UPDATED', { changedFields, changeSetId });
      return end('FAILED', {
        reason: 'COMPENSATION_BLOCKED',
        detail: `${why}; the update could not be undone`,
        changedFields,
        changeSetId,
      });
    });

  const run = async (): Promise<TraineeResult> => {
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
    if (placement.shapeProblems?.length) {
      rowRef = undefined;
      return await end('HELD', {
        reason: UNEXPECTED_TIS_DOCUMENT,
        detail: `TIS person ${match.personId}: ${placement.shapeProblems.join('; ')}. Correct the record in TIS, then resync`,
      });
    }
    settle(placement.index, true);
    if (placement.index === undefined) {
      rowRef = undefined;
      return await end('SKIPPED', { reason: placement.skipReason ?? 'NO_PLACEMENT' });
    }
    // The spec: when the winner's post has no placement covering the date, the next eligible row is tried.
    winner = eligible[placement.index];
    rowRef = { file: winner.file, line: winner.line };
    trust = winner.trust;

    // One run per trainee at a time: a resync and a daily run (different workflow ids) take turns, for a while.
    const waitUntil = Date.now() + (input.leaseWaitMaxMs ?? DEFAULT_LEASE_WAIT_MAX_MS);
    for (let wait = 2_000; ; wait = Math.min(wait * 2, 60_000)) {
      const lease = await reads.acquireTrainee.executeWithOptions({ summary: `take ESR person ${esrPersonId}` }, [
        { esrPersonId },
      ]);
      if (lease.acquired) break;
      if (Date.now() >= waitUntil && patched(LEASE_WAIT_CAP_PATCH)) {
        return await end('HELD', {
          reason: FailureType.TraineeBusy,
          detail: `${lease.heldBy} kept this trainee past the wait; resync once it has ended`,
        });
      }
      step(`waiting: ${lease.heldBy} is working on this trainee (one run per trainee at a time)`);
      await sleep(Math.min(wait, Math.max(waitUntil - Date.now(), 1)));
    }
    leased = true;

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
            // A resync reports what it did: a trainee already up to date is NO_CHANGE, whoever applied the change.
            adoptApplied: input.kind === 'DAILY',
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
      const changedFields = diff.changedFields;
      const fields = changedFields.join(', ');
      // Registered before the update: an update that wrote and then failed for good is still undone.
      const saga = new Saga();
      saga.add('revertUpdate', () =>
        write.revertUpdate.executeWithOptions({ summary: `undo the update of TIS ${match.personId}` }, [
          { changeSetId, reason: 'notification refused' },
        ]),
      );
      applying = { changeSetId, changedFields };
      if (!diff.adopted) {
        step(`updating TIS ${match.personId}: ${fields}`);
        try {
          await write.updatePerson.executeWithOptions({ summary: `update TIS ${match.personId}: ${fields}` }, [
            { changeSetId },
          ]);
        } catch (err) {
          if (isCancellation(err)) throw err;
          // A version conflict wrote nothing: re-read and re-diff.
          if (failureType(err) === FailureType.VersionConflict && attempt < MAX_DIFF_ATTEMPTS) {
            applying = undefined;
            continue;
          }
          if (failureType(err) === FailureType.VersionConflict) throw err;
          return await compensate(
            saga,
            changeSetId,
            changedFields,
            failureType(err) ?? 'UPDATE_FAILED',
            failureDetail(err),
          );
        }
      }
      try {
        step(`notifying the change of TIS ${match.personId}`);
        const sent = await deliver.notifyChange.executeWithOptions(
          { summary: `notify the change of TIS ${match.personId}` },
          [{ changeSetId }],
        );
        if (!sent.delivered) {
          return await end('UPDATED', {
            reason: NOTIFICATION_PENDING,
            detail: 'NOTIFY_URL is not set: the change event waits in the outbox and is sent once it is',
            changedFields,
            conflictFields: diff.conflictFields,
            changeSetId,
          });
        }
      } catch (err) {
        if (isCancellation(err)) throw err;
        const why = failureType(err);
        if (why === FailureType.NotificationRefused) {
          return await compensate(saga, changeSetId, changedFields, why, failureDetail(err));
        }
        // Not a refusal (an hour of 5xx or timeouts, say): the receiver may have it. Never undone; the relay carries on.
        log.warn('change event not delivered yet; left to the outbox relay', { esrPersonId, failure: why });
        if (patched(DELIVERY_STATE_READ_PATCH)) {
          // The relay may have delivered it, or compensated a refusal, meanwhile: say what is true now.
          const status = await reads.changeSetStatus({ changeSetId });
          if (status === 'NOTIFIED')
            return await end('UPDATED', { changedFields, conflictFields: diff.conflictFields, changeSetId });
          if (status === 'COMPENSATED')
            return await end('COMPENSATED', { reason: FailureType.NotificationRefused, changedFields, changeSetId });
          if (status !== 'APPLIED')
            return await end('FAILED', {
              reason: why ?? 'NOTIFY_FAILED',
              detail: `the change set is ${status}: ${failureDetail(err)}`,
              changedFields,
              changeSetId,
            });
        }
        return await end('UPDATED', {
          reason: NOTIFICATION_PENDING,
          detail: `not delivered yet (${why ?? 'timed out'}); the outbox relay keeps sending it with the same eventId`,
          changedFields,
          conflictFields: diff.conflictFields,
          changeSetId,
        });
      }
      return await end('UPDATED', { changedFields, conflictFields: diff.conflictFields, changeSetId });
    }
  };

  try {
    return await run();
  } catch (err) {
    if (!isCancellation(err)) {
      return await end('FAILED', { reason: failureType(err) ?? 'ACTIVITY_FAILED', detail: failureDetail(err) });
    }
    // Cancelled (from the Web UI, or with its daily run): say truthfully what is left behind, then end cancelled.
    await CancellationScope.nonCancellable(async () => {
      const current = applying;
      const status = current ? await reads.changeSetStatus({ changeSetId: current.changeSetId }) : undefined;
      const changedFields = current?.changedFields ?? [];
      const changeSetId = current?.changeSetId;
      if (status === 'APPLIED' || status === 'NOTIFIED') {
        await record('CANCELLED', {
          reason: 'CANCELLED_AFTER_UPDATE',
          detail: `the update stands; its change event ${status === 'NOTIFIED' ? 'was delivered' : 'is sent by the outbox relay'}`,
          changedFields,
          changeSetId,
        });
      } else if (status === 'COMPENSATED') {
        await record('COMPENSATED', { reason: FailureType.NotificationRefused, changedFields, changeSetId });
      } else {
        await record('CANCELLED', { reason: 'CANCELLED', detail: 'cancelled before any change reached TIS' });
      }
    });
    throw err;
  } finally {
    if (leased) {
      // The outcome is recorded: a lease left behind is taken over once this run has closed, so never fail for it.
      await CancellationScope.nonCancellable(() =>
        reads.releaseTrainee
          .executeWithOptions({ summary: `free ESR person ${esrPersonId}` }, [{ esrPersonId }])
          .catch((err: unknown) => {
            if (isCancellation(err)) throw err;
            log.warn('the trainee lease could not be released; it is taken over once this run has closed', {
              esrPersonId,
              failure: failureType(err),
            });
          }),
      );
    }
  }
}
