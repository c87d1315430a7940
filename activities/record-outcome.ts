import type { EsrOutcomeDoc } from '../store/documents';
import { insertOnce } from '../store/insert-once';
import { currentWorkflowId, type ActivityDeps } from './dependencies';

export type RecordOutcomeArgs = Omit<EsrOutcomeDoc, '_id' | 'workflowId' | 'recordedAt'>;

/**
 * Keeps each trainee's latest outcome for a date, for the data-quality report and the held-for-review list. A re-run
 * of the date that finds the day's change already in TIS (NO_CHANGE) does not overwrite the UPDATED that applied
 * it: the day's outcome for that trainee stays what happened that day, whether or not a run was cancelled between.
 */
export function recordOutcome(deps: ActivityDeps) {
  return async function recordOutcome(args: RecordOutcomeArgs): Promise<void> {
    const _id = `${args.extractDate}#${args.esrPersonId}`;
    const doc = { ...args, workflowId: currentWorkflowId(), recordedAt: deps.now().toISOString() };
    // Most days this is the date's first outcome for the trainee: one insert, nothing read.
    if (!(await insertOnce(deps.store.outcomes, [{ _id, ...doc }])).length) {
      deps.metrics.outcomeRecorded(args.outcome, args.trust, args.skippedRows);
      return;
    }
    const earlier = await deps.store.outcomes.findOne({ _id }, { projection: { outcome: 1 } });
    if (!earlier) {
      // Reported a duplicate, yet not there (a database restarting mid-write): a replace would write nothing, and
      // the outcome would be lost. Insert it; a second duplicate fails the attempt, which Temporal retries.
      if ((await insertOnce(deps.store.outcomes, [{ _id, ...doc }])).length) throw new Error('outcome not written yet');
      deps.metrics.outcomeRecorded(args.outcome, args.trust, args.skippedRows);
      return;
    }
    if (args.outcome === 'NO_CHANGE' && !args.reason && earlier.outcome === 'UPDATED') return;
    const replaced = await deps.store.outcomes.replaceOne({ _id }, doc);
    if (replaced.matchedCount === 0) throw new Error('outcome not written yet');
    // A retry, or a re-run ending the same way, is not a new outcome: only a changed one is counted.
    if (earlier.outcome !== args.outcome) deps.metrics.outcomeRecorded(args.outcome, args.trust, args.skippedRows);
  };
}
