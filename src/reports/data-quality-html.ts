import type { DataQualityReportInput } from './data-quality-report';
import { h, htmlPage, htmlTable } from './html-page';
import { reportSections, type ReportTable } from './report-sections';

const table = (t: ReportTable) =>
  htmlTable(
    t.headers,
    t.rows.map((r) => r.map(h)),
    t.numericColumns,
  );

/**
 * A trust's data-quality report as a self-contained HTML page for its HR team (src/reports/report-sections.ts says
 * what is in it). The page is emailed and printed, so a NINO, date of birth, phone, email or address must not be on
 * it. Everything is HTML-escaped.
 */
export function toHtml(input: DataQualityReportInput): string {
  const s = reportSections(input);
  return htmlPage(
    s.title,
    `<p class="muted">Trust ${h(input.trust)} &middot; extract date ${h(input.extractDate)} &middot; files: ${h(s.files)}</p>
<p>${h(s.intro)}</p>
<h2>Summary</h2>
${table(s.summary)}
<h2>Rows skipped, by reason</h2>
${table(s.skipped)}
<h2>Problems, by rule</h2>
${table(s.byRule)}
<h2>Trainees held for review</h2>
${table(s.held)}
<h2>Values not applied because TIS was newer</h2>
<p>${h(s.conflictsExplained)}</p>
${table(s.conflicts)}
<h2>Each problem</h2>
${table(s.detail)}`,
  );
}
