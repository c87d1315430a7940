import { Context } from '@temporalio/activity';
import { MongoServerError } from 'mongodb';
import type { TraineeLeaseDoc } from '../store/documents';
import { DUPLICATE_KEY } from '../store/insert-once';
import type { ActivityDeps } from './dependencies';

export interface TraineeLeaseArgs {
  esrPersonId: string;
}

export interface AcquireTraineeResult {
  acquired: boolean;
  /** Who holds the trainee when not acquired: a workflow id, shown to the operator as it is. */
  heldBy?: string;
}

function caller(): { workflowId: string; runId: string } {
  const w = Context.current().info.workflowExecution;
  return { workflowId: w?.workflowId ?? 'unknown', runId: w?.runId ?? 'unknown' };
}

/**
 * One run per trainee at a time, across daily runs and resyncs (their workflow ids differ, so Temporal alone
 * cannot refuse the second): a lease per ESR person. A holder whose workflow is no longer running (terminated,
 * say, before it could release) is replaced; otherwise the caller is told who holds it and waits.
 */
export function acquireTrainee(deps: ActivityDeps) {
  return async function acquireTrainee({ esrPersonId }: TraineeLeaseArgs): Promise<AcquireTraineeResult> {
    const me = caller();
    const lease: TraineeLeaseDoc = { _id: esrPersonId, ...me, acquiredAt: deps.now().toISOString() };
    try {
      await deps.store.traineeLeases.insertOne(lease);
      return { acquired: true };
    } catch (err) {
      if (!(err instanceof MongoServerError) || err.code !== DUPLICATE_KEY) throw err;
    }
    const holder = await deps.store.traineeLeases.findOne({ _id: esrPersonId });
    if (!holder) return acquireTrainee({ esrPersonId });
    if (holder.runId === me.runId) return { acquired: true };
    if (await deps.workflowIsRunning(holder.workflowId, holder.runId)) {
      return { acquired: false, heldBy: holder.workflowId };
    }
    const taken = await deps.store.traineeLeases.replaceOne({ _id: esrPersonId, runId: holder.runId }, lease);
    return taken.matchedCount === 1 ? { acquired: true } : { acquired: false, heldBy: holder.workflowId };
  };
}

/** Gives the trainee back; only the holder's own run can. */
export function releaseTrainee(deps: ActivityDeps) {
  return async function releaseTrainee({ esrPersonId }: TraineeLeaseArgs): Promise<void> {
    await deps.store.traineeLeases.deleteOne({ _id: esrPersonId, runId: caller().runId });
  };
}
