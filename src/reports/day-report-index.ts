import escape from 'validator/lib/escape';
import type { RowError } from '../extract/types';
import { explainCode } from './report-explanations';

/** One trust's line in the day's index: its report's counts. */
export interface DayIndexTrust {
  trust: string;
  rowsRead: number;
  skipped: number;
  findings: number;
  rowErrors: number;
  held: number;
  conflicts: number;
}

/** What the day's index page is built from: counts, codes and positions only. */
export interface DayIndexInput {
  extractDate: string;
  /** The day's files as the run saw them (MISSING offices included when the run lists them). */
  files: { name: string; status: string; reason?: string }[];
  trusts: DayIndexTrust[];
  /** Lines no trust can be given (src/reports/unattributed-lines.ts). */
  unattributed: RowError[];
}

/** Where each report lies relative to the index, `REPORTS_DIR/<date>.html`. */
export const trustReportPath = (trust: string, extractDate: string, ext: 'csv' | 'html'): string =>
  `${trust}/${extractDate}.${ext}`;
export const unattributedPath = (extractDate: string): string => `unattributed/${extractDate}.csv`;

const h = (value: string | number) => escape(String(value));

const STYLE = `
body { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Arial, sans-serif; color: #212b32; margin: 2rem; max-width: 75rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #d8dde0; padding: 0.35rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f0f4f5; } td.n { text-align: right; font-variant-numeric: tabular-nums; } .muted { color: #4c6272; }
`;

function table(headers: string[], rows: string[][], numeric: number[] = []): string {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  const head = `<tr>${headers.map((x) => `<th scope="col">${h(x)}</th>`).join('')}</tr>`;
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** An attribute value: the few characters that matter there, leaving `/` as it is so paths stay readable. */
const attribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const link = (href: string, text: string) => `<a href="${attribute(href)}">${h(text)}</a>`;

/**
 * The day's index page, `REPORTS_DIR/<date>.html`: each trust's report with its counts and links, the day's files,
 * and the lines no trust can be given ("unattributed"), so the whole day can be shipped and nothing is missed.
 * Every value is HTML-escaped; there are no personal values to show.
 */
export function toDayIndexHtml(input: DayIndexInput): string {
  const d = input.extractDate;
  const title = `ESR data-quality reports, ${d}`;
  const trusts = table(
    [
      'Trust',
      'Rows read',
      'Rows skipped',
      'Field problems',
      'Unreadable lines',
      'Held',
      'Kept newer TIS values',
      'Report',
    ],
    [...input.trusts]
      .sort((a, b) => (a.trust < b.trust ? -1 : 1))
      .map((t) => [
        h(t.trust),
        h(t.rowsRead),
        h(t.skipped),
        h(t.findings),
        h(t.rowErrors),
        h(t.held),
        h(t.conflicts),
        `${link(trustReportPath(t.trust, d, 'html'), 'HTML')} &middot; ${link(trustReportPath(t.trust, d, 'csv'), 'CSV')}`,
      ]),
    [1, 2, 3, 4, 5, 6],
  );
  const files = table(
    ['File', 'Status', 'Reason'],
    input.files.map((f) => [h(f.name), h(f.status), h(f.reason ?? '')]),
  );
  const unattributed = table(
    ['File', 'Line', 'Code', 'Reason', 'What it means'],
    input.unattributed.map((e) => [h(e.file), h(e.line), h(e.code), h(e.reason), h(explainCode(e.code).meaning)]),
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
<p>Each trust's report lists, for its ESR/HR team, what in its records could not be used and why. No personal
values are shown.</p>
<h2>Reports by trust</h2>
${trusts}
<h2>Files</h2>
${files}
<h2>Unattributed lines</h2>
<p>Lines that belong to no trust: the trust code could not be read, or the line is not a person record. Nothing in
them was used. Raise them with the ESR interface team. ${input.unattributed.length ? link(unattributedPath(d), 'CSV') : ''}</p>
${unattributed}
</body>
</html>
`;
}
