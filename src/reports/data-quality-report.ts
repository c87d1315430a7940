import type { FieldFinding, PerField, RowError, SkipReason } from '../extract/types';

/**
 * What a trust's daily data-quality report is built from: the counts and problems of one trust's rows across the
 * day's extract files. Findings and row errors carry codes, fields and positions only, so nothing built from this
 * can show a NINO, date of birth, phone, email or address.
 */
export interface DataQualityReportInput {
  /** ODS code of the employing trust, e.g. RGT. */
  trust: string;
  /** YYYY-MM-DD */
  extractDate: string;
  /** The day's extract files holding the trust's rows, in the order they were applied. */
  files: string[];
  rowsRead: number;
  /** Rows that passed the employment and DPN rules. */
  eligible: number;
  skipped: Partial<Record<SkipReason, number>>;
  rowErrors: RowError[];
  findings: FieldFinding[];
  /** Trainees not updated because no single TIS person could be matched, or a conflict needs a person to decide. */
  held?: { esrPersonId: string; reason: string }[];
  /** ESR values not applied because TIS changed the field later ("newest wins"): the TIS field paths, per row. */
  conflicts?: { file: string; line: number; esrPersonId: string; fields: string[] }[];
}

/** One line of the report's detail: a field finding, or a line that could not be used at all. */
export interface DataQualityProblem {
  kind: 'FINDING' | 'ROW_ERROR';
  file: string;
  line: number;
  /** Empty when a row error's line had no readable person id. */
  esrPersonId: string;
  field?: PerField;
  /** A FieldRule for a finding, the row error's code otherwise. */
  rule: string;
  /** A row error's own explanation (never a PII value); findings need none beyond their rule. */
  reason?: string;
}

/**
 * Findings and row errors as one list, ordered as HR would work through them: by file in the order applied, then
 * line, then field order within the line (a row error, having no field, first).
 */
export function dataQualityProblems(input: DataQualityReportInput): DataQualityProblem[] {
  const problems: DataQualityProblem[] = [
    ...input.rowErrors.map((e) => ({
      kind: 'ROW_ERROR' as const,
      file: e.file,
      line: e.line,
      esrPersonId: e.esrPersonId ?? '',
      field: e.field,
      rule: e.code,
      reason: e.reason,
    })),
    ...input.findings.map((f) => ({
      kind: 'FINDING' as const,
      file: f.file,
      line: f.line,
      esrPersonId: f.esrPersonId,
      field: f.field,
      rule: f.rule,
    })),
  ];
  const fileRank = (file: string) => {
    const i = input.files.indexOf(file);
    return i === -1 ? input.files.length : i;
  };
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        fileRank(a.problem.file) - fileRank(b.problem.file) ||
        (a.problem.file < b.problem.file ? -1 : a.problem.file > b.problem.file ? 1 : 0) ||
        a.problem.line - b.problem.line ||
        (a.problem.kind === b.problem.kind ? 0 : a.problem.kind === 'ROW_ERROR' ? -1 : 1) ||
        a.index - b.index,
    )
    .map(({ problem }) => problem);
}

/** How many times each code occurs, most frequent first (then by code), for the report's summary tables. */
export function countByCode(codes: readonly string[]): { code: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts]
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export { toCsv } from './data-quality-csv';
export { toHtml } from './data-quality-html';
