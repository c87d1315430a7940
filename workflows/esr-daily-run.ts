import {
  allHandlersFinished,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  executeChild,
  log,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { IngestedFile } from '../activities/ingest-extracts';
import { emptyRunCounts, countedTrainees, tally, type RunCounts } from '../src/run-counts';
import { EsrExtractDate, EsrPersonId, EsrRunKind, EsrTrust } from '../src/search-attributes';
import { traineeRunId } from '../src/workflow-ids';
import { ingest, store } from './activity-profiles';
import { esrTrainee } from './esr-trainee';
import { failureDetail, failureType } from './failure-type';

export interface DailyRunInput {
  /** YYYY-MM-DD: the extract date whose inbox files are applied. */
  extractDate: string;
  /** Children running at once (a sliding window); well under Temporal's 2,000 pending children. */
  concurrency?: number;
  /** Trainee ids fetched per page. */
  pageSize?: number;
  /** History length after which the run continues as new (Temporal cuts histories at 51,200 events). */
  continueAsNewAfterEvents?: number;
  /** Carried across continue-as-new; absent on the first run. */
  carried?: DailyRunCarried;
}

export interface DailyRunCarried {
  /** Pages of trainees planned for this date, and the next one to run. */
  pages: number;
  nextPage: number;
  files: IngestedFile[];
  counts: RunCounts;
  continuedAsNew: number;
  cancelled: boolean;
}

export interface DailyRunResult {
  extractDate: string;
  counts: RunCounts;
  files: IngestedFile[];
  trainees: number;
  cancelled: boolean;
  continuedAsNew: number;
}

export interface DailyRunProgress extends DailyRunResult {
  inFlight: number;
  done: boolean;
}

export const progressQuery = defineQuery<DailyRunProgress>('progress');
/** Stops starting new trainees; those already running finish, and the run ends with what it counted. */
export const cancelRunSignal = defineSignal<[{ reason?: string }]>('cancelRun');

/**
 * The daily run for one extract date: records the day's files, then runs one child per trainee in a sliding
 * window, paging through trainee ids and continuing as new before the history grows large. Child IDs are
 * deterministic per date and person, so a re-run never works on the same trainee twice at once.
 */
export async function esrDailyRun(input: DailyRunInput): Promise<DailyRunResult> {
  const { extractDate } = input;
  const concurrency = input.concurrency ?? 50;
  const pageSize = input.pageSize ?? 200;
  const continueAfter = input.continueAsNewAfterEvents ?? 10_000;
  const state: DailyRunCarried = input.carried ?? {
    pages: 0,
    nextPage: 0,
    files: [],
    counts: emptyRunCounts(),
    continuedAsNew: 0,
    cancelled: false,
  };
  const inFlight = new Set<Promise<void>>();
  let done = false;

  const snapshot = (): DailyRunResult => ({
    extractDate,
    counts: state.counts,
    files: state.files,
    trainees: countedTrainees(state.counts),
    cancelled: state.cancelled,
    continuedAsNew: state.continuedAsNew,
  });
  setHandler(progressQuery, () => ({ ...snapshot(), inFlight: inFlight.size, done }));
  setHandler(cancelRunSignal, ({ reason }) => {
    log.info('run cancelled by an operator', { reason });
    state.cancelled = true;
  });

  if (!input.carried) {
    const { files } = await ingest.ingestExtracts({ extractDate });
    state.files = files;
    state.pages = (await ingest.planTrainees({ extractDate, pageSize })).pages;
    await ingest.prepareMatchCandidates({ extractDate });
    const trusts = [...new Set(files.flatMap((f) => f.trusts))].sort();
    upsertSearchAttributes([
      { key: EsrExtractDate, value: extractDate },
      { key: EsrRunKind, value: 'DAILY' },
      { key: EsrTrust, value: trusts },
    ]);
  }

  const runTrainee = async (esrPersonId: string): Promise<void> => {
    try {
      const result = await executeChild(esrTrainee, {
        workflowId: traineeRunId(extractDate, esrPersonId),
        args: [{ extractDate, esrPersonId, kind: 'DAILY' }],
        typedSearchAttributes: [
          { key: EsrExtractDate, value: extractDate },
          { key: EsrPersonId, value: esrPersonId },
          { key: EsrRunKind, value: 'DAILY' },
        ],
      });
      tally(state.counts, result.trust, result.outcome, result.reason);
    } catch (err) {
      const reason =
        err instanceof WorkflowExecutionAlreadyStartedError ? 'ALREADY_RUNNING' : (failureType(err) ?? 'CHILD_FAILED');
      log.warn('trainee run failed', { esrPersonId, reason, detail: failureDetail(err) });
      tally(state.counts, 'UNKNOWN', 'FAILED', reason);
    }
  };

  let queue: string[] = [];
  while (!state.cancelled) {
    if (queue.length === 0 && state.nextPage < state.pages) {
      const info = workflowInfo();
      if (info.continueAsNewSuggested || info.historyLength > continueAfter) {
        // Running children do not carry over: finish the window, then start afresh from the next page.
        await Promise.all(inFlight);
        await condition(allHandlersFinished);
        state.continuedAsNew += 1;
        await continueAsNew<typeof esrDailyRun>({ ...input, carried: state });
      }
      queue = (await store.listTrainees({ extractDate, page: state.nextPage })).esrPersonIds;
      state.nextPage += 1;
      continue;
    }
    if (queue.length === 0) break;
    if (inFlight.size >= concurrency) {
      await Promise.race(inFlight);
      continue;
    }
    const esrPersonId = queue.shift()!;
    const p: Promise<void> = runTrainee(esrPersonId).finally(() => inFlight.delete(p));
    inFlight.add(p);
  }
  await Promise.all(inFlight);
  done = true;
  const result = snapshot();
  upsertMemo({ files: state.files.map((f) => `${f.name}: ${f.status}`), counts: state.counts.total });
  await condition(allHandlersFinished);
  return result;
}
