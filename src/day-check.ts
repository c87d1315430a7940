/**
 * `esr check`: whether a day needs anything from an operator, and what (the spec's operating contract: a file
 * missing, rejected or awaiting approval; a trainee held or failed; and a day that did not run, or not to the end).
 * Identifiers, codes and counts only. Pure: the command gathers the facts.
 */
import { parseExtractFileName } from './extract/file-name';

export interface DayCheckInput {
  extractDate: string;
  /** Temporal's status of the date's latest run (RUNNING, COMPLETED, FAILED, …); absent when it never ran. */
  runStatus?: string;
  cancelled?: boolean;
  files: readonly { name: string; status: string; reason?: string; hold?: { reasons: string[]; deadline?: string } }[];
  /** The date's trainees whose latest outcome is HELD or FAILED. */
  held: readonly { esrPersonId: string; reason?: string }[];
  failed: readonly { esrPersonId: string; reason?: string }[];
  /** Trainee workflows that failed without recording an outcome (CHILD_FAILED, ALREADY_RUNNING). */
  unrecordedFailures: number;
  /**
   * The date's change events whose delivery the system cannot square with TIS: delivered after the change was
   * undone (downstream holds what TIS does not), or refused with the undo blocked. Event ids.
   */
  deliveryMismatches?: readonly string[];
}

export type DayNeedKind =
  | 'NO_RUN'
  | 'RUN_NOT_COMPLETED'
  | 'RUN_CANCELLED'
  | 'FILE_MISSING'
  | 'FILE_REJECTED'
  | 'FILE_AWAITING_APPROVAL'
  | 'TRAINEES_HELD'
  | 'TRAINEES_FAILED'
  | 'DELIVERY_MISMATCH';

export interface DayNeed {
  kind: DayNeedKind;
  /** The file, office or trainees concerned. */
  subject: string;
  detail: string;
  /** What the operator does, with the runbook section. */
  action: string;
}

const LISTED = 10;
const list = (ids: readonly string[]) =>
  ids.length > LISTED ? `${ids.slice(0, LISTED).join(', ')} and ${ids.length - LISTED} more` : ids.join(', ');

/** A rejected file is dealt with once a later file of the same office and date (a higher SEQ) is applied. */
function superseded(name: string, files: DayCheckInput['files']): boolean {
  const rejected = parseExtractFileName(name);
  if (!rejected.ok) return false;
  return files.some((f) => {
    const other = parseExtractFileName(f.name);
    return (
      f.status === 'APPLIED' &&
      other.ok &&
      other.localOffice === rejected.localOffice &&
      other.extractDate === rejected.extractDate &&
      other.seq > rejected.seq
    );
  });
}

export function dayNeeds(input: DayCheckInput): DayNeed[] {
  const d = input.extractDate;
  const rerun = `npm run esr -- run --date ${d}`;
  if (!input.runStatus)
    return [{ kind: 'NO_RUN', subject: d, detail: `no run of ${d}`, action: `${rerun} (runbook 4.3)` }];
  const needs: DayNeed[] = [];
  if (input.runStatus !== 'RUNNING' && input.runStatus !== 'COMPLETED')
    needs.push({
      kind: 'RUN_NOT_COMPLETED',
      subject: d,
      detail: `the run ended ${input.runStatus}`,
      action: `check the worker and MongoDB, then ${rerun} (runbook 2.4)`,
    });
  if (input.cancelled)
    needs.push({
      kind: 'RUN_CANCELLED',
      subject: d,
      detail: 'the run was cancelled by an operator before every trainee ran',
      action: `${rerun} to finish it (runbook 4.5)`,
    });
  for (const f of input.files) {
    if (f.status === 'MISSING')
      needs.push({
        kind: 'FILE_MISSING',
        subject: f.name,
        detail: `no file from local office ${f.name} for ${d}`,
        action: `ask the ESR interface team for it; once it is in the inbox, ${rerun} (runbook 3.5)`,
      });
    else if (f.status === 'REJECTED' && !superseded(f.name, input.files))
      needs.push({
        kind: 'FILE_REJECTED',
        subject: f.name,
        detail: `rejected${f.reason ? `: ${f.reason}` : ''}`,
        action: `ask the ESR interface team for a corrected file; once it is in the inbox, ${rerun} (runbook 3.1)`,
      });
    else if (f.status === 'AWAITING_APPROVAL')
      needs.push({
        kind: 'FILE_AWAITING_APPROVAL',
        subject: f.name,
        detail: `held as a mass change${f.hold?.deadline ? ` until ${f.hold.deadline}` : ''}: ${f.hold?.reasons.join('; ') ?? ''}`,
        action: `npm run esr -- approve|reject --date ${d} --file ${f.name} --reason "…" (runbook 3.6)`,
      });
  }
  if (input.held.length)
    needs.push({
      kind: 'TRAINEES_HELD',
      subject: list(input.held.map((h) => h.esrPersonId)),
      detail: `${input.held.length} trainee(s) held for review`,
      action: `npm run esr -- held --date ${d} (runbook 5)`,
    });
  const failed = input.failed.length + input.unrecordedFailures;
  if (failed)
    needs.push({
      kind: 'TRAINEES_FAILED',
      subject: list(input.failed.map((f) => f.esrPersonId)) || 'trainee workflows',
      detail: `${failed} trainee(s) failed${input.unrecordedFailures ? ` (${input.unrecordedFailures} with no outcome recorded)` : ''}`,
      action: `UI: EsrOutcome = "FAILED" AND EsrExtractDate = "${d}"; fix the cause, then resync or ${rerun} (runbook 2.4)`,
    });
  const mismatches = input.deliveryMismatches ?? [];
  if (mismatches.length)
    needs.push({
      kind: 'DELIVERY_MISMATCH',
      subject: list([...mismatches]),
      detail: `${mismatches.length} change event(s) where downstream and TIS may disagree (delivered after an undo, or an undo blocked)`,
      action:
        'tell the receiving service which events to disregard or re-apply, then resync the trainees (runbook 6.1)',
    });
  return needs;
}
