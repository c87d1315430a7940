/**
 * Gathers one trust's data-quality report for one extract date from what the daily run stored. The rules are
 * not re-implemented: row eligibility comes from src/rules, file order from the precedence rule, and the
 * placement check (which needs the matched person) from the outcome the trainee's run recorded.
 */
import type { DataQualityReportInput } from '../../src/reports/data-quality-report';
import type { SkipReason } from '../../src/extract/types';
import { assignmentSkipReason, postSkipReason } from '../../src/rules/eligibility';
import { compareExtractFiles } from '../../src/rules/precedence';
import { postsByDpn } from '../../store/posts';
import type { Store } from '../../store/store';

export async function dataQualityReportInput(
  store: Store,
  trust: string,
  extractDate: string,
): Promise<DataQualityReportInput> {
  const accepted = await store.files.find({ extractDate, status: 'ACCEPTED' }).toArray();
  const files = accepted
    .filter((f) => f.trusts.includes(trust))
    .map((f) => ({ file: f.name, extractDate, seq: f.header?.seq ?? 0, generatedAt: f.header?.generatedAt ?? '' }))
    .sort(compareExtractFiles)
    .map((f) => f.file);

  const rows = files.length
    ? await store.rows.find({ file: { $in: files }, trust, accepted: true }, { projection: { row: 1 } }).toArray()
    : [];
  const posts = await postsByDpn(
    store,
    rows.map((r) => r.row.deaneryPostNumber),
  );
  const skipped: Partial<Record<SkipReason, number>> = {};
  let eligible = 0;
  for (const { row } of rows) {
    const reason = assignmentSkipReason(row, extractDate) ?? postSkipReason(posts.get(row.deaneryPostNumber));
    if (reason) skipped[reason] = (skipped[reason] ?? 0) + 1;
    else eligible += 1;
  }

  const outcomes = await store.outcomes.find({ extractDate, trust }).toArray();
  // A row that passed on its own but whose matched person has no placement on the post went no further either.
  const noPlacement = outcomes.filter((o) => o.outcome === 'SKIPPED' && o.reason === 'NO_PLACEMENT').length;
  if (noPlacement) {
    skipped.NO_PLACEMENT = noPlacement;
    eligible -= noPlacement;
  }

  const rowErrors = (await store.rowErrors.find({ extractDate, trust }).toArray())
    .filter((e) => files.includes(e.file))
    // The line as received holds personal values: it stays in MongoDB.
    .map(({ _id, extractDate: _date, text: _text, ...error }) => error);
  const findings = (await store.findings.find({ extractDate, trust }).toArray()).map(
    ({ _id, extractDate: _date, ...finding }) => finding,
  );
  const held = outcomes
    .filter((o) => o.outcome === 'HELD')
    .map((o) => ({ esrPersonId: o.esrPersonId, reason: o.reason ?? 'UNKNOWN' }))
    .sort((a, b) => a.esrPersonId.localeCompare(b.esrPersonId));

  const conflicts = outcomes
    .filter((o) => o.conflictFields?.length && o.rowRef)
    .map((o) => ({ file: o.rowRef!.file, line: o.rowRef!.line, esrPersonId: o.esrPersonId, fields: o.conflictFields }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);

  return { trust, extractDate, files, rowsRead: rows.length, eligible, skipped, rowErrors, findings, held, conflicts };
}
