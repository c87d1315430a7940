/**
 * The operating contract's result of a daily run (spec, "Operating contract"): exactly these keys, so that
 * operators' scripts and acceptance checks keep working across releases. An expected office that sent no file is
 * `{ name: <office>, status: "MISSING" }`; a file held for approval is AWAITING_APPROVAL, its reasons as `reason`.
 */
import type { DayFileStatus, IngestedFile } from '../../activities/ingest-extracts';
import type { OutcomeCounts } from '../../src/run-counts';
import type { DailyRunResult } from '../../workflows/esr-daily-run';

export interface RunSummaryFile {
  name: string;
  status: DayFileStatus;
  rows?: number;
  reason?: string;
}

export interface RunSummary {
  workflowId: string;
  date: string;
  counts: OutcomeCounts;
  files: RunSummaryFile[];
}

export function summaryFile(f: IngestedFile): RunSummaryFile {
  if (f.status === 'MISSING') return { name: f.name, status: f.status };
  const reason = f.status === 'AWAITING_APPROVAL' ? f.hold?.reasons.join('; ') : f.reason;
  return { name: f.name, status: f.status, rows: f.rows, ...(reason ? { reason } : {}) };
}

export function runSummary(workflowId: string, result: DailyRunResult): RunSummary {
  const t = result.counts.total;
  return {
    workflowId,
    date: result.extractDate,
    counts: {
      UPDATED: t.UPDATED,
      NO_CHANGE: t.NO_CHANGE,
      SKIPPED: t.SKIPPED,
      HELD: t.HELD,
      COMPENSATED: t.COMPENSATED,
      FAILED: t.FAILED,
    },
    files: result.files.map(summaryFile),
  };
}

/** One line per file for operators: what happened to it, and why when it needs them. */
export function fileLine(f: IngestedFile, opts: { rowErrors?: boolean } = {}): string {
  if (f.status === 'MISSING') return `${f.name}: MISSING (no file from this local office for the date)`;
  const rows = `${f.rows} rows${opts.rowErrors ? ` read, ${f.rowErrors} unreadable lines` : ''}`;
  const h = f.hold;
  if (f.status === 'AWAITING_APPROVAL')
    return `${f.name}: AWAITING_APPROVAL, ${rows}, until ${h?.deadline ?? '?'}: ${h?.reasons.join('; ') ?? ''}`;
  const decided =
    h?.decision === 'APPROVED'
      ? ` (held as a mass change, approved by ${h.decidedBy} at ${h.decidedAt}${h.decisionReason ? `: ${h.decisionReason}` : ''})`
      : '';
  return `${f.name}: ${f.status}, ${rows}${f.reason ? ` (${f.reason})` : ''}${decided}`;
}

export function runSummaryText(
  result: DailyRunResult,
  workflowId: string,
  opts: { cancelled?: boolean; uiUrl?: string } = {},
): string {
  const s = runSummary(workflowId, result);
  const c = s.counts;
  const trainees = Object.values(c).reduce((sum, n) => sum + n, 0);
  return [
    `${s.date}: run ${s.workflowId} ${opts.cancelled ? 'was cancelled by an operator' : 'completed'}`,
    `  ${trainees} trainees: ${c.UPDATED} updated, ${c.NO_CHANGE} unchanged, ${c.SKIPPED} skipped, ` +
      `${c.HELD} held for review, ${c.COMPENSATED} compensated, ${c.FAILED} failed`,
    ...(result.files.some((f) => f.status !== 'MISSING') ? [] : ['  no extract files for this date in the inbox']),
    ...result.files.map((f) => `  ${fileLine(f)}`),
    ...(result.reportsIndex ? [`  reports: ${result.reportsIndex}`] : []),
    ...(opts.uiUrl ? [`  ${opts.uiUrl}`] : []),
  ].join('\n');
}
