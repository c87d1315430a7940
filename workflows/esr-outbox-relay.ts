import { log, setCurrentDetails } from '@temporalio/workflow';
import { relay, write } from './activity-profiles';

export interface OutboxRelayInput {
  /** Events tried per activity call. */
  batchSize?: number;
}

export interface OutboxRelayResult {
  delivered: number;
  pending: number;
  compensated: number;
  /** Refused events whose undo was blocked by a later change of the person: escalate (runbook). */
  blocked: string[];
  /** NOTIFY_URL is not set: the PENDING events wait for it. */
  waitingForUrl: boolean;
}

/**
 * The outbox relay, started by its own Schedule (`esr-outbox-relay`, every OUTBOX_RELAY_EVERY): delivers every
 * PENDING change event that is due, with its own eventId, whether or not the trainee workflow that applied the
 * change is still alive. A permanent refusal is compensated here as the trainee would have done. Short-lived by
 * design: each firing is one small history, and a failed pass is simply the next firing's work.
 */
export async function esrOutboxRelay(input: OutboxRelayInput = {}): Promise<OutboxRelayResult> {
  const limit = input.batchSize ?? 200;
  const total: OutboxRelayResult = { delivered: 0, pending: 0, compensated: 0, blocked: [], waitingForUrl: false };
  for (;;) {
    const pass = await relay.relayOutbox.executeWithOptions({ summary: `send up to ${limit} pending change events` }, [
      { limit },
    ]);
    total.delivered += pass.delivered;
    total.pending = pass.pending;
    total.waitingForUrl = pass.waitingForUrl;
    for (const changeSetId of pass.refused) {
      const { outcome } = await write.compensateRefusedEvent.executeWithOptions(
        { summary: `undo change set ${changeSetId}: its event was refused` },
        [{ changeSetId }],
      );
      if (outcome === 'COMPENSATED') total.compensated += 1;
      if (outcome === 'COMPENSATION_BLOCKED') total.blocked.push(changeSetId);
    }
    setCurrentDetails(
      total.waitingForUrl
        ? `**${total.pending} change event(s) waiting: NOTIFY_URL is not set.** They are sent once it is.`
        : `delivered ${total.delivered}, compensated ${total.compensated}, still pending ${total.pending}`,
    );
    if (!pass.more) break;
  }
  if (total.waitingForUrl) log.warn('change events wait for NOTIFY_URL', { pending: total.pending });
  if (total.blocked.length) log.warn('refused events could not be undone', { changeSets: total.blocked });
  return total;
}
