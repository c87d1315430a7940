import { parseExtractFileName } from '../src/extract/file-name';
import { addDays } from '../src/london-date';
import {
  describeMassChange,
  massChangeReasons,
  type FileChangeProfile,
  type TrustBaseline,
} from '../src/rules/mass-change';
import type { MassChangeCheck } from '../store/documents';
import { activityLogger, heartbeat, type ActivityDeps } from './dependencies';

export interface HoldUnusualFilesArgs {
  extractDate: string;
  /** The day's accepted files (including any still waiting from an earlier run of the date). */
  files: { id: string; name: string }[];
  /** What the unchecked ones would do (prepareMatchCandidates). */
  profiles: FileChangeProfile[];
  linkedByTrust: Record<string, number>;
}

export interface HeldFile {
  id: string;
  name: string;
  /** Why it waits, one line each: codes, trusts and counts. */
  reasons: string[];
}

export interface HoldUnusualFilesResult {
  held: HeldFile[];
  /** How long a held file waits for an operator before it is rejected (APPROVAL_TIMEOUT). */
  approvalTimeoutMs: number;
}

/**
 * The mass-change check, before any trainee starts: each accepted file not checked yet is compared with what is
 * usual (src/rules/mass-change.ts). A file within every threshold is cleared, its rows made visible to the
 * trainees; a file above one waits for an operator, its rows kept out of every run and resync until approved.
 * A file already waiting from an earlier run of the date waits again.
 */
export function holdUnusualFiles(deps: ActivityDeps) {
  return async function holdUnusualFiles(args: HoldUnusualFilesArgs): Promise<HoldUnusualFilesResult> {
    const { extractDate } = args;
    const thresholds = deps.guards.massChange;
    const held: HeldFile[] = [];
    let baselines: Record<string, TrustBaseline> | undefined;
    for (const { id, name } of args.files) {
      heartbeat();
      const doc = await deps.store.files.findOne({ _id: id });
      if (!doc || doc.status !== 'ACCEPTED') continue;
      if (doc.massChange?.state === 'AWAITING_APPROVAL') {
        held.push({ id, name, reasons: doc.massChange.reasons });
        continue;
      }
      if (doc.massChange) continue; // cleared or approved earlier
      const profile = args.profiles.find((p) => p.file === name);
      baselines ??= await recentBaselines(deps, extractDate, args.linkedByTrust);
      const reasons = profile ? massChangeReasons(profile, baselines, thresholds).map(describeMassChange) : [];
      const check: MassChangeCheck = {
        state: reasons.length ? 'AWAITING_APPROVAL' : 'CLEAR',
        reasons,
        checkedAt: deps.now().toISOString(),
      };
      // Rows first: a run stopped in between finds the file unchecked and checks it again. (A file recorded before
      // the check existed has its rows visible already: held, they are hidden again.)
      await deps.store.rows.updateMany({ file: name }, { $set: { accepted: reasons.length === 0 } });
      const set = await deps.store.files.updateOne(
        { _id: id, massChange: { $exists: false } },
        { $set: { massChange: check } },
      );
      if (reasons.length && set.modifiedCount === 1) {
        const parsed = parseExtractFileName(name);
        deps.metrics.fileCounted('AWAITING_APPROVAL', parsed.ok ? parsed.localOffice : undefined);
      }
      if (reasons.length) {
        activityLogger(deps).warn({ file: name, reasons }, 'extract held for approval: a mass change');
        held.push({ id, name, reasons });
      }
    }
    return { held, approvalTimeoutMs: deps.guards.approvalTimeoutMs };
  };
}

/** Per trust: its linked trainees, and its rows on each of the recent days that had accepted files. */
async function recentBaselines(
  deps: ActivityDeps,
  extractDate: string,
  linkedByTrust: Record<string, number>,
): Promise<Record<string, TrustBaseline>> {
  const since = addDays(extractDate, -deps.guards.massChange.historyDays);
  const recent = await deps.store.files
    .find(
      { extractDate: { $gte: since, $lt: extractDate }, status: 'ACCEPTED' },
      { projection: { extractDate: 1, rowsByTrust: 1, massChange: 1 } },
    )
    .toArray();
  const days = new Map<string, Record<string, number>>();
  for (const f of recent) {
    if (f.massChange?.state === 'AWAITING_APPROVAL' || !f.extractDate) continue;
    const day = days.get(f.extractDate) ?? {};
    for (const [trust, rows] of Object.entries(f.rowsByTrust ?? {})) day[trust] = (day[trust] ?? 0) + rows;
    days.set(f.extractDate, day);
  }
  const trusts = new Set([...Object.keys(linkedByTrust), ...[...days.values()].flatMap((d) => Object.keys(d))]);
  return Object.fromEntries(
    [...trusts].map((trust) => [
      trust,
      {
        linkedTrainees: linkedByTrust[trust] ?? 0,
        recentDailyRows: [...days.values()].map((d) => d[trust] ?? 0),
      },
    ]),
  );
}
