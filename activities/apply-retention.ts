import fs from 'node:fs';
import path from 'node:path';
import { parseExtractFileName } from '../src/extract/file-name';
import { CHANGE_SET_DOCUMENTS_KEPT_MS, retentionDates } from '../src/rules/retention';
import { activityLogger, heartbeat, type ActivityDeps } from './dependencies';

export interface ApplyRetentionArgs {
  /** The instant the retention run stands at (the workflow's time, so a retry purges the same things). */
  asOf: string;
}

export interface ApplyRetentionResult {
  purgeBefore: string;
  archivedFiles: number;
  deletedFiles: number;
  /** Files a read-only inbox kept (copied to the archive when processed): the file transfer's to remove. */
  leftInInbox: number;
  /** Documents deleted per collection. */
  purged: Record<string, number>;
  changeSetsTrimmed: number;
}

/**
 * Keeps personal data only as long as needed (RETENTION_DAYS):
 * 1. processed inbox files (recorded in esr_files) of dates before today move to the archive (ESR_ARCHIVE_DIR),
 *    copied first, so a move across file systems or out of a read-only inbox never loses a file;
 * 2. archived files, and inbox files nobody processed, of dates before the cutoff are deleted;
 * 3. staged rows and everything derived from them for dates before the cutoff are deleted by query (FerretDB has
 *    no TTL indexes);
 * 4. finished change sets a day old lose their whole before/after documents, keeping the changed paths with their
 *    before/after values (as the audit does).
 * Idempotent: a retry finds less to do.
 */
export function applyRetention(deps: ActivityDeps) {
  return async function applyRetention({ asOf }: ApplyRetentionArgs): Promise<ApplyRetentionResult> {
    const at = new Date(asOf);
    const { purgeBefore, archiveBefore } = retentionDates(at, deps.retention.days);
    const archiveDir = deps.retention.archiveDir;
    const dateOf = (name: string) => {
      const parsed = parseExtractFileName(name);
      return parsed.ok ? parsed.extractDate : undefined;
    };

    let archivedFiles = 0;
    let deletedFiles = 0;
    let leftInInbox = 0;
    const inbox = fs.existsSync(deps.inboxDir) ? fs.readdirSync(deps.inboxDir, { withFileTypes: true }) : [];
    const recorded = new Set(
      (await deps.store.files.find({}, { projection: { name: 1, massChange: 1 } }).toArray())
        .filter((f) => f.massChange?.state !== 'AWAITING_APPROVAL')
        .map((f) => f.name),
    );
    for (const entry of inbox) {
      if (!entry.isFile()) continue;
      const date = dateOf(entry.name);
      const full = path.join(deps.inboxDir, entry.name);
      if (date !== undefined && date < archiveBefore && recorded.has(entry.name)) {
        fs.mkdirSync(archiveDir, { recursive: true });
        const target = path.join(archiveDir, entry.name);
        if (!fs.existsSync(target)) {
          fs.copyFileSync(full, target);
          archivedFiles += 1;
        }
        if (removeFromInbox(full)) continue;
        leftInInbox += 1;
      } else if (date !== undefined ? date < purgeBefore : isOlderThanRetention(full, at, deps.retention.days)) {
        if (removeFromInbox(full)) deletedFiles += 1;
        else leftInInbox += 1;
      }
    }
    for (const entry of fs.existsSync(archiveDir) ? fs.readdirSync(archiveDir, { withFileTypes: true }) : []) {
      if (!entry.isFile()) continue;
      const full = path.join(archiveDir, entry.name);
      const date = dateOf(entry.name);
      if (date !== undefined ? date < purgeBefore : isOlderThanRetention(full, at, deps.retention.days)) {
        fs.rmSync(full, { force: true });
        deletedFiles += 1;
      }
    }
    heartbeat('files');

    const old = { extractDate: { $lt: purgeBefore } };
    const s = deps.store;
    const purged: Record<string, number> = {};
    for (const [name, collection] of [
      ['esr_rows', s.rows],
      ['esr_person_rows', s.personRows],
      ['esr_trainee_pages', s.traineePages],
      ['esr_match_candidates', s.matchCandidates],
      ['esr_row_errors', s.rowErrors],
      ['esr_findings', s.findings],
    ] as const) {
      purged[name] = (await (collection as typeof s.rows).deleteMany(old)).deletedCount;
      heartbeat(name);
    }

    const finishedBefore = new Date(at.getTime() - CHANGE_SET_DOCUMENTS_KEPT_MS).toISOString();
    const whole = await s.changeSets
      .find(
        {
          status: { $in: ['NOTIFIED', 'COMPENSATED', 'SUPERSEDED'] },
          preparedAt: { $lt: finishedBefore },
          before: { $exists: true },
        },
        { projection: { 'after.version': 1 } },
      )
      .toArray();
    for (const cs of whole) {
      await s.changeSets.updateOne(
        { _id: cs._id },
        { $set: { afterVersion: cs.after?.version }, $unset: { before: '', after: '' } },
      );
    }
    const result = { purgeBefore, archivedFiles, deletedFiles, leftInInbox, purged, changeSetsTrimmed: whole.length };
    activityLogger(deps).info(result, 'retention applied');
    return result;
  };
}

/**
 * Removes a file from the inbox; false when the inbox is read-only (as docker-compose mounts it: the worker never
 * alters ESR's drop folder there, and the file transfer that fills it clears it).
 */
function removeFromInbox(file: string): boolean {
  try {
    fs.rmSync(file, { force: true });
    return true;
  } catch (err) {
    if (['EROFS', 'EACCES', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '')) return false;
    throw err;
  }
}

/** For a file whose name carries no date: its modification time. */
function isOlderThanRetention(file: string, at: Date, days: number): boolean {
  return fs.statSync(file).mtime.getTime() < at.getTime() - days * 86_400_000;
}
