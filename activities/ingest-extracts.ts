import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseExtractFileName } from '../src/extract/file-name';
import { readExtractFile, type ExtractSummary } from '../src/extract/read-extract';
import type { ExtractHeader } from '../src/extract/types';
import type { EsrFileDoc, EsrRowDoc, EsrRowErrorDoc } from '../store/documents';
import { insertOnce } from '../store/insert-once';
import { putById } from '../store/put-by-id';
import { activityLogger, currentWorkflowId, heartbeat, type ActivityDeps } from './dependencies';

export interface IngestExtractsArgs {
  extractDate: string;
  /** Read just these files (ones found still being written by the run's first pass), listing nothing else. */
  only?: string[];
}

/**
 * A day's file as operators see it: APPLIED, REJECTED (with its reason), AWAITING_APPROVAL (held by the
 * mass-change check), or MISSING: an expected local office sent none (`name` is then the office's code).
 */
export type DayFileStatus = 'APPLIED' | 'REJECTED' | 'AWAITING_APPROVAL' | 'MISSING';

export interface IngestedFile {
  name: string;
  status: DayFileStatus;
  rows: number;
  rowErrors: number;
  trusts: string[];
  reason?: string;
  /** True when this run found the file already recorded by an earlier run (same name and content). */
  alreadyRecorded: boolean;
  /** The file's record, `<name>#<sha256>`; absent for a MISSING office. */
  id?: string;
  /** Accepted, but not checked for a mass change yet: its rows wait for the check. */
  unchecked?: boolean;
  /** Why the file was held for an operator, and once decided, the decision. */
  hold?: FileHold;
}

/** A file held by the mass-change check: why, until when, and the decision (no personal data). */
export interface FileHold {
  reasons: string[];
  /** When it is rejected if nobody decides (ISO-8601). */
  deadline?: string;
  decision?: 'APPROVED' | 'REJECTED';
  decidedBy?: string;
  decidedAt?: string;
  decisionReason?: string;
}

export interface IngestExtractsResult {
  files: IngestedFile[];
  /** Files for the date still being written (too young, or growing while read): the run waits, then reads them. */
  settling?: SettlingFile[];
}

export interface SettlingFile {
  name: string;
  /** How long to wait before reading it again. */
  waitMs: number;
}

const BATCH = 500;

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  let read = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    // A large file takes a while: say so every 16 MB, so the worker is not taken for dead.
    read += (chunk as Buffer).length;
    if (read >= 16 * 1024 * 1024) {
      heartbeat();
      read = 0;
    }
  }
  return hash.digest('hex');
}

/** Size and modification time, to tell a file still being written. */
function stamp(file: string): { size: number; mtimeMs: number } {
  const s = fs.statSync(file);
  return { size: s.size, mtimeMs: s.mtimeMs };
}

export function toIngested(doc: EsrFileDoc, alreadyRecorded: boolean): IngestedFile {
  const check = doc.massChange;
  const waiting = doc.status === 'ACCEPTED' && check?.state === 'AWAITING_APPROVAL';
  return {
    name: doc.name,
    status: doc.status === 'ACCEPTED' ? (waiting ? 'AWAITING_APPROVAL' : 'APPLIED') : 'REJECTED',
    rows: doc.rowsRead,
    rowErrors: doc.rowErrors,
    trusts: doc.trusts,
    ...(doc.reason ? { reason: doc.reason } : {}),
    alreadyRecorded,
    id: doc._id,
    ...(doc.status === 'ACCEPTED' && !check ? { unchecked: true } : {}),
    ...(check?.reasons.length
      ? {
          hold: {
            reasons: check.reasons,
            ...(check.state === 'APPROVED' || check.state === 'REJECTED' ? { decision: check.state } : {}),
            ...(check.decidedBy ? { decidedBy: check.decidedBy } : {}),
            ...(check.decidedAt ? { decidedAt: check.decidedAt } : {}),
            ...(check.decisionReason ? { decisionReason: check.decisionReason } : {}),
          },
        }
      : {}),
  };
}

/** An expected office with no file for the date: listed so that silence is news. */
const missing = (office: string): IngestedFile => ({
  name: office,
  status: 'MISSING',
  rows: 0,
  rowErrors: 0,
  trusts: [],
  alreadyRecorded: false,
});

/**
 * Reads the inbox files for one extract date into MongoDB: rows staged, bad lines quarantined, each file recorded
 * as accepted or rejected with its checksum. A file already recorded (same name and content) is not read again,
 * so a re-run never applies a file twice; a file is never moved or deleted, so none is lost. An accepted file's
 * rows stay invisible (`accepted: false`) until the mass-change check clears them (holdUnusualFiles). Each
 * expected office without a file for the date is listed as MISSING; a late file is read by the next run.
 */
