import { ApplicationFailure } from '@temporalio/activity';
import { FailureType } from '../src/failure-types';
import { classifyDeliveryAnswer, relayBackoffMs, type DeliveryAnswer } from '../src/notify/delivery-answer';
import { notifyUrlAllowed } from '../src/notify/endpoint-url';
import { eventIdFor } from '../src/notify/event-id';
import { signatureHeader } from '../src/notify/signature';
import type { OutboxDoc } from '../store/documents';
import { ensureOutboxEvent } from './outbox-event';
import { loadChangeSet } from './update-person';
import { activityLogger, currentAttempt, type ActivityDeps } from './dependencies';

export { eventIdFor } from '../src/notify/event-id';

export interface NotifyChangeArgs {
  changeSetId: string;
}

export interface NotifyChangeResult {
  eventId: string;
  /** False when no NOTIFY_URL is configured: the event waits in the outbox for the relay. */
  delivered: boolean;
}

/** How much of a refusing receiver's answer is kept with the compensation. */
const ANSWER_KEPT = 500;

/** One POST of one event, its answer recorded on the outbox document. */
export type PostOutcome = DeliveryAnswer & { status?: number };

/**
 * Posts an outbox event once: a JSON POST naming the person and the changed fields, never their values, signed
 * (`X-Signature: t=...,v1=...`) and carrying the eventId as idempotency key. Records the attempt: DELIVERED (and the change set
 * NOTIFIED), PENDING with when to try next, or REFUSED with the receiver's answer. The trainee's workflow and the
 * outbox relay both deliver through this, so an event is the same whoever sends it.
 */
export async function postOutboxEvent(
  deps: ActivityDeps,
  event: OutboxDoc,
  notify: { url: string; secret: string; secondarySecret?: string },
  /** The relay spaces its own attempts out; a trainee's are spaced by Temporal's retry policy. */
  sender: 'RELAY' | 'TRAINEE',
): Promise<PostOutcome> {
  const backoff = (attempts: number) => (sender === 'RELAY' ? relayBackoffMs(attempts) : undefined);
  const body = JSON.stringify({
    eventId: event._id,
    personId: event.personId,
    changedFields: event.changedFields,
    occurredAt: event.occurredAt,
  });
  if (!notifyUrlAllowed(notify.url)) {
    throw ApplicationFailure.create({
      type: FailureType.NotificationRefused,
      message: 'NOTIFY_URL must be https (plain http only to loopback)',
      nonRetryable: true,
    });
  }
  const secrets = [notify.secret, ...(notify.secondarySecret ? [notify.secondarySecret] : [])];
  const now = deps.now();
  let status: number;
  let answer = '';
  let retryAfter: string | null = null;
  try {
    const response = await fetch(notify.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Idempotency-Key': event._id,
        // The wall clock, not deps.now(): receivers compare the timestamp with theirs.
        'X-Signature': signatureHeader(body, secrets, Math.floor(Date.now() / 1000)),
      },
      body,
      // A redirect is never followed (it would carry the signed body elsewhere): its 3xx is an answer.
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.notify.timeoutMs),
    });
    status = response.status;
    retryAfter = response.headers.get('retry-after');
    answer = (await response.text().catch(() => '')).slice(0, ANSWER_KEPT);
  } catch (err) {
    // No answer at all (timeout, refused connection): the receiver may have processed it, so only ever retried.
    const why = `unreachable: ${(err as Error).name}`;
    await recordPending(deps, event, why, backoff(event.attempts + 1));
    return { kind: 'RETRY', why };
  }
  const outcome = classifyDeliveryAnswer(status, retryAfter, now);
  const at = now.toISOString();
  if (outcome.kind === 'DELIVERED') {
    await deps.store.outbox.updateOne(
      { _id: event._id },
      { $set: { status: 'DELIVERED', deliveredAt: at }, $unset: { nextAttemptAt: '' }, $inc: { attempts: 1 } },
    );
    await deps.store.changeSets.updateOne(
      { _id: event.changeSetId, status: 'APPLIED' },
      { $set: { status: 'NOTIFIED' } },
    );
  } else if (outcome.kind === 'REFUSED') {
    // Only a PENDING event becomes REFUSED: one already delivered (by the relay, say) stays delivered.
    await deps.store.outbox.updateOne(
      { _id: event._id, status: 'PENDING' },
      { $set: { status: 'REFUSED', lastError: outcome.why, refusal: { status, answer, at } }, $inc: { attempts: 1 } },
    );
  } else {
    await recordPending(deps, event, outcome.why, outcome.retryAfterMs ?? backoff(event.attempts + 1));
  }
  return { ...outcome, status };
}

