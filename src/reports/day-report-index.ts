import type { RowError } from '../extract/types';
import { explainCode } from './report-explanations';
import { h, htmlPage, htmlTable } from './html-page';

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
  const trusts = htmlTable(
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
  const files = htmlTable(
    ['File', 'Status', 'Reason'],
    input.files.map((f) => [h(f.name), h(f.status), h(f.reason ?? '')]),
  );
  const unattributed = htmlTable(
    ['File', 'Line', 'Code', 'Reason', 'What it means'],
    input.unattributed.map((e) => [h(e.file), h(e.line), h(e.code), h(e.reason), h(explainCode(e.code).meaning)]),
    [1],
  );
  return htmlPage(
    title,
    `<p>Each trust's report lists, for its ESR/HR team, what in its records could not be used and why. No personal
values are shown.</p>
<h2>Reports by trust</h2>
${trusts}
<h2>Files</h2>
${files}
<h2>Unattributed lines</h2>
<p>Lines that belong to no trust: the trust code could not be read, or the line is not a person record. Nothing in
them was used. Raise them with the ESR interface team. ${input.unattributed.length ? link(unattributedPath(d), 'CSV') : ''}</p>
${unattributed}`,
  );
}
