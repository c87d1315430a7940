import { countByCode, dataQualityProblems, type DataQualityReportInput } from './data-quality-report';
import { explainCode, FIELD_LABELS } from './report-explanations';
import { h, htmlPage, htmlTable } from './html-page';

type Cell = string | number;

const table = (headers: string[], rows: Cell[][], numericColumns: number[] = []) =>
  htmlTable(
    headers,
    rows.map((r) => r.map(h)),
    numericColumns,
  );

/**
 * A trust's data-quality report as a self-contained HTML page for its HR team: the day's counts, why rows were
 * skipped, which rules failed how often, and one line per problem saying what to correct in ESR.
 *
 * It shows where to look (file, line, ESR person number, field) and never a value: the page is emailed and
 * printed, so a NINO, date of birth, phone, email or address must not be on it. Everything is HTML-escaped.
 */
export function toHtml(input: DataQualityReportInput): string {
  const problems = dataQualityProblems(input);
  const held = input.held ?? [];
  const conflicts = input.conflicts ?? [];
  const skippedTotal = Object.values(input.skipped).reduce((sum, n) => sum + (n ?? 0), 0);
  const title = `ESR data quality: ${input.trust}, ${input.extractDate}`;

  const summary = table(
    ['', 'Count'],
    [
      ['Extract files', input.files.length],
      ['Rows read for the trust', input.rowsRead],
      ['Rows that passed the employment and post checks', input.eligible],
      ['Rows skipped', skippedTotal],
      ['Field problems (the field was not applied; the rest of the row was)', input.findings.length],
      ['Lines that could not be read (nothing in them was applied)', input.rowErrors.length],
      ['Trainees held for review', held.length],
      ['Records with a value not applied because TIS was newer', conflicts.length],
    ],
    [1],
  );

  const skipped = table(
    ['Reason', 'Rows', 'What it means', 'What to do'],
    Object.entries(input.skipped)
      .filter(([, n]) => (n ?? 0) > 0)
      .sort(([a, x], [b, y]) => (y ?? 0) - (x ?? 0) || (a < b ? -1 : 1))
      .map(([code, n]) => [code, n ?? 0, explainCode(code).meaning, explainCode(code).fix]),
    [1],
  );

  const byRule = table(
    ['Rule', 'Occurrences', 'What it means', 'What to fix in ESR'],
    countByCode(problems.map((p) => p.rule)).map(({ code, count }) => [
      code,
      count,
      explainCode(code).meaning,
      explainCode(code).fix,
    ]),
    [1],
  );

  const heldTable = table(
    ['ESR person number', 'Reason', 'What to do'],
    held.map((x) => [x.esrPersonId, `${x.reason}: ${explainCode(x.reason).meaning}`, explainCode(x.reason).fix]),
  );

  const conflictTable = table(
    ['File', 'Line', 'ESR person number', 'TIS fields kept'],
    conflicts.map((c) => [c.file, c.line, c.esrPersonId, c.fields.join(', ')]),
    [1],
  );

  const detail = table(
    ['File', 'Line', 'ESR person number', 'Field', 'Rule', 'What to fix in ESR'],
    problems.map((p) => {
      const explanation = explainCode(p.rule);
      const what = p.reason
        ? `${explanation.meaning} (${p.reason}) ${explanation.fix}`
        : `${explanation.meaning} ${explanation.fix}`;
      return [p.file, p.line, p.esrPersonId, p.field ? FIELD_LABELS[p.field] : '', p.rule, what];
    }),
    [1],
  );

  return htmlPage(
    title,
    `<p class="muted">Trust ${h(input.trust)} &middot; extract date ${h(input.extractDate)} &middot; files: ${h(input.files.join(', ') || 'none')}</p>
<p>These are problems found in the ESR records your trust sent to TIS. A field with a problem was not copied to TIS;
the rest of the record was. Correct the field in ESR and the next extract will carry it to TIS. To protect personal
data no values are shown: find the record in ESR by its person number.</p>
<h2>Summary</h2>
${summary}
<h2>Rows skipped, by reason</h2>
${skipped}
<h2>Problems, by rule</h2>
${byRule}
<h2>Trainees held for review</h2>
${heldTable}
<h2>Values not applied because TIS was newer</h2>
<p>${h(explainCode('CONFLICT').meaning)} ${h(explainCode('CONFLICT').fix)}</p>
${conflictTable}
<h2>Each problem</h2>
${detail}`,
  );
}
