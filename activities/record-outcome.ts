import type { EsrOutcomeDoc } from '../store/documents';
import { putById } from '../store/put-by-id';
import { currentWorkflowId, type ActivityDeps } from './dependencies';

export type RecordOutcomeArgs = Omit<EsrOutcomeDoc, '_id' | 'workflowId' | 'recordedAt'>;

/** Keeps each trainee's latest outcome for a date, for the data-quality report and the held-for-review list. */
export function recordOutcome(deps: ActivityDeps) {
  return async function recordOutcome(args: RecordOutcomeArgs): Promise<void> {
    const _id = `${args.extractDate}#${args.esrPersonId}`;
    await putById(deps.store.outcomes, _id, {
      ...args,
      workflowId: currentWorkflowId(),
      recordedAt: deps.now().toISOString(),
    });
  };
}
