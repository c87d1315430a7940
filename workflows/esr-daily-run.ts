import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  defineUpdate,
  executeChild,
  isCancellation,
  log,
  ParentClosePolicy,
  patched,
  setCurrentDetails,
  setHandler,
  sleep,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { DecideHeldFileResult } from '../activities/decide-held-file';
import type { IngestedFile, SettlingFile } from '../activities/ingest-extracts';
import { emptyRunCounts, countedTrainees, tally, type RunCounts } from '../src/run-counts';
import { EsrExtractDate, EsrPersonId, EsrRunKind, EsrTrust } from '../src/search-attributes';
import { dailyRunDetails, traineeStaticDetails, traineeSummary } from '../src/ui-metadata';
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
  /** How long a trainee waits for another run of it (a resync) before ending HELD; the trainee's default if unset. */
  leaseWaitMaxMs?: number;
  /** How long a file still being written is waited for before it is listed as not read; 30 minutes by default. */
  fileSettleMaxMs?: number;
  /** Carried across continue-as-new; absent on the first run. */
  carried?: DailyRunCarried;
}

/** A file held by the mass-change check, as the run tracks it until an operator (or the timeout) decides. */
export interface HeldFileState {
  id: string;
  name: string;
  reasons: string[];
  /** Workflow time (ms since the epoch) at which it is rejected if nobody decides. */
  deadline: number;
  state: 'AWAITING_APPROVAL' | 'DECIDING' | 'APPROVED' | 'REJECTED';
}

export interface DailyRunCarried {
  /** Pages of trainees planned for this date, and the next one to run. */
  pages: number;
  nextPage: number;
  files: IngestedFile[];
  counts: RunCounts;
  continuedAsNew: number;
  cancelled: boolean;
  /** Files held for approval; absent in runs continued from before the mass-change hold. */
  holds?: HeldFileState[];
  /** A decision released trainees not planned yet. */
  replan?: boolean;
  /** APPROVAL_TIMEOUT as the mass-change check reported it, to word a rejection for want of a decision. */
  approvalTimeoutMs?: number;
}

export interface DailyRunResult {
  extractDate: string;
  counts: RunCounts;
  files: IngestedFile[];
  trainees: number;
  cancelled: boolean;
  continuedAsNew: number;
  /** The day's report index (REPORTS_DIR/<date>.html), once written. */
  reportsIndex?: string;
}

export interface DailyRunProgress extends DailyRunResult {
  inFlight: number;
  done: boolean;
}

/** An operator's decision on a file held for approval (`esr approve|reject`). */
export interface FileDecisionInput {
  /** The file's name, e.g. DE_EOE_RMC_20261125_00000001.DAT. */
  file: string;
  decision: 'APPROVE' | 'REJECT';
  /** Who decides: the operator's user name, kept for audit. */
  by: string;
  /** Why, for the audit and the file's listing (no personal data: stored unencrypted). */
  reason?: string;
}

export interface FileDecisionResult {
  file: string;
  decision: 'APPROVED' | 'REJECTED';
  by: string;
  decidedAt: string;
}

export const progressQuery = defineQuery<DailyRunProgress>('progress');
/** Stops starting new trainees; those already running finish, and the run ends with what it counted. */
export const cancelRunSignal = defineSignal<[{ reason?: string }]>('cancelRun');
/**
 * Approves or rejects a file held for approval. Its validator refuses, before anything enters the history, a file
 * that is not waiting (a wrong name, one never held, or one decided already); the answer comes once the decision
 * is recorded.
 */
export const decideFileUpdate = defineUpdate<FileDecisionResult, [FileDecisionInput]>('decideFile');

const MAX_REASON_LENGTH = 500;
/** The patch that starts trainees with ParentClosePolicy.ABANDON (runbook 9). */
export const TRAINEES_ABANDONED_PATCH = 'trainees-abandoned';
/** A timeout whose rejection could not be recorded is tried again this much later. */
const DECISION_RETRY_MS = 5 * 60_000;
/** The patch after which a cancelled run closes only once its running trainees have (runbook 9). */
export const AWAIT_CHILDREN_ON_CANCEL_PATCH = 'await-children-on-cancel';
/** The patch after which a trainee still running from a cancelled run of the date is waited for, then started. */
export const ALREADY_RUNNING_RETRY_PATCH = 'already-running-retry';
/** How often, and how far apart, a trainee still running from an earlier run of the date is tried again. */
const ALREADY_RUNNING_TRIES = 60;
const ALREADY_RUNNING_RETRY_MS = 10_000;
const DEFAULT_FILE_SETTLE_MAX_MS = 30 * 60_000;

function describeDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}

/**
 * Files found still being written are waited for with a durable timer and read by this same run, up to `maxMs`;
 * one still not settled then is listed REJECTED (not recorded, so running the date again reads it). The result
 * names every file for the date that was found in the inbox.
 */
async function readSettlingFiles(
  extractDate: string,
  first: { files: IngestedFile[]; settling?: SettlingFile[] },
  maxMs: number,
): Promise<IngestedFile[]> {
  let files = first.files;
  const giveUpAt = Date.now() + maxMs;
  for (let settling = first.settling ?? []; settling.length;) {
    const names = settling.map((f) => f.name);
    if (Date.now() >= giveUpAt) {
      files = [...files, ...names.map((name) => stillBeingWritten(name, maxMs))];
      break;
    }
    setCurrentDetails(`waiting for ${names.length} file(s) still being written: ${names.join(', ')}`);
    await sleep(Math.min(Math.max(...settling.map((f) => f.waitMs)), Math.max(giveUpAt - Date.now(), 1)));
    const again = await ingest.ingestExtracts.executeWithOptions(
      { summary: `read ${names.length} file(s) once written` },
      [{ extractDate, only: names }],
    );
    files = [...files, ...again.files];
    settling = again.settling ?? [];
  }
  // Listed as ever: misnamed and dated files first, expected offices with no file last.
  return [...files.filter((f) => f.status !== 'MISSING'), ...files.filter((f) => f.status === 'MISSING')];
}

function stillBeingWritten(name: string, maxMs: number): IngestedFile {
  return {
    name,
    status: 'REJECTED',
    rows: 0,
    rowErrors: 0,
    trusts: [],
    alreadyRecorded: false,
    reason: `still being written after ${describeDuration(maxMs)}, so not read; run the date again once it is complete`,
  };
}

/**
 * Starts a trainee's child, waiting while the same trainee's child of an earlier run of the date still runs (a
 * cancelled run's trainee finishing its cancellation, say) rather than counting it FAILED at once.
 */
async function startWhenFree<T>(start: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await start();
    } catch (err) {
      const busy = err instanceof WorkflowExecutionAlreadyStartedError;
      if (!busy || tries >= ALREADY_RUNNING_TRIES || !patched(ALREADY_RUNNING_RETRY_PATCH)) throw err;
      await sleep(ALREADY_RUNNING_RETRY_MS);
    }
  }
}

