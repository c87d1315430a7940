import type { DataQualityReportInput } from './data-quality-report';

/** One trust's figures for one day, as the portal's trends and ranking count them. */
export interface DayFigures {
  trust: string;
  extractDate: string;
  rowsRead: number;
  /** Lines of the trust's that could not be read at all (not among rowsRead). */
  unreadableLines: number;
  skipped: number;
  skippedByReason: Record<string, number>;
  /** Field findings and unreadable lines, by rule or row-error code. */
  problems: number;
  problemsByRule: Record<string, number>;
  held: number;
  /** Rows with an ESR value not applied because TIS was newer. */
  conflicts: number;
  /** Rows that passed every check and carried no problem: no finding, no conflict, the trainee not held. */
  appliedCleanly: number;
}

/**
 * A day's report input reduced to counts. "Applied cleanly" is the rows that passed the employment and post checks,
 * less those with a field finding or a conflict and the held trainees' (a held trainee counted once, as its rows
 * are one person), never below zero.
 */
export function dayFigures(input: DataQualityReportInput): DayFigures {
  const byRule: Record<string, number> = {};
  for (const f of input.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  for (const e of input.rowErrors) byRule[e.code] = (byRule[e.code] ?? 0) + 1;
  const skippedByReason: Record<string, number> = {};
  for (const [reason, n] of Object.entries(input.skipped)) if (n) skippedByReason[reason] = n;
  const rowsWithProblem = new Set([
    ...input.findings.map((f) => `${f.file}#${f.line}`),
    ...(input.conflicts ?? []).map((c) => `${c.file}#${c.line}`),
  ]);
  const held = input.held?.length ?? 0;
  return {
    trust: input.trust,
    extractDate: input.extractDate,
    rowsRead: input.rowsRead,
    unreadableLines: input.rowErrors.length,
    skipped: Object.values(skippedByReason).reduce((a, b) => a + b, 0),
    skippedByReason,
    problems: input.findings.length + input.rowErrors.length,
    problemsByRule: byRule,
    held,
    conflicts: input.conflicts?.length ?? 0,
    appliedCleanly: Math.max(0, input.eligible - rowsWithProblem.size - held),
  };
}

/** The share of a trust's lines applied cleanly, 0 to 1; undefined when it sent none. */
export function cleanShare(days: readonly Pick<DayFigures, 'rowsRead' | 'unreadableLines' | 'appliedCleanly'>[]) {
  const lines = days.reduce((sum, d) => sum + d.rowsRead + d.unreadableLines, 0);
  return lines ? days.reduce((sum, d) => sum + d.appliedCleanly, 0) / lines : undefined;
}

/** Whether a trust's latest day was better than the one before, by the share of lines applied cleanly. */
export type Trend = 'BETTER' | 'WORSE' | 'SAME' | 'FIRST';

export function trendOf(latest: DayFigures, previous?: DayFigures): Trend {
  const now = cleanShare([latest]);
  const before = previous ? cleanShare([previous]) : undefined;
  if (now === undefined || before === undefined) return 'FIRST';
  // Half a percentage point either way is noise, not a trend.
  if (Math.abs(now - before) < 0.005) return 'SAME';
  return now > before ? 'BETTER' : 'WORSE';
}

/** One line of the office's ranking. */
export interface RankedTrust {
  rank: number;
  trust: string;
  days: number;
  lines: number;
  appliedCleanly: number;
  /** 0 to 1. */
  share: number;
}

/**
 * Trusts ranked by the share of their lines applied cleanly over the days given, lowest first (the ones that need
 * help head the list); ties by trust code. A trust that sent no line is left out.
 */
export function rankTrusts(days: readonly DayFigures[]): RankedTrust[] {
  const byTrust = new Map<string, DayFigures[]>();
  for (const d of days) byTrust.set(d.trust, [...(byTrust.get(d.trust) ?? []), d]);
  return [...byTrust]
    .map(([trust, mine]) => ({
      trust,
      days: new Set(mine.map((d) => d.extractDate)).size,
      lines: mine.reduce((sum, d) => sum + d.rowsRead + d.unreadableLines, 0),
      appliedCleanly: mine.reduce((sum, d) => sum + d.appliedCleanly, 0),
      share: cleanShare(mine),
    }))
    .filter((t): t is Omit<RankedTrust, 'rank'> => t.share !== undefined)
    .sort((a, b) => a.share - b.share || (a.trust < b.trust ? -1 : 1))
    .map((t, i) => ({ rank: i + 1, ...t }));
}
