import { ApplicationFailure } from '@temporalio/activity';
import { FailureType } from '../src/failure-types';
import { putById } from '../store/put-by-id';
import { loadChangeSet } from './update-person';
import { revertUpdate } from './revert-update';
import type { ActivityDeps } from './dependencies';

export interface CompensateRefusedEventArgs {
  changeSetId: string;
}

export interface CompensateRefusedEventResult {
  outcome: 'COMPENSATED' | 'COMPENSATION_BLOCKED' | 'DELIVERED';
}

/**
 * What the outbox relay does with an event the receiver refused for good, once the trainee's own workflow has
 * ended: undoes the change set as the workflow would have, and corrects the trainee's recorded outcome for that
 * date (it read UPDATED) to what is now true.
 */
export function compensateRefusedEvent(deps: ActivityDeps) {
  const revert = revertUpdate(deps);
  return async function compensateRefusedEvent({
    changeSetId,
  }: CompensateRefusedEventArgs): Promise<CompensateRefusedEventResult> {
    const cs = await loadChangeSet(deps, changeSetId);
    const event = await deps.store.outbox.findOne({ changeSetId });
    const why = `NotificationRefused: HTTP ${event?.refusal?.status ?? '?'}: ${event?.refusal?.answer ?? ''}`.trim();
    let outcome: CompensateRefusedEventResult['outcome'];
    try {
      await revert({ changeSetId, reason: why });
      outcome = 'COMPENSATED';
    } catch (err) {
      const type = err instanceof ApplicationFailure ? err.type : undefined;
      if (type === FailureType.CompensationRefused) outcome = 'DELIVERED';
      else if (type === FailureType.CompensationBlocked) outcome = 'COMPENSATION_BLOCKED';
      else throw err;
    }
    if (outcome === 'DELIVERED') return { outcome };
    const _id = `${cs.extractDate}#${cs.esrPersonId}`;
    const recorded = await deps.store.outcomes.findOne({ _id });
    if (recorded && recorded.tisPersonId === cs.personId) {
      const { _id: _ignored, ...rest } = recorded;
      void _ignored;
      const corrected = outcome === 'COMPENSATED' ? 'COMPENSATED' : 'FAILED';
      await putById(deps.store.outcomes, _id, {
        ...rest,
        outcome: corrected,
        reason: outcome === 'COMPENSATED' ? FailureType.NotificationRefused : 'COMPENSATION_BLOCKED',
        detail: `the outbox relay's delivery was refused (HTTP ${event?.refusal?.status ?? '?'})`,
        recordedAt: deps.now().toISOString(),
      });
      // Counted once: a retry finds the outcome already corrected.
      if (recorded.outcome !== corrected) deps.metrics.outcomeRecorded(corrected, recorded.trust);
    }
    return { outcome };
  };
}
