import fs from 'node:fs';
import path from 'node:path';
import { parseExtractFileName } from '../src/extract/file-name';
import { CHANGE_SET_DOCUMENTS_KEPT_MS, retentionDates, TERMINAL_CHANGE_SET_STATUSES } from '../src/rules/retention';
import type { ChangeSetDoc } from '../store/documents';
import { activityLogger, heartbeat, type ActivityDeps } from './dependencies';

export interface ApplyRetentionArgs {
  /** The instant the retention run stands at; by default the worker's clock (deps.now). */
  asOf?: string;
  /** Count what the purge would remove and change nothing (`esr retention --dry-run`). */
  dryRun?: boolean;
}

export interface ApplyRetentionResult {
  purgeBefore: string;
  dryRun: boolean;
  archivedFiles: number;
  deletedFiles: number;
  /** Files a read-only inbox kept (copied to the archive when processed): the file transfer's to remove. */
  leftInInbox: number;
  /** Of those, files already past RETENTION_DAYS: never copied again, reported for someone to remove. */
  leftInInboxPastRetention: number;
  /** Reports (CSV, HTML, the day's index) of dates past retention, deleted. */
  deletedReports: number;
  /** The embedded stack's log files not written to within RETENTION_DAYS, deleted. */
  deletedLogs: number;
  /** Documents deleted per collection. */
  purged: Record<string, number>;
  /** Documents whose personal values (free text, before/after values) were removed, per collection. */
  valuesRemoved: Record<string, number>;
  changeSetsTrimmed: number;
  /**
   * Change sets a day old and still not finished (PREPARED, APPLIED, COMPENSATION_FAILED): raised to operators
   * each night (ids only); past RETENTION_DAYS their values are removed anyway.
   */
  stuckChangeSets: string[];
}

/**
 * Keeps personal data only as long as needed (RETENTION_DAYS), wherever it was copied:
 * 1. processed inbox files (recorded in esr_files) of dates before today move to the archive (ESR_ARCHIVE_DIR),
 *    copied first, so a move across file systems or out of a read-only inbox never loses a file; a file already
 *    past retention is never copied (it would come back each night after the archive's purge), only reported;
 * 2. archived files, inbox files nobody processed, and the trusts' reports of dates before the cutoff are deleted,
 *    and so are the embedded stack's log files (ESR_LOG_DIR) not written to since the cutoff;
 * 3. staged rows and everything derived from them for dates before the cutoff are deleted by query (FerretDB has
 *    no TTL indexes);
 * 4. finished change sets (every terminal state) a day old lose their whole before/after documents, keeping the
 *    changed paths with their values; past the cutoff every change set, finished or stuck, loses the values too;
 * 5. past the cutoff the audit keeps who, what and when but no before/after value; outcomes lose their free text;
 *    operator notes are deleted (every other record refers to them by id) and a file's decision reason goes; delivered, refused and cancelled events are deleted and
 *    pending ones lose their last error (a receiver's answer can quote a value).
 * Idempotent: a retry finds less to do. With dryRun, counts the same things and changes nothing.
 */
