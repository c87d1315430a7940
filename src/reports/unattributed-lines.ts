import { stringify } from 'csv-stringify/sync';
import type { RowError } from '../extract/types';

/**
 * Lines of the day that belong to no trust's report: a row error whose trust code could not be read, and every
 * line of an unknown record type (it is no person record, whatever its second field says). They go in the day's
 * report instead, so that no line goes unreported.
 */
export function isUnattributed(error: Pick<RowError, 'trust' | 'code'>): boolean {
  return !error.trust || error.code === 'UNKNOWN_RECORD_TYPE';
}

export const UNATTRIBUTED_CSV_COLUMNS = ['file', 'line', 'code', 'field', 'reason'] as const;

/** The unattributed lines as CSV: where each is and why it was not used; never the line itself. */
export function unattributedCsv(errors: readonly RowError[]): string {
  return stringify(
    errors.map((e) => ({ file: e.file, line: e.line, code: e.code, field: e.field ?? '', reason: e.reason })),
    { header: true, columns: [...UNATTRIBUTED_CSV_COLUMNS], escape_formulas: true },
  );
}
