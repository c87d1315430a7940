/**
 * A deliberately changed workflow for the replay test to fail on: the trainee workflow of this release with one
 * command added before its first one (a timer), the kind of edit that breaks every open run when deployed without
 * `patched()`. Not registered by any worker.
 */
import { sleep } from '@temporalio/workflow';
import { esrTrainee as current, type TraineeInput, type TraineeResult } from '../../../workflows/esr-trainee';

export { esrDailyRun, esrScheduledRun, esrRetention, esrOutboxRelay } from '../../../workflows';

export async function esrTrainee(input: TraineeInput): Promise<TraineeResult> {
  await sleep('1 second');
  return current(input);
}
