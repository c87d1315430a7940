/**
 * What the Temporal Web UI shows of our workflows besides their payloads (Temporal's user metadata, on a
 * workflow's "User Metadata" tab): a trainee's summary and details, its current details as it goes, and the daily
 * run's live counts. The UI renders details as Markdown, so several lines are a headline and a list. Identifiers,
 * codes, field names and counts only: never a personal value, since user metadata is stored as it is. Safe to
 * import from workflow code.
 */

/** A headline, then one list item per line: Markdown, as the UI renders details. */
const markdown = (headline: string, items: readonly string[] = []): string =>
  items.length ? `${headline}\n\n${items.map((i) => `- ${i}`).join('\n')}` : headline;
import { TRAINEE_OUTCOMES, type RecordedOutcome } from './extract/types';
import type { RunCounts } from './run-counts';

export interface TraineeIdentity {
  esrPersonId: string;
  /** The trust codes of the trainee's rows, comma-separated; empty when not known at start. */
  trusts: string;
  extractDate: string;
  kind: 'DAILY' | 'RESYNC';
}

/** One line for the workflow list and the parent's history: `ESR 10273871 · RGT · 2026-11-25 · DAILY`. */
export function traineeSummary(t: TraineeIdentity): string {
  return ['ESR', t.esrPersonId, '·', ...(t.trusts ? [t.trusts, '·'] : []), t.extractDate, '·', t.kind].join(' ');
}

export function traineeStaticDetails(t: TraineeIdentity, startedBy: string): string {
  // Three short lines: the UI shows details in a box a few lines high.
  return [
    `- ESR person ${t.esrPersonId}, trust ${t.trusts || 'read from the rows'}`,
    `- Extract date ${t.extractDate}, ${t.kind}`,
    `- Started by ${startedBy}`,
  ].join('\n');
}

export interface TraineeEnd {
  outcome: RecordedOutcome;
  reason?: string;
  detail?: string;
  tisPersonId?: string;
  changedFields: readonly string[];
  conflictFields: readonly string[];
  skippedRows?: readonly { reason: string }[];
}

/** `UPDATED: contactDetails.workEmail, contactDetails.mobileNumber`, `HELD: AMBIGUOUS_MATCH`: field names only. */
export function traineeOutcomeDetails(e: TraineeEnd): string {
  const head =
    e.outcome === 'UPDATED'
      ? `UPDATED: ${e.changedFields.join(', ')}`
      : e.outcome === 'COMPENSATED'
        ? `COMPENSATED: ${e.reason ?? 'notification failed'}; undone: ${e.changedFields.join(', ')}`
        : `${e.outcome}${e.reason ? `: ${e.reason}` : ''}`;
  const skipped = countBy((e.skippedRows ?? []).map((s) => s.reason));
  return markdown(head, [
    ...(e.conflictFields.length ? [`newer in TIS, kept: ${e.conflictFields.join(', ')}`] : []),
    ...(e.tisPersonId ? [`TIS person ${e.tisPersonId}`] : []),
    ...(skipped.length ? [`rows skipped: ${skipped.join(', ')}`] : []),
  ]);
}

function countBy(codes: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([c, n]) => `${c} ${n}`);
}

export interface DailyRunPicture {
  extractDate: string;
  counts: RunCounts;
  trainees: number;
  inFlight: number;
  done: boolean;
  cancelled: boolean;
  files: readonly { name: string; status: string; reason?: string; hold?: { reasons: string[]; deadline?: string } }[];
}

/** The daily run's live counts, and each file that is not simply applied. */
export function dailyRunDetails(p: DailyRunPicture): string {
  const state = p.cancelled ? 'cancelled by an operator' : p.done ? 'done' : 'running';
  const files = p.files.filter((f) => f.status !== 'APPLIED');
  return markdown(`${p.extractDate}: ${state}, ${p.trainees} trainees done, ${p.inFlight} in flight`, [
    TRAINEE_OUTCOMES.map((o) => `${o} ${p.counts.total[o]}`).join(' · '),
    ...files.map((f) =>
      f.status === 'AWAITING_APPROVAL'
        ? `${f.name}: AWAITING_APPROVAL${f.hold?.deadline ? ` until ${f.hold.deadline}` : ''}: ${f.hold?.reasons.join('; ') ?? ''}`
        : `${f.name}: ${f.status}${f.reason ? ` (${f.reason})` : ''}`,
    ),
  ]);
}
