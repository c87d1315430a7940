/**
 * `esr report --date D [--trust RGT --out DIR]`: the data-quality reports, on demand. With --trust, one trust's
 * report for HR as CSV and HTML in --out; without, the whole day as each run writes it: every trust's report in
 * REPORTS_DIR (or --out) as `<trust>/<date>.csv|html`, the unattributed lines, and the day's index `<date>.html`.
 */
import { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { writeDayReports } from '../../activities/write-reports';
import { toCsv, toHtml } from '../../src/reports/data-quality-report';
import { dataQualityReportInput } from '../../store/data-quality-report-input';
import { withContext } from './context';
import { extractDate } from './dates';
import { CliError } from './errors';
import { print } from './output';

const trustCode = (value: string): string => {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z0-9]{3,5}$/.test(code)) throw new CliError(`"${value}" is not a trust ODS code, e.g. RGT or R1H`);
  return code;
};

export const reportCommand = () =>
  new Command('report')
    .summary("write the trusts' data-quality reports (CSV, HTML)")
    .description(
      'Write data-quality reports for one extract date: what was skipped and why (row by row), each field that ' +
        'failed its rule (file, line, ESR person number, field, rule: never a value), lines that could not be ' +
        "read, trainees held for review, and values kept because TIS was newer. With --trust, that trust's " +
        "report (one CSV, one self-contained HTML page) into --out. Without, every trust's report as each run " +
        'writes them: REPORTS_DIR (or --out)/<trust>/<date>.csv|html, unattributed/<date>.csv for lines no trust ' +
        'can be given, and the index <date>.html linking them all.',
    )
    .requiredOption('--date <YYYY-MM-DD>', 'the extract date', extractDate)
    .option('--trust <ODS code>', 'one employing trust, e.g. RGT (then --out is required)', trustCode)
    .option('--out <dir>', 'directory to write into (created if missing); default REPORTS_DIR for the whole day')
    .option('--json', 'print one JSON object: { trust, date, csv, html, … } or { date, dir, index, trusts }')
    .action(async (opts: { trust?: string; date: string; out?: string; json?: boolean }) =>
      withContext(async (ctx) => {
        const store = await ctx.store();
        if (!opts.trust) {
          const dir = path.resolve(opts.out ?? ctx.config.REPORTS_DIR);
          const day = await writeDayReports(store, dir, opts.date);
          print(
            opts.json,
            { date: opts.date, dir, ...day },
            () => `${opts.date}: ${day.trusts.length} trusts' reports in ${dir}\n  ${day.index}`,
          );
          return;
        }
        if (!opts.out) throw new CliError('give --out <dir> with --trust');
        const input = await dataQualityReportInput(store, opts.trust, opts.date);
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