export function ingestExtracts(deps: ActivityDeps) {
  return async function ingestExtracts({ extractDate, only }: IngestExtractsArgs): Promise<IngestExtractsResult> {
    const log = activityLogger(deps);
    const names = fs.existsSync(deps.inboxDir)
      ? fs
          .readdirSync(deps.inboxDir, { withFileTypes: true })
          .filter((e) => e.isFile() && !e.name.startsWith('.'))
          .map((e) => e.name)
      : [];
    const named = names.sort().map((name) => ({ name, parsed: parseExtractFileName(name) }));
    const misnamed = named.flatMap(({ name, parsed }) => (parsed.ok ? [] : [{ name, reason: parsed.reason }]));
    const datedNames = named.filter(({ parsed }) => parsed.ok && parsed.extractDate === extractDate);
    const forDate = datedNames.map((n) => n.name).filter((name) => !only || only.includes(name));
    const offices = new Set(datedNames.map(({ parsed }) => (parsed.ok ? parsed.localOffice : '')));
    const files: IngestedFile[] = only ? [] : await rejectMisnamed(deps, misnamed, extractDate);
    const settling: SettlingFile[] = [];
    for (const name of forDate) {
      const full = path.join(deps.inboxDir, name);
      const before = stamp(full);
      const age = deps.now().getTime() - before.mtimeMs;
      if (age < deps.fileMinAgeMs) {
        // Perhaps still being copied in: this run waits for it (a durable timer), then reads it.
        log.warn({ file: name }, 'extract younger than ESR_FILE_MIN_AGE_MS: waited for, then read');
        settling.push({ name, waitMs: Math.max(deps.fileMinAgeMs - age, 1_000) });
        continue;
      }
      const checksum = await sha256(full);
      const after = stamp(full);
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
        log.warn({ file: name }, 'extract still growing while read: waited for, then read again');
        settling.push({ name, waitMs: Math.max(deps.fileMinAgeMs, 1_000) });
        continue;
      }
      const id = `${name}#${checksum}`;
      const existing = await deps.store.files.findOne({ _id: id });
      if (existing) {
        files.push(toIngested(existing, true));
        continue;
      }
      const other = await deps.store.files.findOne({ name, status: 'ACCEPTED' });
      if (other) {
        // ESR never reissues a file under the same name; different content under an accepted name is suspect.
        const doc = await recordFile(deps, id, name, checksum, extractDate, {
          file: name,
          status: 'REJECTED',
          reasonCode: 'DUPLICATE_NAME',
          reason: `a different file named ${name} was already applied; ESR sends a new file with a higher sequence number`,
          dataLines: 0,
          rowsRead: 0,
          rowErrors: 0,
        });
        files.push(toIngested(doc, false));
        continue;
      }
      let doc: EsrFileDoc;
      try {
        doc = await ingestFile(deps, full, id, name, checksum, extractDate);
      } catch (err) {
        // One unreadable file (permissions, a vanished mount) must not stop the day: it is rejected on its own.
        // Anything else (MongoDB away) fails the step, which Temporal retries.
        const code = (err as NodeJS.ErrnoException).code;
        if (!(err instanceof Error) || !('syscall' in err) || typeof code !== 'string') throw err;
        await deps.store.rows.deleteMany({ file: name, accepted: false });
        doc = await recordFile(deps, id, name, checksum, extractDate, {
          file: name,
          status: 'REJECTED',
          reasonCode: 'UNREADABLE',
          reason: `the file could not be read (${code}); it is read again by a re-run once it can be`,
          dataLines: 0,
          rowsRead: 0,
          rowErrors: 0,
        });
      }
      log.info({ file: name, status: doc.status, rows: doc.rowsRead, rowErrors: doc.rowErrors }, 'extract recorded');
      files.push(toIngested(doc, false));
    }
    if (!only) files.push(...deps.guards.expectedOffices.filter((o) => !offices.has(o)).map(missing));
    return { files, ...(settling.length ? { settling } : {}) };
  };
}

/**
 * A file in the inbox that is not named as ESR names its extracts cannot be dated or applied, but it is not
 * ignored: the first run that finds it records it as rejected, with its reason, and lists it.
 */
async function rejectMisnamed(
  deps: ActivityDeps,
  misnamed: { name: string; reason: string }[],
  extractDate: string,
): Promise<IngestedFile[]> {
  const files: IngestedFile[] = [];
  for (const { name, reason } of misnamed) {
    // A misnamed file recorded after it last changed is the same file: no need to read it whole again each run.
    const known = await deps.store.files.findOne({ name, reasonCode: 'BAD_FILE_NAME' }, { sort: { recordedAt: -1 } });
    if (known && Date.parse(known.recordedAt) > stamp(path.join(deps.inboxDir, name)).mtimeMs) {
      if (known.extractDate === extractDate) files.push(toIngested(known, true));
      continue;
    }
    const checksum = await sha256(path.join(deps.inboxDir, name));
    const id = `${name}#${checksum}`;
    const existing = await deps.store.files.findOne({ _id: id });
    if (existing) {
      if (existing.extractDate === extractDate) files.push(toIngested(existing, true));
      continue;
    }
    const doc = await recordFile(deps, id, name, checksum, extractDate, {
      file: name,
      status: 'REJECTED',
      reasonCode: 'BAD_FILE_NAME',
      reason,
      dataLines: 0,
      rowsRead: 0,
      rowErrors: 0,
    });
    activityLogger(deps).warn({ file: name, reasonCode: 'BAD_FILE_NAME' }, 'extract rejected');
    files.push(toIngested(doc, false));
  }
  return files;
}