export function applyRetention(deps: ActivityDeps) {
  return async function applyRetention(args: ApplyRetentionArgs = {}): Promise<ApplyRetentionResult> {
    const dryRun = args.dryRun ?? false;
    const at = args.asOf ? new Date(args.asOf) : deps.now();
    const { purgeBefore, archiveBefore } = retentionDates(at, deps.retention.days);
    const cutoff = new Date(at.getTime() - deps.retention.days * 86_400_000).toISOString();
    const archiveDir = deps.retention.archiveDir;
    const dateOf = (name: string) => {
      const parsed = parseExtractFileName(name);
      return parsed.ok ? parsed.extractDate : undefined;
    };
    const pastRetention = (full: string, date: string | undefined) =>
      date !== undefined ? date < purgeBefore : isOlderThan(full, cutoff);
    const remove = (full: string) => dryRun || removeFile(full);

    let archivedFiles = 0;
    let deletedFiles = 0;
    let leftInInbox = 0;
    let leftInInboxPastRetention = 0;
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
      if (pastRetention(full, date)) {
        if (remove(full)) deletedFiles += 1;
        else {
          leftInInbox += 1;
          leftInInboxPastRetention += 1;
        }
      } else if (date !== undefined && date < archiveBefore && recorded.has(entry.name)) {
        const target = path.join(archiveDir, entry.name);
        if (!fs.existsSync(target)) {
          if (!dryRun) {
            fs.mkdirSync(archiveDir, { recursive: true });
            fs.copyFileSync(full, target);
          }
          archivedFiles += 1;
        }
        if (!remove(full)) leftInInbox += 1;
      }
    }
    for (const full of filesUnder(archiveDir)) {
      if (pastRetention(full, dateOf(path.basename(full))) && remove(full)) deletedFiles += 1;
    }
    let deletedReports = 0;
    for (const full of filesUnder(deps.reportsDir)) {
      const date = /^(\d{4}-\d{2}-\d{2})\.(csv|html)$/.exec(path.basename(full))?.[1];
      if (date !== undefined && date < purgeBefore && remove(full)) deletedReports += 1;
    }
    let deletedLogs = 0;
    for (const full of deps.retention.logDir ? filesUnder(deps.retention.logDir, false) : []) {
      if (full.endsWith('.log') && isOlderThan(full, cutoff) && remove(full)) deletedLogs += 1;
    }
    heartbeat('files');

    const s = deps.store;
    const old = { extractDate: { $lt: purgeBefore } };
    const purged: Record<string, number> = {};
    const deleteMany = async (name: string, collection: typeof s.rows, filter: object) => {
      purged[name] =
        (purged[name] ?? 0) +
        (dryRun ? await collection.countDocuments(filter) : (await collection.deleteMany(filter)).deletedCount);
      heartbeat(name);
    };
    for (const [name, collection] of [
      ['esr_rows', s.rows],
      ['esr_person_rows', s.personRows],
      ['esr_trainee_pages', s.traineePages],
      ['esr_match_candidates', s.matchCandidates],
      ['esr_row_errors', s.rowErrors],
      ['esr_findings', s.findings],
    ] as const)
      await deleteMany(name, collection as unknown as typeof s.rows, old);
    // Operator notes go whole; the operator audit (append-only for the worker in production) keeps their ids.
    await deleteMany('esr_operator_notes', s.operatorNotes as unknown as typeof s.rows, { at: { $lt: cutoff } });
    await deleteMany('esr_outbox', s.outbox as unknown as typeof s.rows, {
      occurredAt: { $lt: cutoff },
      status: { $ne: 'PENDING' },
    });

    const valuesRemoved: Record<string, number> = {};
    const strip = async (name: string, collection: typeof s.rows, filter: object, unset: string[]) => {
      const matching = { ...filter, $or: unset.map((field) => ({ [field]: { $exists: true } })) };
      valuesRemoved[name] =
        (valuesRemoved[name] ?? 0) +
        (dryRun
          ? await collection.countDocuments(matching)
          : (await collection.updateMany(matching, { $unset: Object.fromEntries(unset.map((f) => [f, ''])) }))
              .modifiedCount);
      heartbeat(name);
    };
    const asRows = <T>(c: T) => c as unknown as typeof s.rows;
    await strip('esr_audit', asRows(s.audit), { at: { $lt: cutoff } }, ['before', 'after']);
    await strip('esr_outcomes', asRows(s.outcomes), old, ['detail']);
    await strip('esr_files', asRows(s.files), old, ['massChange.decisionReason']);
    await strip('esr_outbox', asRows(s.outbox), { occurredAt: { $lt: cutoff } }, ['lastError', 'refusal.answer']);

    // Whole documents of finished change sets: a day is enough for a retry of their last step.
    const finishedBefore = new Date(at.getTime() - CHANGE_SET_DOCUMENTS_KEPT_MS).toISOString();
    const whole = await s.changeSets
      .find(
        {
          status: { $in: [...TERMINAL_CHANGE_SET_STATUSES] },
          preparedAt: { $lt: finishedBefore },
          before: { $exists: true },
        },
        { projection: { 'after.version': 1 } },
      )
      .toArray();
    if (!dryRun)
      for (const cs of whole) {
        await s.changeSets.updateOne(
          { _id: cs._id },
          { $set: { afterVersion: cs.after?.version }, $unset: { before: '', after: '' } },
        );
      }
    // Past the cutoff nothing of a change set's values stays, whatever its state: the paths and versions do.
    const expired = await s.changeSets
      .find({ preparedAt: { $lt: cutoff }, valuesRemovedAt: { $exists: false } })
      .toArray();
    if (!dryRun)
      for (const cs of expired) {
        await s.changeSets.updateOne(
          { _id: cs._id },
          {
            $set: {
              changes: cs.changes.map((c) => ({ path: c.path, after: '' })),
              valuesRemovedAt: at.toISOString(),
              ...(cs.after ? { afterVersion: cs.after.version } : {}),
            },
            $unset: { before: '', after: '' },
          },
        );
      }
    valuesRemoved.esr_change_sets = expired.length;
    const stuck = await s.changeSets
      .find(
        { status: { $nin: [...TERMINAL_CHANGE_SET_STATUSES] }, preparedAt: { $lt: finishedBefore } },
        { projection: { _id: 1 } },
      )
      .toArray();
    const stuckChangeSets = stuck.map((cs: Pick<ChangeSetDoc, '_id'>) => cs._id).sort();

    const result: ApplyRetentionResult = {
      purgeBefore,
      dryRun,
      archivedFiles,
      deletedFiles,
      leftInInbox,
      leftInInboxPastRetention,
      deletedReports,
      deletedLogs,
      purged,
      valuesRemoved,
      changeSetsTrimmed: whole.length,
      stuckChangeSets,
    };
    const log = activityLogger(deps);
    log.info(
      { ...result, stuckChangeSets: stuckChangeSets.length },
      dryRun ? 'retention dry run' : 'retention applied',
    );
    if (stuckChangeSets.length)
      log.warn(
        { stuckChangeSets },
        'change sets not finished after a day: see runbook 8.1 (their values go at retention)',
      );
    if (leftInInboxPastRetention)
      log.warn(
        { files: leftInInboxPastRetention },
        'inbox files past retention left by a read-only inbox: remove them',
      );
    return result;
  };
}

/**
 * Removes a file; false when its folder is read-only (as docker-compose mounts the inbox: the worker never alters
 * ESR's drop folder there, and the file transfer that fills it clears it).
 */
function removeFile(file: string): boolean {
  try {
    fs.rmSync(file, { force: true });
    return true;
  } catch (err) {
    if (['EROFS', 'EACCES', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '')) return false;
    throw err;
  }
}

/** Every file under dir (in its sub-folders too unless told otherwise); none when it does not exist. */
function filesUnder(dir: string, deep = true): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isFile()) return [full];
    return deep && entry.isDirectory() ? filesUnder(full) : [];
  });
}

/** For a file whose name carries no date: its modification time. */
function isOlderThan(file: string, cutoff: string): boolean {
  return fs.statSync(file).mtime.toISOString() < cutoff;
}
