import fs from 'node:fs';
import path from 'node:path';
import { toCsv, toHtml } from '../src/reports/data-quality-report';
import { toDayIndexHtml, trustReportPath, unattributedPath } from '../src/reports/day-report-index';
import { unattributedCsv } from '../src/reports/unattributed-lines';
import { dayReportInputs } from '../store/data-quality-report-input';
import type { Collections } from '../store/store';
import { putById } from '../store/put-by-id';
import { currentWorkflowId, heartbeat, type ActivityDeps } from './dependencies';

export interface WriteReportsArgs {
  extractDate: string;
  /** The day's files as the run lists them, MISSING offices included; else the recorded files. */
  files?: { name: string; status: string; reason?: string }[];
  /** The run ended without being cancelled: recorded, so that running the date again reports NO_CHANGE. */
  completed?: boolean;
}

export interface WriteReportsResult {
  /** The day's index page, linking every trust's report. */
  index: string;
  trusts: string[];
}

/** Writes a file whole or not at all: the reports are shipped from this folder, never half-written. */
function writeAtomically(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/**
 * Every trust's data-quality report for a date, CSV and HTML, as `<dir>/<trust>/<date>.csv|html`; the lines no
 * trust can be given as `<dir>/unattributed/<date>.csv`; and the day's index `<dir>/<date>.html` linking them all.
 * Written again by each run or `esr report` of the date, from what is stored then.
 */
export async function writeDayReports(
  store: Pick<Collections, 'files' | 'rows' | 'posts' | 'outcomes' | 'rowErrors' | 'findings'>,
  dir: string,
  extractDate: string,
  files?: WriteReportsArgs['files'],
): Promise<WriteReportsResult> {
  const day = await dayReportInputs(store, extractDate, undefined, heartbeat);
  for (const input of day.trusts) {
    writeAtomically(path.join(dir, trustReportPath(input.trust, extractDate, 'csv')), toCsv(input));
    writeAtomically(path.join(dir, trustReportPath(input.trust, extractDate, 'html')), toHtml(input));
    heartbeat();
  }
  writeAtomically(path.join(dir, unattributedPath(extractDate)), unattributedCsv(day.unattributed));
  const index = path.join(dir, `${extractDate}.html`);
  writeAtomically(
    index,
    toDayIndexHtml({
      extractDate,
      files: files ?? day.files,
      trusts: day.trusts.map((t) => ({
        trust: t.trust,
        rowsRead: t.rowsRead,
        skipped: Object.values(t.skipped).reduce((sum, n) => sum + (n ?? 0), 0),
        findings: t.findings.length,
        rowErrors: t.rowErrors.length,
        held: t.held?.length ?? 0,
        conflicts: t.conflicts?.length ?? 0,
      })),
      unattributed: day.unattributed,
    }),
  );
  return { index, trusts: day.trusts.map((t) => t.trust) };
}

/** After each run: the day's reports into REPORTS_DIR, for shipping to the trusts' ESR leads. */
export function writeReports(deps: ActivityDeps) {
  return async function writeReports({ extractDate, files, completed }: WriteReportsArgs): Promise<WriteReportsResult> {
    if (completed) {
      await putById(deps.store.dailyRuns, extractDate, {
        completedAt: deps.now().toISOString(),
        workflowId: currentWorkflowId(),
      });
    }
    return writeDayReports(deps.store, deps.reportsDir, extractDate, files);
  };
}
