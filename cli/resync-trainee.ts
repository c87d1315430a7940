import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Config } from '../src/config';
import { EsrExtractDate, EsrPersonId, EsrRunKind } from '../src/search-attributes';
import { traineeStaticDetails, traineeSummary } from '../src/ui-metadata';
import { resyncRunId } from '../src/workflow-ids';
import type { Collections } from '../store/store';
import type { TraineeResult } from '../workflows/esr-trainee';
import { findTrainee, type FoundTrainee } from './find-trainee';

export interface ResyncStarted {
  workflowId: string;
  trainee: FoundTrainee;
  result(): Promise<TraineeResult>;
}

/** Thrown when a resync of the same trainee is already running: two never run at once. */
export class ResyncAlreadyRunningError extends Error {
  constructor(readonly workflowId: string) {
    super(`a resync of this trainee is already running (${workflowId})`);
    this.name = 'ResyncAlreadyRunningError';
  }
}

/** Runs the per-trainee workflow now on the latest ESR data the service holds for one trainee. */
export async function startResync(
  client: Client,
  config: Config,
  store: Collections,
  id: string,
): Promise<ResyncStarted> {
  const trainee = await findTrainee(store, id);
  const workflowId = resyncRunId(trainee.esrPersonId);
  const identity = {
    esrPersonId: trainee.esrPersonId,
    trusts: trainee.trust ?? '',
    extractDate: trainee.extractDate,
    kind: 'RESYNC' as const,
  };
  try {
    const handle = await client.workflow.start('esrTrainee', {
      workflowId,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [{ extractDate: trainee.extractDate, esrPersonId: trainee.esrPersonId, kind: 'RESYNC' }],
      workflowIdConflictPolicy: 'FAIL',
      typedSearchAttributes: [
        { key: EsrExtractDate, value: trainee.extractDate },
        { key: EsrPersonId, value: trainee.esrPersonId },
        { key: EsrRunKind, value: 'RESYNC' },
      ],
      staticSummary: traineeSummary(identity),
      staticDetails: traineeStaticDetails(identity, 'an operator, npm run resync or esr link'),
    });
    return { workflowId, trainee, result: () => handle.result() as Promise<TraineeResult> };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new ResyncAlreadyRunningError(workflowId);
    throw err;
  }
}
