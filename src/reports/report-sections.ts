import { countByCode, dataQualityProblems, type DataQualityReportInput } from './data-quality-report';
import { explainCode, FIELD_LABELS } from './report-explanations';

export type Cell = string | number;

/** One table of a trust's report: plain cells (never HTML), so that each page renders them its own way. */
export interface ReportTable {
  headers: string[];
  rows: Cell[][];
  /** Columns holding numbers, right-aligned. */
  numericColumns: number[];
}

/** What a trust's day report says, section by section: the HTML file and the portal's day page both render this. */
export interface ReportSections {
  title: string;
  /** Extract files holding the trust's rows, or `none`. */
  files: string;
  intro: string;
  summary: ReportTable;
  skipped: ReportTable;
  byRule: ReportTable;
  held: ReportTable;
  conflictsExplained: string;
  conflicts: ReportTable;
  /** One line per problem, in the CSV's order: what to fix in ESR. */
  detail: ReportTable;
}

/**
 * A trust's data-quality report as sections of plain text and tables for its HR team: the day's counts, why rows
 * were skipped, which rules failed how often, and one line per problem saying what to correct in ESR. Where to
 * look (file, line, ESR person number, field), never a value.
 */
export function reportSections(input: DataQualityReportInput): ReportSections {
  const problems = dataQualityProblems(input);
  const held = input.held ?? [];
  const conflicts = input.conflicts ?? [];
  const skippedTotal = Object.values(input.skipped).reduce((sum, n) => sum + (n ?? 0), 0);
  return {
    title: `ESR data quality: ${input.trust}, ${input.extractDate}`,
    files: input.files.join(', ') || 'none',
    intro:
      'These are problems found in the ESR records your trust sent to TIS. A field with a problem was not copied to ' +
      'TIS; the rest of the record was. Correct the field in ESR and the next extract will carry it to TIS. To ' +
      'protect personal data no values are shown: find the record in ESR by its person number.',
    summary: {
      headers: ['', 'Count'],
      rows: [
        ['Extract files', input.files.length],
        ['Rows read for the trust', input.rowsRead],
        ['Rows that passed the employment and post checks', input.eligible],
        ['Rows skipped', skippedTotal],
        ['Field problems (the field was not applied; the rest of the row was)', input.findings.length],
        ['Lines that could not be read (nothing in them was applied)', input.rowErrors.length],
        ['Trainees held for review', held.length],
        ['Records with a value not applied because TIS was newer', conflicts.length],
      ],
      numericColumns: [1],
    },
    skipped: {
      headers: ['Reason', 'Rows', 'What it means', 'What to do'],
      rows: Object.entries(input.skipped)
        .filter(([, n]) => (n ?? 0) > 0)
        .sort(([a, x], [b, y]) => (y ?? 0) - (x ?? 0) || (a < b ? -1 : 1))
        .map(([code, n]) => [code, n ?? 0, explainCode(code).meaning, explainCode(code).fix]),
      numericColumns: [1],
    },
    byRule: {
      headers: ['Rule', 'Occurrences', 'What it means', 'What to fix in ESR'],
      rows: countByCode(problems.map((p) => p.rule)).map(({ code, count }) => [
        code,
        count,
        explainCode(code).meaning,
        explainCode(code).fix,
      ]),
      numericColumns: [1],
    },
    held: {
      headers: ['ESR person number', 'Reason', 'What to do'],
      rows: held.map((x) => [
        x.esrPersonId,
        `${x.reason}: ${explainCode(x.reason).meaning}`,
        explainCode(x.reason).fix,
      ]),
      numericColumns: [],
    },
    conflictsExplained: `${explainCode('CONFLICT').meaning} ${explainCode('CONFLICT').fix}`,
    conflicts: {
      headers: ['File', 'Line', 'ESR person number', 'TIS fields kept'],
      rows: conflicts.map((c) => [c.file, c.line, c.esrPersonId, c.fields.join(', ')]),
      numericColumns: [1],
    },
    detail: {
      headers: ['File', 'Line', 'ESR person number', 'Field', 'Rule', 'What to fix in ESR'],
      rows: problems.map((p) => {
        const explanation = explainCode(p.rule);
        const what = p.reason
          ? `${explanation.meaning} (${p.reason}) ${explanation.fix}`
          : `${explanation.meaning} ${explanation.fix}`;
        return [p.file, p.line, p.esrPersonId, p.field ? FIELD_LABELS[p.field] : '', p.rule, what];
      }),
      numericColumns: [1],
    },
  };
}
