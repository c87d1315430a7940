import { stringify } from 'csv-stringify/sync';
import { dataQualityProblems, type DataQualityReportInput } from './data-quality-report';

/** The CSV's columns, fixed so that trusts' spreadsheets and scripts keep working. */
export const DATA_QUALITY_CSV_COLUMNS = ['file', 'line', 'esrPersonId', 'field', 'rule'] as const;

/**
 * A trust's data-quality report as CSV: a header, then one line per field finding and per unusable line (whose
 * `rule` is the row error's code and `field` is empty when no single field was at fault), then one per ESR value
 * not applied because TIS was newer (`rule` CONFLICT, `field` the TIS field). No values, only where to look and
 * which rule failed. Formulas are escaped because HR teams open this in a spreadsheet.
 */
export function toCsv(input: DataQualityReportInput): string {
  const problems = dataQualityProblems(input).map((p) => ({
    file: p.file,
    line: p.line,
    esrPersonId: p.esrPersonId,
    field: p.field ?? '',
    rule: p.rule,
  }));
  const conflicts = (input.conflicts ?? []).flatMap((c) =>
    c.fields.map((field) => ({ file: c.file, line: c.line, esrPersonId: c.esrPersonId, field, rule: 'CONFLICT' })),
  );
  return stringify([...problems, ...conflicts], {
    header: true,
    columns: [...DATA_QUALITY_CSV_COLUMNS],
    escape_formulas: true,
  });
}
