import escape from 'validator/lib/escape';
import { countByCode, dataQualityProblems, type DataQualityReportInput } from './data-quality-report';
import { explainCode, FIELD_LABELS } from './report-explanations';

/** Inline, so the page is one file that can be emailed or opened offline. */
const STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; color: #212b32; margin: 2rem; max-width: 75rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.25rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; } caption { text-align: left; font-weight: 600; }
th, td { border: 1px solid #d8dde0; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f0f4f5; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font-size: 0.9em; } .muted { color: #4c6272; }
`;

type Cell = string | number;

/** Text into HTML: every value from the input passes through here, never straight into the markup. */
const h = (value: Cell) => escape(String(value));

function table(headers: string[], rows: Cell[][], numericColumns: number[] = []): string {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  const head = `<tr>${headers.map((x) => `<th scope="col">${h(x)}</th>`).join('')}</tr>`;
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td${numericColumns.includes(i) ? ' class="n"' : ''}>${h(c)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

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

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${h(title)}</h1>
<p class="muted">Trust ${h(input.trust)} &middot; extract date ${h(input.extractDate)} &middot; files: ${h(input.files.join(', ') || 'none')}</p>
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
${detail}
</body>
</html>
`;
}