/**
 * The daily run for one extract date: records the day's files, holds back any file that would change far more
 * than usual until an operator decides, then runs one child per trainee in a sliding window, paging through
 * trainee ids and continuing as new before the history grows large. Child IDs are deterministic per date and
 * person, so a re-run never works on the same trainee twice at once. Ends by writing the trusts' reports.
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
  state.holds ??= [];
  const holds = state.holds;
  const inFlight = new Set<Promise<void>>();
  let done = false;
  let reportsIndex: string | undefined;

  const snapshot = (): DailyRunResult => ({
    extractDate,
    counts: state.counts,
    files: state.files,
    trainees: countedTrainees(state.counts),
    cancelled: state.cancelled,
    continuedAsNew: state.continuedAsNew,
    ...(reportsIndex ? { reportsIndex } : {}),
  });
  /** The live picture for the Web UI (no history event); the memo, which is one, only when files change. */
  const showDetails = () => setCurrentDetails(dailyRunDetails({ ...snapshot(), inFlight: inFlight.size, done }));
  const showFiles = () => {
    upsertMemo({
      files: state.files.map((f) =>
        f.status === 'AWAITING_APPROVAL'
          ? `${f.name}: AWAITING_APPROVAL until ${f.hold?.deadline ?? '?'} (${f.hold?.reasons.join('; ') ?? ''})`
          : `${f.name}: ${f.status}${f.reason ? ` (${f.reason})` : ''}`,
      ),
      counts: state.counts.total,
    });
    showDetails();
  };
  /** The day's files are read and checked (holds known): decisions can be taken. */
  let checked = Boolean(input.carried);
  const waiting = () => holds.filter((h) => h.state === 'AWAITING_APPROVAL' || h.state === 'DECIDING');
  const deciding = () => holds.some((h) => h.state === 'DECIDING');

  setHandler(progressQuery, () => ({ ...snapshot(), inFlight: inFlight.size, done }));
  // Anyone with the UI or the temporal CLI can send this, with any input or none: checked, never destructured blind
  // (a throw here would fail every workflow task from now on), and free text never logged (only a note reference).
  setHandler(cancelRunSignal, (input?: { reason?: unknown }) => {
    const reason = typeof input?.reason === 'string' ? input.reason : undefined;
    log.info('run cancelled by an operator', {
      reason: reason === undefined || reason.startsWith('note:') ? reason : '(free text, not logged)',
    });
    state.cancelled = true;
    showDetails();
  });

  /** Records a decision on a held file, then lets its trainees be planned. */
  const decide = async (
    hold: HeldFileState,
    decision: 'APPROVED' | 'REJECTED',
    by: string,
    reason?: string,
    timedOut = false,
  ): Promise<DecideHeldFileResult> => {
    hold.state = 'DECIDING';
    try {
      const result = await ingest.decideHeldFile.executeWithOptions(
        { summary: `${decision === 'APPROVED' ? 'approve' : 'reject'} held file ${hold.name}` },
        [{ extractDate, id: hold.id, name: hold.name, decision, by, ...(reason ? { reason } : {}), timedOut }],
      );
      hold.state = result.decision;
      state.files = state.files.map((f) =>
        f.name !== hold.name
          ? f
          : {
              ...f,
              status: result.decision === 'APPROVED' ? 'APPLIED' : 'REJECTED',
              ...(result.fileReason ? { reason: result.fileReason } : {}),
              hold: {
                reasons: hold.reasons,
                decision: result.decision,
                decidedBy: result.by,
                decidedAt: result.decidedAt,
                ...(reason ? { decisionReason: reason } : {}),
              },
            },
      );
      state.replan = true;
      log.info('held file decided', { file: hold.name, decision: result.decision, by: result.by });
      showFiles();
      return result;
    } catch (err) {
      hold.state = 'AWAITING_APPROVAL';
      throw err;
    }
  };

  /** Why a decision on `file` cannot be taken now, or undefined when the file waits for one. */
  const refusal = (file: string): string | undefined => {
    const hold = holds.find((h) => h.name === file);
    if (hold?.state === 'AWAITING_APPROVAL') return undefined;
    if (hold?.state === 'DECIDING') return `${file} is being decided already`;
    const listed = state.files.find((f) => f.name === file);
    if (hold || listed?.hold?.decision) {
      const h = listed?.hold;
      return (
        `${file} was already ${h?.decision ?? hold?.state} ` +
        `${h?.decidedBy ? `by ${h.decidedBy} ` : ''}${h?.decidedAt ? `at ${h.decidedAt}` : ''}; a decision is final`
      );
    }
    const open = waiting().map((h) => h.name);
    return listed
      ? `${file} is not waiting for approval (${listed.status})`
      : `no file ${file} in the run of ${extractDate}; waiting for approval: ${open.join(', ') || 'none'}`;
  };

  setHandler(
    decideFileUpdate,
    async ({ file, decision, by, reason }) => {
      await condition(() => checked);
      const refused = refusal(file);
      if (refused) throw ApplicationFailure.create({ type: 'DecisionRefused', message: refused, nonRetryable: true });
      const hold = holds.find((h) => h.name === file)!;
      try {
        const result = await decide(hold, decision === 'APPROVE' ? 'APPROVED' : 'REJECTED', by.trim(), reason);
        return { file, decision: result.decision, by: result.by, decidedAt: result.decidedAt };
      } catch (err) {
        throw ApplicationFailure.create({
          type: 'DecisionNotRecorded',
          message: `${file}: the decision could not be recorded (${failureType(err) ?? 'activity failed'}); try again`,
          nonRetryable: true,
        });
      }
    },
    {
      validator: ({ file, decision, by, reason }) => {
        if (decision !== 'APPROVE' && decision !== 'REJECT') throw new Error('the decision is APPROVE or REJECT');
        if (state.cancelled)
          throw new Error(`the run of ${extractDate} was cancelled; run the date again, then decide on ${file}`);
        if (!by?.trim()) throw new Error('who decides is required (by)');
        if (reason && reason.length > MAX_REASON_LENGTH)
          throw new Error(`the reason is at most ${MAX_REASON_LENGTH} characters`);
        // While the run still reads and checks its files, the decision waits for the check (the handler).
        if (!checked) return;
        const refused = refusal(file);
        if (refused) throw new Error(refused);
      },
    },
  );

  /** Waits for an operator's decision; past the deadline, rejects the file. */
  const awaitDecision = async (hold: HeldFileState): Promise<void> => {
    try {
      // Until the hold is final: a decision that could not be recorded puts the file back to waiting, with its timer.
      for (;;) {
        if (hold.state === 'APPROVED' || hold.state === 'REJECTED') return;
        if (hold.state === 'DECIDING') {
          await condition(() => hold.state !== 'DECIDING');
          continue;
        }
        const remaining = Math.max(hold.deadline - Date.now(), 1);
        if (await condition(() => hold.state !== 'AWAITING_APPROVAL', remaining)) continue;
        try {
          const within = describeDuration(state.approvalTimeoutMs ?? 0);
          await decide(hold, 'REJECTED', 'timeout', `not decided within ${within}`, true);
          return;
        } catch (err) {
          if (isCancellation(err)) throw err;
          log.warn('a held file past its deadline could not be rejected', {
            file: hold.name,
            failure: failureType(err),
          });
          hold.deadline = Date.now() + DECISION_RETRY_MS;
        }
      }
    } catch (err) {
      // The run itself was cancelled (from the UI, say): the file stays held, and a re-run holds it again.
      if (!isCancellation(err)) throw err;
    }
  };

  if (!input.carried) {
    const ingested = await ingest.ingestExtracts.executeWithOptions({ summary: `read the inbox for ${extractDate}` }, [
      { extractDate },
    ]);
    const files = await readSettlingFiles(extractDate, ingested, input.fileSettleMaxMs ?? DEFAULT_FILE_SETTLE_MAX_MS);
    state.files = files;
    const unchecked = files.filter((f) => f.unchecked).map((f) => f.name);
    const prepared = await ingest.prepareMatchCandidates.executeWithOptions(
      { summary: `one pass over TIS people: match candidates; what ${unchecked.length} new file(s) would change` },
      [{ extractDate, profileFiles: unchecked }],
    );
    const accepted = files.flatMap((f) =>
      f.id && (f.status === 'APPLIED' || f.status === 'AWAITING_APPROVAL') ? [{ id: f.id, name: f.name }] : [],
    );
    const checked = await ingest.holdUnusualFiles.executeWithOptions(
      { summary: `mass-change check of ${accepted.length} file(s)` },
      [{ extractDate, files: accepted, profiles: prepared.profiles, linkedByTrust: prepared.linkedByTrust }],
    );
    state.approvalTimeoutMs = checked.approvalTimeoutMs;
    const now = Date.now();
    for (const h of checked.held) {
      holds.push({ ...h, deadline: now + checked.approvalTimeoutMs, state: 'AWAITING_APPROVAL' });
      log.warn('file held for approval', { file: h.name, reasons: h.reasons });
    }
    state.files = state.files.map((f) => {
      const hold = holds.find((h) => h.name === f.name);
      return hold
        ? {
            ...f,
            status: 'AWAITING_APPROVAL',
            hold: { reasons: hold.reasons, deadline: new Date(hold.deadline).toISOString() },
          }
        : f;
    });
    state.pages = (
      await ingest.planTrainees.executeWithOptions({ summary: 'plan the trainees' }, [
        { extractDate, pageSize, waitingFiles: waiting().map((h) => h.name) },
      ])
    ).pages;
    const trusts = [...new Set(files.flatMap((f) => f.trusts))].sort();
    upsertSearchAttributes([
      { key: EsrExtractDate, value: extractDate },
      { key: EsrRunKind, value: 'DAILY' },
      { key: EsrTrust, value: trusts },
    ]);
    showFiles();
  }
  checked = true;
  for (const hold of waiting()) void awaitDecision(hold);

  const runTrainee = async (esrPersonId: string, trusts: string): Promise<void> => {
    const identity = { esrPersonId, trusts, extractDate, kind: 'DAILY' as const };
    try {
      // A run that fails (MongoDB away while a page is read, say) must not kill trainees between update and
      // notification: they are idempotent and finish on their own. Runs of the previous release keep the default.
      const abandon = patched(TRAINEES_ABANDONED_PATCH);
      const start = () =>
        executeChild(esrTrainee, {
          workflowId: traineeRunId(extractDate, esrPersonId),
          ...(abandon ? { parentClosePolicy: ParentClosePolicy.ABANDON } : {}),
          args: [
            {
              extractDate,
              esrPersonId,
              kind: 'DAILY',
              ...(input.leaseWaitMaxMs ? { leaseWaitMaxMs: input.leaseWaitMaxMs } : {}),
            },
          ],
          typedSearchAttributes: [
            { key: EsrExtractDate, value: extractDate },
            { key: EsrPersonId, value: esrPersonId },
            { key: EsrRunKind, value: 'DAILY' },
          ],
          staticSummary: traineeSummary(identity),
          staticDetails: traineeStaticDetails(identity, `daily run ${workflowInfo().workflowId}`),
        });
      const result = await startWhenFree(start);
      tally(state.counts, result.trust, result.outcome, result.reason, result.skippedRows ?? []);
    } catch (err) {
      const reason =
        err instanceof WorkflowExecutionAlreadyStartedError
          ? 'ALREADY_RUNNING'
          : isCancellation(err)
            ? 'CANCELLED'
            : (failureType(err) ?? 'CHILD_FAILED');
      log.warn('trainee run failed', { esrPersonId, reason, detail: failureDetail(err) });
      tally(state.counts, 'UNKNOWN', 'FAILED', reason);
    }
    showDetails();
  };

  let queue: { esrPersonId: string; trusts: string }[] = [];
  try {
    await runPages();
  } catch (err) {
    // Cancelled (from the Web UI, say): close only once the running trainees have, so that a re-run of the date at
    // once starts every trainee afresh instead of meeting one still running.
    if (isCancellation(err) && patched(AWAIT_CHILDREN_ON_CANCEL_PATCH)) {
      await CancellationScope.nonCancellable(() => Promise.all(inFlight));
    }
    throw err;
  }
  async function runPages(): Promise<void> {
    while (!state.cancelled) {
      if (queue.length === 0 && state.replan) {
        // A decision released trainees: plan them after the pages already planned.
        state.replan = false;
        const added = await ingest.planTrainees.executeWithOptions(
          { summary: 'plan the trainees a decision released' },
          [{ extractDate, pageSize, firstPage: state.pages, waitingFiles: waiting().map((h) => h.name) }],
        );
        state.pages += added.pages;
        continue;
      }
      if (queue.length === 0 && state.nextPage < state.pages) {
        const info = workflowInfo();
        if (info.continueAsNewSuggested || info.historyLength > continueAfter) {
          // Running children do not carry over: finish the window, then start afresh from the next page.
          await Promise.all(inFlight);
          await condition(() => allHandlersFinished() && !deciding());
          state.continuedAsNew += 1;
          await continueAsNew<typeof esrDailyRun>({ ...input, carried: state });
        }
        const page = await store.listTrainees.executeWithOptions({ summary: `trainees, page ${state.nextPage + 1}` }, [
          { extractDate, page: state.nextPage },
        ]);
        queue = page.esrPersonIds.map((esrPersonId, i) => ({ esrPersonId, trusts: page.trusts?.[i] ?? '' }));
        state.nextPage += 1;
        continue;
      }
      if (queue.length === 0) {
        if (waiting().length === 0) break;
        // Trainees of held files wait for the decision; the others run meanwhile.
        await condition(() => state.replan === true || state.cancelled || waiting().length === 0);
        continue;
      }
      if (inFlight.size >= concurrency) {
        await Promise.race(inFlight);
        continue;
      }
      const next = queue.shift()!;
      const p: Promise<void> = runTrainee(next.esrPersonId, next.trusts).finally(() => inFlight.delete(p));
      inFlight.add(p);
      showDetails();
    }
    await Promise.all(inFlight);
  }
  try {
    const reports = await ingest.writeReports.executeWithOptions({ summary: "write the trusts' reports" }, [
      {
        extractDate,
        files: state.files.map((f) => ({ name: f.name, status: f.status, ...(f.reason ? { reason: f.reason } : {}) })),
        completed: !state.cancelled,
      },
    ]);
    reportsIndex = reports.index;
  } catch (err) {
    // The counts stand without the reports: `esr report --date` writes them again.
    log.warn('the trusts reports could not be written', { failure: failureType(err) ?? failureDetail(err) });
  }
  done = true;
  const result = snapshot();
  showFiles();
  await condition(() => allHandlersFinished() && !deciding());
  return result;
}
