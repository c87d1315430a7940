/** `esr report --trust RGT --date D --out DIR`: a trust's data-quality report for HR, as CSV and HTML. */
import { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { toCsv, toHtml } from '../../src/reports/data-quality-report';
import { withContext } from './context';
import { extractDate } from './dates';
import { CliError } from './errors';
import { print } from './output';
import { dataQualityReportInput } from './report-input';

const trustCode = (value: string): string => {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z0-9]{3,5}$/.test(code)) throw new CliError(`"${value}" is not a trust ODS code, e.g. RGT or R1H`);
  return code;
};

export const reportCommand = () =>
  new Command('report')
    .summary("write a trust's data-quality report (CSV, HTML)")
    .description(
      "Write one trust's data-quality report for one extract date: what was skipped and why, each field that " +
        'failed its rule (file, line, ESR person number, field, rule: never a value), lines that could not be ' +
        "read, and trainees held for review. One CSV and one self-contained HTML page, for the trust's HR team.",
    )
    .requiredOption('--trust <ODS code>', 'the employing trust, e.g. RGT', trustCode)
    .requiredOption('--date <YYYY-MM-DD>', 'the extract date', extractDate)
    .requiredOption('--out <dir>', 'directory to write the report into (created if missing)')
    .option('--json', 'print one JSON object: { trust, date, csv, html, files, rowsRead, eligible, findings, … }')
    .action(async (opts: { trust: string; date: string; out: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const input = await dataQualityReportInput(await ctx.store(), opts.trust, opts.date);
        if (!input.files.length)
          throw new CliError(`no accepted extract file holds trust ${opts.trust} for ${opts.date}: nothing to report`);
        fs.mkdirSync(opts.out, { recursive: true });
        const base = path.resolve(opts.out, `esr-data-quality-${opts.trust}-${opts.date}`);
        fs.writeFileSync(`${base}.csv`, toCsv(input));
        fs.writeFileSync(`${base}.html`, toHtml(input));
        const summary = {
          trust: input.trust,
          date: input.extractDate,
          csv: `${base}.csv`,
          html: `${base}.html`,
          files: input.files,
          rowsRead: input.rowsRead,
          eligible: input.eligible,
          skipped: input.skipped,
          findings: input.findings.length,
          rowErrors: input.rowErrors.length,
          held: input.held?.length ?? 0,
          conflicts: input.conflicts?.length ?? 0,
        };
        print(
          opts.json,
          summary,
          () =>
            `${opts.trust} ${opts.date}: ${summary.rowsRead} rows, ${summary.findings} field problems, ` +
            `${summary.rowErrors} unreadable lines, ${summary.held} held, ${summary.conflicts} kept newer TIS values\n  ${summary.csv}\n  ${summary.html}`,
        );
      }),
    );
