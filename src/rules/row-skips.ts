/**
 * The spec: every row that does not go further is skipped with its reason and counted per trust. A trainee's rows
 * that fail the employment and DPN rules carry their own reason; this settles the eligible ones, once matching and
 * the placement check have picked the row that goes on. Safe to import from workflow code.
 */
import type { SkipReason } from '../extract/types';

/** A row that was not applied, and why: positions and codes only. */
export interface RowSkip {
  file: string;
  line: number;
  trust: string;
  reason: SkipReason;
}

/**
 * The eligible rows (in precedence order, the winner first) that were not applied. Rows tried before the one that
 * went on had no placement covering the date (NO_PLACEMENT); rows after it lost on precedence (SUPERSEDED). With
 * `applied` undefined after the placement check, every row was tried and none had a placement. When the trainee
 * stopped before the placement check (held at matching, or failed), the first row was neither applied nor skipped.
 */
export function eligibleRowSkips(
  eligible: readonly Omit<RowSkip, 'reason'>[],
  applied: number | undefined,
  placementChecked: boolean,
): RowSkip[] {
  return eligible.flatMap(({ file, line, trust }, i): RowSkip[] => {
    const skip = (reason: SkipReason) => [{ file, line, trust, reason }];
    if (!placementChecked) return i === 0 ? [] : skip('SUPERSEDED');
    if (applied === undefined || i < applied) return skip('NO_PLACEMENT');
    return i === applied ? [] : skip('SUPERSEDED');
  });
}