async function recordPending(deps: ActivityDeps, event: OutboxDoc, why: string, delayMs?: number): Promise<void> {
  const next = delayMs === undefined ? undefined : new Date(deps.now().getTime() + delayMs).toISOString();
  await deps.store.outbox.updateOne(
    { _id: event._id, status: 'PENDING' },
    { $set: { lastError: why, ...(next ? { nextAttemptAt: next } : {}) }, $inc: { attempts: 1 } },
  );
}

/**
 * Delivers an applied change set's event for the trainee's workflow. Transient answers (408, 425, 429, 5xx, no
 * answer) are retryable failures, honouring Retry-After; a permanent refusal is NotificationRefused, which alone
 * lets the workflow undo the update. Without NOTIFY_URL the event waits in the outbox and the outbox relay sends it
 * once the URL is set.
 */
export function notifyChange(deps: ActivityDeps) {
  return async function notifyChange({ changeSetId }: NotifyChangeArgs): Promise<NotifyChangeResult> {
    const event = await outboxEventOf(deps, changeSetId);
    const eventId = event._id;
    if (event.status === 'DELIVERED') {
      // A crash between recording the delivery and marking the change set leaves it APPLIED: finish that here.
      await deps.store.changeSets.updateOne({ _id: changeSetId, status: 'APPLIED' }, { $set: { status: 'NOTIFIED' } });
      return { eventId, delivered: true };
    }
    if (event.status === 'CANCELLED') {
      throw ApplicationFailure.create({
        type: FailureType.InvalidInput,
        message: `event ${eventId} was cancelled`,
        nonRetryable: true,
      });
    }
    if (event.status === 'REFUSED') throw refused(eventId, event.refusal?.status);
    if (!deps.notify.url || !deps.notify.secret) {
      activityLogger(deps).warn({ eventId }, 'NOTIFY_URL not set: change event waits in the outbox for the relay');
      return { eventId, delivered: false };
    }
    const outcome = await postOutboxEvent(
      deps,
      event,
      { url: deps.notify.url, secret: deps.notify.secret, secondarySecret: deps.notify.secondarySecret },
      'TRAINEE',
    );
    if (outcome.kind === 'DELIVERED') return { eventId, delivered: true };
    if (outcome.kind === 'REFUSED') throw refused(eventId, outcome.status);
    const attempt = currentAttempt();
    throw ApplicationFailure.create({
      type: FailureType.NotificationUnavailable,
      message: `notification endpoint: ${outcome.why} (attempt ${attempt}); retried with the same eventId`,
      ...(outcome.retryAfterMs !== undefined ? { nextRetryDelay: Math.max(outcome.retryAfterMs, 1) } : {}),
    });
  };
}

/** The update put the event in the outbox; the change set is read only for a change applied without one. */
async function outboxEventOf(deps: ActivityDeps, changeSetId: string): Promise<OutboxDoc> {
  const event = await deps.store.outbox.findOne({ _id: eventIdFor(changeSetId) });
  if (event) return event;
  const cs = await loadChangeSet(deps, changeSetId);
  return ensureOutboxEvent(deps, cs, cs.appliedAt ?? cs.preparedAt);
}

function refused(eventId: string, status: number | undefined): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureType.NotificationRefused,
    message: `event ${eventId} refused with HTTP ${status ?? '?'} (the receiver's answer is kept in the outbox)`,
    nonRetryable: true,
  });
}
