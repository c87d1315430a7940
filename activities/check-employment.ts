import type { SkipReason } from '../src/extract/types';
import { assignmentSkipReason, postSkipReason } from '../src/rules/eligibility';
import { compareRowPrecedence, orderExtractFiles, pickWinningRow } from '../src/rules/precedence';
import type { RowSkip } from '../src/rules/row-skips';
import { postsByDpn } from '../store/posts';
import type { ActivityDeps } from './dependencies';

export interface CheckEmploymentArgs {
  extractDate: string;
  esrPersonId: string;
}

/** A row that passed the employment and DPN rules. */
export interface EligibleRow {
  file: string;
  line: number;
  trust: string;
  deaneryPostNumber: string;
}

export interface CheckEmploymentResult {
  /** The row that wins among those passing the employment and DPN rules; absent when none does. */
  winner?: EligibleRow;
  /**
   * Every row passing the rules, the winner first, then in precedence order: if the winner's post has no placement
   * of the person covering the date, the next one is tried.
   */
  eligible: EligibleRow[];
  /** The trust the outcome is counted against: the winner's, else the latest row's. */
  trust: string;
  /** Why no row went further: the reason of the latest row. */
  skipReason?: SkipReason;
  /** Each row that failed the rules, with its reason, for the per-trust counts. */
  skipped: RowSkip[];
}

/**
 * The spec's employment and DPN rules: lead employer, active, in date, a DPN naming a CURRENT post.
 * Among the rows that pass, the latest lastUpdated wins (ties: later file, then later line).
 */
export function checkEmployment(deps: ActivityDeps) {
  return async function checkEmployment({
    extractDate,
    esrPersonId,
  }: CheckEmploymentArgs): Promise<CheckEmploymentResult> {
    const rows = await deps.staged.forPerson(extractDate, esrPersonId);
    const files = [
      ...new Map(
        rows.map((r) => [
          r.file,
          { file: r.file, extractDate: r.extractDate, seq: r.fileSeq, generatedAt: r.fileGeneratedAt },
        ]),
      ).values(),
    ];
    const fileOrder = new Map(orderExtractFiles(files).map((f, i) => [f.file, i]));
    const posts = await postsByDpn(
      deps.store,
      rows.map((r) => r.row.deaneryPostNumber),
    );

    const candidates = rows.map((r) => ({
      file: r.file,
      line: r.line,
      trust: r.trust,
      fileOrder: fileOrder.get(r.file) ?? 0,
      lastUpdated: r.row.lastUpdated,
      deaneryPostNumber: r.row.deaneryPostNumber,
      reason: assignmentSkipReason(r.row, extractDate) ?? postSkipReason(posts.get(r.row.deaneryPostNumber)),
    }));
    const eligible = candidates
      .filter((c) => c.reason === undefined)
      .sort((a, b) => compareRowPrecedence(b, a))
      .map((c) => ({ file: c.file, line: c.line, trust: c.trust, deaneryPostNumber: c.deaneryPostNumber }));
    const latest = pickWinningRow(candidates);
    const skipped = candidates.flatMap((c) =>
      c.reason ? [{ file: c.file, line: c.line, trust: c.trust, reason: c.reason }] : [],
    );
    const winner = eligible[0];
    if (winner) return { winner, eligible, trust: winner.trust, skipped };
    return { eligible, trust: latest?.trust ?? 'UNKNOWN', skipReason: latest?.reason ?? 'NO_DPN', skipped };
  };
}
