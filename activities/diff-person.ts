import { ApplicationFailure } from '@temporalio/activity';
import { FailureType } from '../src/failure-types';
import { documentShapeProblems } from '../src/tis/document-shape';
import { applyDiff, diffPerson as diffPersonDocument } from '../src/tis/diff-person';
import { mapToTis } from '../src/tis/map-to-tis';
import { validatePersonFields } from '../src/validation/validate-person';
import { putById } from '../store/put-by-id';
import { currentAttempt, currentWorkflowId, type ActivityDeps } from './dependencies';

export interface DiffPersonArgs {
  /** Deterministic per workflow run and attempt, so a retry of this activity prepares the same change set. */
  changeSetId: string;
  personId: string;
  esrPersonId: string;
  extractDate: string;
  file: string;
  line: number;
  /**
   * When TIS already shows this row's change, hand back the change set that applied it for this date (a run
   * cancelled after its update, a resync that got there first), so its event is seen to and it counts as UPDATED.
   */
  adoptApplied?: boolean;
}

export interface DiffPersonResult {
  /** Set when there is something to apply; the values stay in MongoDB, out of Temporal's history. */
  changeSetId?: string;
  changedFields: string[];
  conflictFields: string[];
  baseVersion: number;
  /** The change set is an earlier run's, already applied (see adoptApplied). */
  adopted?: boolean;
}

/**
 * Compares the row's valid values with the TIS person ("empty never erases", "newest wins") and prepares a
 * change set holding the exact prior document, so that the update can be undone.
 */
export function diffPerson(deps: ActivityDeps) {
  return async function diffPerson(args: DiffPersonArgs): Promise<DiffPersonResult> {
    // Only a retry can find its change set already applied: a first attempt has nothing to look up.
    const existing = currentAttempt() > 1 ? await deps.store.changeSets.findOne({ _id: args.changeSetId }) : null;
    if (existing && existing.status !== 'PREPARED') {
      return {
        changeSetId: existing._id,
        changedFields: existing.changes.map((c) => c.path),
        conflictFields: [],
        baseVersion: existing.baseVersion,
      };
    }
    const staged = await deps.staged.row(args.file, args.line);
    // Read afresh, under the trainee's lease: matching read the person before the lease was taken, and another run
    // (a resync, say) may have changed it in between; diffing that earlier read would prepare a second change set
    // from a base that is gone.
    const person = await deps.runPeople.fresh(args.personId);
    if (!person) {
      throw ApplicationFailure.create({
        type: FailureType.InvalidInput,
        message: `TIS person ${args.personId} not found`,
        nonRetryable: true,
      });
    }
    const problems = documentShapeProblems(person);
    if (problems.length) {
      // Re-read after a conflict: the record was rewritten in an older shape meanwhile.
      throw ApplicationFailure.create({
        type: FailureType.UnexpectedTisDocument,
        message: `TIS person ${args.personId}: ${problems.join('; ')}`,
        nonRetryable: true,
      });
    }
    const { values } = validatePersonFields(staged.row, {
      file: args.file,
      line: args.line,
      extractDate: args.extractDate,
    });
    const lastUpdated = staged.row.lastUpdated;
    const diff = diffPersonDocument(person, mapToTis(values), lastUpdated);
    const result = {
      changedFields: diff.changes.map((c) => c.path),
      conflictFields: diff.conflicts.map((c) => c.path),
      baseVersion: person.version,
    };
    if (diff.changes.length === 0) {
      return (args.adoptApplied ? await appliedEarlier(deps, args) : undefined) ?? result;
    }

    const now = deps.now().toISOString();
    await putById(deps.store.changeSets, args.changeSetId, {
      personId: person._id,
      esrPersonId: args.esrPersonId,
      extractDate: args.extractDate,
      rowRef: { file: args.file, line: args.line },
      esrLastUpdated: lastUpdated,
      baseVersion: person.version,
      before: person,
      after: applyDiff(person, diff, lastUpdated, now),
      changes: diff.changes,
      status: 'PREPARED',
      workflowId: currentWorkflowId(),
      preparedAt: now,
    });
    return { ...result, changeSetId: args.changeSetId };
  };
}

/**
 * The change set that applied this very row for this date, if it is in TIS (applied or notified) and was not
 * already reported UPDATED by this same workflow id: a daily run re-run after a cancellation, or a daily run and a
 * resync racing, then both report the one change (and its one event) the same way.
 */
async function appliedEarlier(deps: ActivityDeps, args: DiffPersonArgs): Promise<DiffPersonResult | undefined> {
  const key = `${args.extractDate}#${args.esrPersonId}`;
  const applied = await deps.store.appliedChanges.findOne({ _id: key });
  if (!applied || applied.rowRef.file !== args.file || applied.rowRef.line !== args.line) return undefined;
  // This very workflow already reported it UPDATED in a run of the date that then completed: now it is NO_CHANGE.
  // Reported by a run cancelled since, it is still the date's UPDATED: the re-run counts as a run never cancelled.
  const reported = await deps.store.outcomes.findOne(
    { _id: key },
    { projection: { workflowId: 1, outcome: 1, recordedAt: 1 } },
  );
  if (reported?.workflowId === currentWorkflowId() && reported.outcome === 'UPDATED') {
    const completed = await deps.store.dailyRuns.findOne({ _id: args.extractDate });
    if (completed && completed.completedAt >= reported.recordedAt) return undefined;
  }
  const cs = await deps.store.changeSets.findOne({ _id: applied.changeSetId });
  if (!cs || (cs.status !== 'APPLIED' && cs.status !== 'NOTIFIED') || cs.personId !== args.personId) return undefined;
  return {
    changeSetId: cs._id,
    changedFields: cs.changes.map((c) => c.path),
    conflictFields: [],
    baseVersion: cs.baseVersion,
    adopted: true,
  };
}
