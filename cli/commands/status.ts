/** `esr status --date D | --workflow-id ID [--once] [--json]`: a daily run's counts per trust and outcome. */
import type { Client } from '@temporalio/client';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import { TRAINEE_OUTCOMES } from '../../src/extract/types';
import { progressQuery, type DailyRunProgress } from '../../workflows/esr-daily-run';
import { withContext, type CliContext } from './context';
import { extractDate, positiveInt } from './dates';
import { ExitCode } from './errors';
import { columns, print } from './output';
import { fileLine } from './run-summary';
import { runWorkflowId } from './run-target';

export interface RunStatus {
  workflowId: string;
  /** Temporal's status of the latest run in the chain: RUNNING, COMPLETED, FAILED, TERMINATED, … */
  status: string;
  /** Known while the run is running or once it has completed; a failed or terminated run answers no queries. */
  progress?: DailyRunProgress;
}

/** A running run answers the `progress` query; a completed one is read from its result (no worker needed). */
export async function readRunStatus(client: Client, workflowId: string): Promise<RunStatus> {
  const handle = client.workflow.getHandle(workflowId);
  const status = (await handle.describe()).status.name;
  if (status === 'RUNNING') return { workflowId, status, progress: await handle.query(progressQuery) };
  if (status === 'COMPLETED') {
    const result = (await handle.result()) as Omit<DailyRunProgress, 'inFlight' | 'done'>;
    return { workflowId, status, progress: { ...result, inFlight: 0, done: true } };
  }
  return { workflowId, status };
}

function statusText(s: RunStatus): string {
  const p = s.progress;
  if (!p) return `${s.workflowId}: ${s.status} (no counts: the run did not complete; see it in the Temporal UI)`;
  const trusts = Object.keys(p.counts.byTrust).sort();
  const reasons = Object.entries(p.counts.byReason).sort(([a], [b]) => a.localeCompare(b));
  const skipped = skippedRowLines(p);
  return [
    `${s.workflowId}: ${s.status}${p.cancelled ? ' (cancelled by an operator)' : ''}, ${p.trainees} trainees done, ${p.inFlight} in flight`,
    '',
    columns([
      ['trust', ...TRAINEE_OUTCOMES],
      ...trusts.map((t) => [t, ...TRAINEE_OUTCOMES.map((o) => p.counts.byTrust[t][o])]),
      ['total', ...TRAINEE_OUTCOMES.map((o) => p.counts.total[o])],
    ]),
    ...(reasons.length ? ['', 'reasons:', ...reasons.map(([r, n]) => `  ${r} ${n}`)] : []),
    ...(skipped.length ? ['', 'skipped rows:', ...skipped.map((line) => `  ${line}`)] : []),
    '',
    ...(p.files.some((f) => f.status !== 'MISSING') ? ['files:'] : ['no extract files for this date in the inbox']),
    ...p.files.map((f) => `  ${fileLine(f, { rowErrors: true })}`),
    ...(p.reportsIndex ? ['', `reports: ${p.reportsIndex}`] : []),
  ].join('\n');
}

/** Rows not applied per trust, with each reason: `RGT HOST_RECORD 2, SUPERSEDED 1`. */
const skippedRowLines = (p: DailyRunProgress): string[] =>
  Object.entries(p.counts.skippedRows ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([trust, reasons]) =>
        `${trust} ${Object.entries(reasons)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([r, n]) => `${r} ${n}`)
          .join(', ')}`,
    );

/** The day's files as the run recorded them, with the unreadable lines the trusts' reports detail. */
const statusFiles = (p: DailyRunProgress) =>
  p.files.map((f) =>
    f.status === 'MISSING'
      ? { name: f.name, status: f.status }
      : {
          name: f.name,
          status: f.status,
          rows: f.rows,
          rowErrors: f.rowErrors,
          ...(f.reason ? { reason: f.reason } : {}),
          ...(f.hold ? { hold: f.hold } : {}),
        },
  );

const statusJson = (s: RunStatus) => ({
  workflowId: s.workflowId,
  status: s.status,
  ...(s.progress
    ? {
        date: s.progress.extractDate,
        done: s.progress.done,
        cancelled: s.progress.cancelled,
        trainees: s.progress.trainees,
        inFlight: s.progress.inFlight,
        counts: s.progress.counts,
        files: statusFiles(s.progress),
        ...(s.progress.reportsIndex ? { reportsIndex: s.progress.reportsIndex } : {}),
      }
    : {}),
});

/** How many trainees the date has, for the bar's total: the run itself only knows how many it has done. */
async function traineesPlanned(ctx: CliContext, date: string): Promise<number> {
  return (await ctx.store()).personRows.countDocuments({ extractDate: date });
}

export const statusCommand = () =>
  new Command('status')
    .summary("a run's counts per trust and outcome")
    .description(
      "A daily run's counts per trust and outcome, skipped rows per trust and reason, and the day's files (APPLIED, " +
        "REJECTED, MISSING, or AWAITING_APPROVAL with why and until when), from the run's progress query. " +
        'Refreshes with a progress bar until the run ends, then prints them; --once prints them once, now.',
    )
    .option('--date <YYYY-MM-DD>', "that extract date's run", extractDate)
    .option('--workflow-id <id>', 'any daily run by its workflow ID')
    .option('--once', 'print the counts now and stop')
    .option('--interval <seconds>', 'seconds between refreshes', positiveInt, 2)
    .option('--json', 'print one JSON object: { workflowId, status, date, done, trainees, inFlight, counts, files }')
    .action(async (opts: { date?: string; workflowId?: string; once?: boolean; interval: number; json?: boolean }) =>
      withContext(async (ctx) => {
        const workflowId = runWorkflowId(opts);
        const client = await ctx.temporal();
        let s = await readRunStatus(client, workflowId);
        if (!opts.once && s.status === 'RUNNING') {
          const bar =
            opts.json || !process.stderr.isTTY
              ? undefined
              : new SingleBar({ stream: process.stderr, format: '{bar} {value}/{total} trainees | {summary}' });
          let started = false;
          let planned: number | undefined;
          while (s.status === 'RUNNING' && !s.progress?.done) {
            const p = s.progress!;
            const awaiting = p.files.filter((f) => f.status === 'AWAITING_APPROVAL').length;
            const summary =
              TRAINEE_OUTCOMES.map((o) => `${o} ${p.counts.total[o]}`).join(' ') +
              (awaiting ? ` | ${awaiting} file(s) AWAITING_APPROVAL: esr status --once shows why` : '');
            if (bar) {
              // The date's trainees are planned once, before the run starts them: count them once.
              planned ??= await traineesPlanned(ctx, p.extractDate);
              const total = Math.max(planned, p.trainees + p.inFlight);
              if (!started) bar.start(total, p.trainees, { summary });
              started = true;
              bar.setTotal(total);
              bar.update(p.trainees, { summary });
            }
            await new Promise((r) => setTimeout(r, opts.interval * 1000));
            s = await readRunStatus(client, workflowId);
          }
          bar?.stop();
          // Done counting, but the run may still be closing: read the final result when it is there.
          if (s.status === 'RUNNING') s = await waitClosed(client, workflowId);
        }
        print(opts.json, statusJson(s), () => statusText(s));
        if (s.status !== 'RUNNING' && s.status !== 'COMPLETED') process.exitCode = ExitCode.NEEDS_ATTENTION;
      }),
    );

async function waitClosed(client: Client, workflowId: string): Promise<RunStatus> {
  await client.workflow
    .getHandle(workflowId)
    .result()
    .catch(() => undefined);
  return readRunStatus(client, workflowId);
}
