/**
 * The tally of a daily run: outcomes in total and per trust, the reasons behind skips and holds, and skipped rows
 * per trust and reason. Plain data, so it survives continue-as-new and can be returned by a query.
 */
import { TRAINEE_OUTCOMES, type TraineeOutcome } from './extract/types';

export type OutcomeCounts = Record<TraineeOutcome, number>;

export interface RunCounts {
  total: OutcomeCounts;
  byTrust: Record<string, OutcomeCounts>;
  /** Trainees per `OUTCOME:REASON`. */
  byReason: Record<string, number>;
  /** Rows not applied, per trust and skip reason (a trainee with three rows may skip two). */
  skippedRows: Record<string, Record<string, number>>;
}

export const emptyOutcomeCounts = (): OutcomeCounts =>
  Object.fromEntries(TRAINEE_OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;

export const emptyRunCounts = (): RunCounts => ({
  total: emptyOutcomeCounts(),
  byTrust: {},
  byReason: {},
  skippedRows: {},
});

export function tally(
  counts: RunCounts,
  trust: string,
  outcome: TraineeOutcome,
  reason?: string,
  skippedRows: readonly { trust: string; reason: string }[] = [],
): void {
  counts.total[outcome] += 1;
  (counts.byTrust[trust] ??= emptyOutcomeCounts())[outcome] += 1;
  if (reason) counts.byReason[`${outcome}:${reason}`] = (counts.byReason[`${outcome}:${reason}`] ?? 0) + 1;
  counts.skippedRows ??= {}; // a run continued from before skipped rows were counted
  for (const row of skippedRows) {
    const byReason = (counts.skippedRows[row.trust] ??= {});
    byReason[row.reason] = (byReason[row.reason] ?? 0) + 1;
  }
}

export const countedTrainees = (counts: RunCounts): number =>
  TRAINEE_OUTCOMES.reduce((sum, o) => sum + counts.total[o], 0);
