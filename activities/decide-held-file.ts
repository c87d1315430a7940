import { ApplicationFailure } from '@temporalio/activity';
import { parseExtractFileName } from '../src/extract/file-name';
import { FailureType } from '../src/failure-types';
import { recordOperatorAction } from '../store/operator-actions';
import { currentWorkflowId, heartbeat, type ActivityDeps } from './dependencies';

export interface DecideHeldFileArgs {
  extractDate: string;
  id: string;
  name: string;
  decision: 'APPROVED' | 'REJECTED';
  /** The operator's verified identity (cli/commands/operator-identity.ts), or `timeout`. */
  by: string;
  /** A note reference (`note:<id>`, store/operator-notes.ts), never the text itself. */
  reason?: string;
  /** Rejected because nobody decided within APPROVAL_TIMEOUT. */
  timedOut?: boolean;
}

export interface DecideHeldFileResult {
  decision: 'APPROVED' | 'REJECTED';
  by: string;
  decidedAt: string;
  /** For a rejected file: the reason `esr run` and `esr status` show. */
  fileReason?: string;
}

/**
 * Carries out an operator's decision on a file held by the mass-change check, and keeps it for audit (who, when,
 * why). Approved: its rows become visible to the trainees. Rejected (or not decided in time): its staged rows and
 * quarantined lines go, as for any rejected file, and the file is REJECTED. Idempotent: the audit record is written
 * once, and a retry finds the decision made.
 */
function taken(args: DecideHeldFileArgs): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureType.InvalidInput,
    message: `${args.name} was decided otherwise meanwhile; a decision is final`,
    nonRetryable: true,
  });
}

export function decideHeldFile(deps: ActivityDeps) {
  return async function decideHeldFile(args: DecideHeldFileArgs): Promise<DecideHeldFileResult> {
    const doc = await deps.store.files.findOne({ _id: args.id });
    const state = doc?.massChange?.state;
    if (!doc || (state !== 'AWAITING_APPROVAL' && state !== args.decision)) {
      throw ApplicationFailure.create({
        type: FailureType.InvalidInput,
        message: `${args.name} is not waiting for a decision (${doc ? (state ?? 'not held') : 'no such file'})`,
        nonRetryable: true,
      });
    }
    const _id = `${args.id}#decision`;
    await recordOperatorAction(deps.store, {
      _id,
      action: args.decision === 'APPROVED' ? 'APPROVE_FILE' : 'REJECT_FILE',
      by: args.by,
      at: deps.now().toISOString(),
      ...(args.reason ? { reason: args.reason } : {}),
      extractDate: args.extractDate,
      file: args.name,
      workflowId: currentWorkflowId(),
    });
    heartbeat();
    // A retry keeps the first record's time and author.
    const audit = (await deps.store.operatorActions.findOne({ _id }))!;
    // The audit record is inserted once (an atomic insert on MongoDB and FerretDB alike): the first decision wins.
    if (audit.action !== (args.decision === 'APPROVED' ? 'APPROVE_FILE' : 'REJECT_FILE')) throw taken(args);
    const decided = {
      'massChange.state': args.decision,
      'massChange.decidedBy': audit.by,
      'massChange.decidedAt': audit.at,
      ...(audit.reason ? { 'massChange.decisionReason': audit.reason } : {}),
    };
    // The file's state moves by compare-and-set, before its rows: a second, different decision finds it taken, and
    // a retry (the same decision) finishes the rows.
    const fromWaiting = { _id: args.id, 'massChange.state': { $in: ['AWAITING_APPROVAL', args.decision] } };
    if (args.decision === 'APPROVED') {
      if ((await deps.store.files.updateOne(fromWaiting, { $set: decided })).matchedCount === 0) throw taken(args);
      if (state === 'AWAITING_APPROVAL') countDecision(deps, args);
      await deps.store.rows.updateMany({ file: args.name }, { $set: { accepted: true } });
      return { decision: 'APPROVED', by: audit.by, decidedAt: audit.at };
    }
    // This text reaches the day's report index, which goes to trusts: no operator's name and no free text (the
    // operator audit keeps who and, as a note reference, why).
    // (A timeout's reason is the run's own text, `not decided within 24h`, never an operator's.)
    const fileReason = args.timedOut
      ? `held for approval as a mass change, and not decided in time${audit.reason && !audit.reason.startsWith('note:') ? ` (${audit.reason})` : ''}`
      : 'held for approval as a mass change, and rejected by an operator';
    const rejected = await deps.store.files.updateOne(fromWaiting, {
      $set: {
        ...decided,
        status: 'REJECTED',
        reasonCode: args.timedOut ? 'APPROVAL_TIMED_OUT' : 'MASS_CHANGE_REJECTED',
        reason: fileReason,
      },
    });
    if (rejected.matchedCount === 0) throw taken(args);
    if (state === 'AWAITING_APPROVAL') countDecision(deps, args);
    await deps.store.rows.deleteMany({ file: args.name });
    await deps.store.rowErrors.deleteMany({ file: args.name });
    return { decision: 'REJECTED', by: audit.by, decidedAt: audit.at, fileReason };
  };
}

/** Counted by the attempt that found the file waiting (a retry finds it decided already, and counts nothing). */
function countDecision(deps: ActivityDeps, args: DecideHeldFileArgs): void {
  const parsed = parseExtractFileName(args.name);
  deps.metrics.fileCounted(args.decision, parsed.ok ? parsed.localOffice : undefined);
}
