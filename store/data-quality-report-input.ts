/**
 * Gathers the trusts' data-quality reports for one extract date from what the daily run stored: one query per
 * collection for the whole day (the rows streamed, never held), grouped by trust, so that writing every trust's
 * report after a national run is a handful of reads. The rules are not re-implemented: skips are those the trainees recorded, row by row; a row no
 * trainee settled (its run never got that far) is judged by src/rules alone.
 */
import type { RowError, SkipReason } from '../src/extract/types';
import type { DataQualityReportInput } from '../src/reports/data-quality-report';
import { isUnattributed } from '../src/reports/unattributed-lines';
import { assignmentSkipReason, postSkipReason } from '../src/rules/eligibility';
import { orderExtractFiles } from '../src/rules/precedence';
import type { EsrFileDoc } from './documents';
import { postsByDpn } from './posts';
import type { Collections } from './store';

/** The day's report inputs: one per trust in the day's applied files, and the lines no trust can be given. */
export interface DayReportInputs {
  extractDate: string;
  /** The day's recorded files, in the order applied, as operators see them. */
  files: { name: string; status: string; reason?: string }[];
  trusts: DataQualityReportInput[];
  unattributed: RowError[];
}

const applied = (f: EsrFileDoc) => f.status === 'ACCEPTED' && f.massChange?.state !== 'AWAITING_APPROVAL';