async function ingestFile(
  deps: ActivityDeps,
  full: string,
  id: string,
  name: string,
  checksum: string,
  extractDate: string,
): Promise<EsrFileDoc> {
  // Rows staged by an earlier attempt (a crash mid-file, or a file resent under the same name) are never
  // accepted: their ids are `<name>#<line>`, so clear them before staging this content.
  await deps.store.rows.deleteMany({ file: name, accepted: false });
  await deps.store.rowErrors.deleteMany({ file: name });
  const rows: EsrRowDoc[] = [];
  const errors: EsrRowErrorDoc[] = [];
  const trusts = new Set<string>();
  const rowsByTrust: Record<string, number> = {};
  // Row ids per person, kept until the file is accepted: ids only, a few MB for a national file.
  const rowIdsByPerson = new Map<string, string[]>();
  let header: ExtractHeader | undefined;
  const flush = async () => {
    if (rows.length) {
      await insertOnce(deps.store.rows, rows);
      rows.length = 0;
    }
    if (errors.length) {
      await insertOnce(deps.store.rowErrors, errors);
      errors.length = 0;
    }
    heartbeat();
  };
  let summary: ExtractSummary | undefined;
  for await (const item of readExtractFile(full)) {
    if (item.kind === 'header') {
      header = item.header;
    } else if (item.kind === 'row') {
      const { row, ref } = item;
      const rowId = `${ref.file}#${ref.line}`;
      trusts.add(row.employingTrust);
      rowsByTrust[row.employingTrust] = (rowsByTrust[row.employingTrust] ?? 0) + 1;
      rowIdsByPerson.set(row.esrPersonId, [...(rowIdsByPerson.get(row.esrPersonId) ?? []), rowId]);
      rows.push({
        _id: rowId,
        file: ref.file,
        line: ref.line,
        extractDate,
        trust: row.employingTrust,
        esrPersonId: row.esrPersonId,
        ...(row.gmcNumber ? { gmcNumber: row.gmcNumber } : {}),
        row,
        fileSeq: header?.seq ?? 0,
        fileGeneratedAt: header?.generatedAt ?? '',
        accepted: false,
      });
    } else if (item.kind === 'rowError') {
      const e = item.error;
      if (e.trust) trusts.add(e.trust);
      errors.push({ _id: `${e.file}#${e.line}`, ...e, extractDate, text: item.text ?? '' });
    } else if (item.kind === 'end') {
      summary = item.summary;
    }
    if (rows.length + errors.length >= BATCH) await flush();
  }
  await flush();
  if (!summary) throw new Error(`reader ended without a summary for ${name}`);
  if (summary.status === 'ACCEPTED') {
    // The rows stay `accepted: false` until the mass-change check clears the file (holdUnusualFiles).
    const people = [...rowIdsByPerson.entries()];
    for (let i = 0; i < people.length; i += BATCH) {
      const batch = people.slice(i, i + BATCH);
      const docs = batch.map(([esrPersonId, rowIds]) => ({
        _id: `${extractDate}#${esrPersonId}`,
        extractDate,
        esrPersonId,
        rowIds,
      }));
      // A person already indexed that day came in an earlier file too: only they need the (slower) update.
      for (const k of await insertOnce(deps.store.personRows, docs)) {
        await deps.store.personRows.updateOne(
          { _id: docs[k]._id },
          { $addToSet: { rowIds: { $each: docs[k].rowIds } } },
        );
      }
      heartbeat();
    }
  } else {
    // A rejected file applies nothing: its staged rows go; its quarantined lines go too, as the file is the finding.
    await deps.store.rows.deleteMany({ file: name });
    await deps.store.rowErrors.deleteMany({ file: name });
  }
  return recordFile(deps, id, name, checksum, extractDate, summary, [...trusts].sort(), rowsByTrust);
}

async function recordFile(
  deps: ActivityDeps,
  id: string,
  name: string,
  checksum: string,
  extractDate: string,
  summary: ExtractSummary,
  trusts: string[] = [],
  rowsByTrust?: Record<string, number>,
): Promise<EsrFileDoc> {
  const doc: EsrFileDoc = {
    _id: id,
    name,
    sha256: checksum,
    extractDate,
    ...(summary.header ? { header: summary.header } : {}),
    status: summary.status,
    ...(summary.reasonCode ? { reasonCode: summary.reasonCode } : {}),
    ...(summary.reason ? { reason: summary.reason } : {}),
    dataLines: summary.dataLines,
    rowsRead: summary.rowsRead,
    rowErrors: summary.rowErrors,
    trusts,
    ...(summary.status === 'ACCEPTED' && rowsByTrust ? { rowsByTrust } : {}),
    recordedAt: deps.now().toISOString(),
    workflowId: currentWorkflowId(),
  };
  const { _id, ...fields } = doc;
  if (await putById(deps.store.files, _id, fields)) {
    const parsed = parseExtractFileName(name);
    deps.metrics.fileCounted(summary.status, parsed.ok ? parsed.localOffice : undefined);
  }
  return doc;
}
