import { validatePersonFields } from '../src/validation/validate-person';
import { insertOnce } from '../store/insert-once';
import type { ActivityDeps } from './dependencies';

export interface ValidateRowsArgs {
  extractDate: string;
  esrPersonId: string;
}

export interface ValidateRowsResult {
  rows: number;
  findings: number;
  /** Trusts whose rows these are, for the UI's EsrTrust filter. */
  trusts: string[];
}

/**
 * Validates every field of a trainee's rows and records each failure as a data-quality finding for the trust.
 * Findings are keyed by file, line and field, so a retry or a re-run records each once.
 */
export function validateRows(deps: ActivityDeps) {
  return async function validateRows({ extractDate, esrPersonId }: ValidateRowsArgs): Promise<ValidateRowsResult> {
    const rows = await deps.staged.forPerson(extractDate, esrPersonId);
    let findings = 0;
    for (const r of rows) {
      const result = validatePersonFields(r.row, { file: r.file, line: r.line, extractDate });
      findings += result.findings.length;
      if (result.findings.length) {
        await insertOnce(
          deps.store.findings,
          result.findings.map((f) => ({ _id: `${f.file}#${f.line}#${f.field}`, ...f, extractDate })),
        );
      }
    }
    return { rows: rows.length, findings, trusts: [...new Set(rows.map((r) => r.trust))].sort() };
  };
}