export async function dayReportInputs(
  store: Pick<Collections, 'files' | 'rows' | 'posts' | 'outcomes' | 'rowErrors' | 'findings'>,
  extractDate: string,
  onlyTrust?: string,
  /** Called between reads, so that an activity can heartbeat through a national day. */
  progress: () => void = () => undefined,
): Promise<DayReportInputs> {
  const docs = orderExtractFiles(
    (await store.files.find({ extractDate }).toArray()).map((f) => ({
      ...f,
      file: f.name,
      extractDate,
      seq: f.header?.seq ?? 0,
      generatedAt: f.header?.generatedAt ?? '',
      localOffice: f.header?.localOffice,
    })),
  );
  const accepted = docs.filter(applied);
  const acceptedNames = new Set(accepted.map((f) => f.name));
  const byTrust = onlyTrust ? { trust: onlyTrust } : {};

  const outcomes = await store.outcomes.find({ extractDate }).toArray();
  progress();
  // What the trainees settled, row by row: a recorded skip, or the row that went on.
  const settled = new Map<string, SkipReason | 'APPLIED'>();
  for (const o of outcomes) {
    if (o.rowRef) settled.set(`${o.rowRef.file}#${o.rowRef.line}`, 'APPLIED');
    // An outcome recorded before rows were settled one by one names its winner as skipped NO_PLACEMENT.
    if (!o.skippedRows && o.rowRef && o.outcome === 'SKIPPED' && o.reason === 'NO_PLACEMENT')
      settled.set(`${o.rowRef.file}#${o.rowRef.line}`, 'NO_PLACEMENT');
    for (const s of o.skippedRows ?? []) settled.set(`${s.file}#${s.line}`, s.reason);
  }

  const trustCodes = [...new Set(accepted.flatMap((f) => f.trusts))]
    .filter((t) => !onlyTrust || t === onlyTrust)
    .sort();
  const filesOf = new Map(
    trustCodes.map((trust) => [trust, accepted.filter((f) => f.trusts.includes(trust)).map((f) => f.name)]),
  );
  const counts = new Map(
    trustCodes.map((trust) => [
      trust,
      { rowsRead: 0, eligible: 0, skipped: {} as Partial<Record<SkipReason, number>> },
    ]),
  );
  const count = (trust: string, reason: SkipReason | undefined) => {
    const c = counts.get(trust)!;
    if (reason) c.skipped[reason] = (c.skipped[reason] ?? 0) + 1;
    else c.eligible += 1;
  };
  // The day's rows stream past once (a national day does not fit in a worker's memory whole). Most are settled by
  // their trainee's outcome; only a row no trainee settled and whose assignment passes needs its post, and those
  // posts are read afterwards, each once.
  const needPost = new Map<string, Map<string, number>>(); // DPN → trust → rows
  if (acceptedNames.size) {
    const cursor = store.rows.find(
      { extractDate, accepted: true, ...byTrust },
      { projection: { file: 1, line: 1, trust: 1, row: 1 } },
    );
    let seen = 0;
    for await (const r of cursor) {
      if (++seen % 1000 === 0) progress();
      if (!filesOf.get(r.trust)?.includes(r.file)) continue;
      counts.get(r.trust)!.rowsRead += 1;
      const was = settled.get(`${r.file}#${r.line}`);
      if (was === 'APPLIED') count(r.trust, undefined);
      else if (was) count(r.trust, was);
      else {
        const reason = assignmentSkipReason(r.row, extractDate);
        if (reason) count(r.trust, reason);
        else {
          const dpn = r.row.deaneryPostNumber;
          const trusts = needPost.get(dpn) ?? new Map<string, number>();
          trusts.set(r.trust, (trusts.get(r.trust) ?? 0) + 1);
          needPost.set(dpn, trusts);
        }
      }
    }
  }
  progress();
  const posts = await postsByDpn(store, [...needPost.keys()]);
  for (const [dpn, trusts] of needPost) {
    const reason = postSkipReason(posts.get(dpn));
    for (const [trust, n] of trusts) for (let i = 0; i < n; i++) count(trust, reason);
  }
  progress();
  const rowErrors = (await store.rowErrors.find({ extractDate }).toArray())
    .filter((e) => acceptedNames.has(e.file))
    // The line as received holds personal values: it stays in MongoDB.
    .map(({ _id, extractDate: _date, text: _text, ...error }) => error as RowError);
  progress();
  const findings = (await store.findings.find({ extractDate, ...byTrust }).toArray()).map(
    ({ _id, extractDate: _date, ...finding }) => finding,
  );

  const outcomesOf = new Map<string, typeof outcomes>();
  for (const o of outcomes) {
    const mine = outcomesOf.get(o.trust);
    if (mine) mine.push(o);
    else outcomesOf.set(o.trust, [o]);
  }
  const trusts = trustCodes.map((trust): DataQualityReportInput => {
    const files = filesOf.get(trust)!;
    const { rowsRead, eligible, skipped } = counts.get(trust)!;
    const mine = outcomesOf.get(trust) ?? [];
    return {
      trust,
      extractDate,
      files,
      rowsRead,
      eligible,
      skipped,
      rowErrors: rowErrors.filter((e) => e.trust === trust && !isUnattributed(e) && files.includes(e.file)),
      findings: findings.filter((f) => f.trust === trust),
      held: mine
        .filter((o) => o.outcome === 'HELD')
        .map((o) => ({ esrPersonId: o.esrPersonId, reason: o.reason ?? 'UNKNOWN' }))
        .sort((a, b) => a.esrPersonId.localeCompare(b.esrPersonId)),
      conflicts: mine
        .filter((o) => o.conflictFields?.length && o.rowRef)
        .map((o) => ({
          file: o.rowRef!.file,
          line: o.rowRef!.line,
          esrPersonId: o.esrPersonId,
          fields: o.conflictFields,
        }))
        .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    };
  });
  return {
    extractDate,
    files: docs.map((f) => ({
      name: f.name,
      status: f.status === 'REJECTED' ? 'REJECTED' : applied(f) ? 'APPLIED' : 'AWAITING_APPROVAL',
      ...(f.reason ? { reason: f.reason } : {}),
    })),
    trusts,
    unattributed: rowErrors.filter(isUnattributed).sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
  };
}

/** One trust's report input; its `files` are empty when no applied file of the date holds the trust. */
export async function dataQualityReportInput(
  store: Pick<Collections, 'files' | 'rows' | 'posts' | 'outcomes' | 'rowErrors' | 'findings'>,
  trust: string,
  extractDate: string,
): Promise<DataQualityReportInput> {
  const day = await dayReportInputs(store, extractDate, trust);
  return (
    day.trusts.find((t) => t.trust === trust) ?? {
      trust,
      extractDate,
      files: [],
      rowsRead: 0,
      eligible: 0,
      skipped: {},
      rowErrors: [],
      findings: [],
      held: [],
      conflicts: [],
    }
  );
}
