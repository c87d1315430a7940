/**
 * The tally of a daily run: outcomes in total and per trust, and the reasons behind skips and holds.
 * Plain data, so it survives continue-as-new and can be returned by a query.
 */
import { TRAINEE_OUTCOMES, type TraineeOutcome } from './extract/types';

export type OutcomeCounts = Record<TraineeOutcome, number>;

export interface RunCounts {
  total: OutcomeCounts;
  byTrust: Record<string, OutcomeCounts>;
  byReason: Record<string, number>;
}

export const emptyOutcomeCounts = (): OutcomeCounts =>
  Object.fromEntries(TRAINEE_OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;

export const emptyRunCounts = (): RunCounts => ({ total: emptyOutcomeCounts(), byTrust: {}, byReason: {} });

export function tally(counts: RunCounts, trust: string, outcome: TraineeOutcome, reason?: string): void {
  counts.total[outcome] += 1;
  (counts.byTrust[trust] ??= emptyOutcomeCounts())[outcome] += 1;
  if (reason) counts.byReason[`${outcome}:${reason}`] = (counts.byReason[`${outcome}:${reason}`] ?? 0) + 1;
}

export const countedTrainees = (counts: RunCounts): number =>
  TRAINEE_OUTCOMES.reduce((sum, o) => sum + counts.total[o], 0);
