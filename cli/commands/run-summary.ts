/**
 * The operating contract's result of a daily run (spec, "Operating contract"): exactly these keys, so that
 * operators' scripts and acceptance checks keep working across releases.
 */
import type { OutcomeCounts } from '../../src/run-counts';
import type { DailyRunResult } from '../../workflows/esr-daily-run';

export interface RunSummary {
  workflowId: string;
  date: string;
  counts: OutcomeCounts;
  files: { name: string; status: 'APPLIED' | 'REJECTED'; rows: number; reason?: string }[];
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
    files: result.files.map((f) => ({
      name: f.name,
      status: f.status,
      rows: f.rows,
      ...(f.reason ? { reason: f.reason } : {}),
    })),
  };
}

export function runSummaryText(s: RunSummary, opts: { cancelled?: boolean; uiUrl?: string } = {}): string {
  const c = s.counts;
  const trainees = Object.values(c).reduce((sum, n) => sum + n, 0);
  return [
    `${s.date}: run ${s.workflowId} ${opts.cancelled ? 'was cancelled by an operator' : 'completed'}`,
    `  ${trainees} trainees: ${c.UPDATED} updated, ${c.NO_CHANGE} unchanged, ${c.SKIPPED} skipped, ` +
      `${c.HELD} held for review, ${c.COMPENSATED} compensated, ${c.FAILED} failed`,
    ...(s.files.length ? [] : ['  no extract files for this date in the inbox']),
    ...s.files.map((f) => `  ${f.name}: ${f.status}, ${f.rows} rows${f.reason ? ` (${f.reason})` : ''}`),
    ...(opts.uiUrl ? [`  ${opts.uiUrl}`] : []),
  ].join('\n');
}
