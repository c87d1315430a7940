import type { SkipReason } from '../src/extract/types';
import { assignmentSkipReason, postSkipReason } from '../src/rules/eligibility';
import { compareExtractFiles, pickWinningRow } from '../src/rules/precedence';
import { postsByDpn } from '../store/posts';
import type { ActivityDeps } from './dependencies';

export interface CheckEmploymentArgs {
  extractDate: string;
  esrPersonId: string;
}

export interface CheckEmploymentResult {
  /** The row that wins among those passing the employment and DPN rules; absent when none does. */
  winner?: { file: string; line: number; trust: string; deaneryPostNumber: string };
  /** The trust the outcome is counted against: the winner's, else the latest row's. */
  trust: string;
  /** Why no row went further: the reason of the latest row. */
  skipReason?: SkipReason;
  /** Each row's reason, for the per-trust counts. */
  skipped: { file: string; line: number; trust: string; reason: SkipReason }[];
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
    const fileOrder = new Map(files.sort(compareExtractFiles).map((f, i) => [f.file, i]));
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
    const eligible = candidates.filter((c) => c.reason === undefined);
    const winner = pickWinningRow(eligible);
    const latest = pickWinningRow(candidates);
    const skipped = candidates
      .filter((c) => c !== winner)
      .map((c) => ({ file: c.file, line: c.line, trust: c.trust, reason: c.reason ?? ('SUPERSEDED' as const) }));
    if (winner) {
      return {
        winner: {
          file: winner.file,
          line: winner.line,
          trust: winner.trust,
          deaneryPostNumber: winner.deaneryPostNumber,
        },
        trust: winner.trust,
        skipped,
      };
    }
    return { trust: latest?.trust ?? 'UNKNOWN', skipReason: latest?.reason ?? 'NO_DPN', skipped };
  };
}
