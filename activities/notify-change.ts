import { ApplicationFailure } from '@temporalio/activity';
import { createHash } from 'node:crypto';
import { FailureType } from '../src/failure-types';
import { notifyUrlAllowed } from '../src/notify/endpoint-url';
import { signatureHeader } from '../src/notify/signature';
import type { OutboxDoc } from '../store/documents';
import { insertOnce } from '../store/insert-once';
import { loadChangeSet } from './update-person';
import { activityLogger, type ActivityDeps } from './dependencies';

export interface NotifyChangeArgs {
  changeSetId: string;
}

export interface NotifyChangeResult {
  eventId: string;
  /** False when no NOTIFY_URL is configured: the event waits in the outbox. */
  delivered: boolean;
}

/** The event id is derived from the change set, so every retry and re-delivery carries the same one. */
export function eventIdFor(changeSetId: string): string {
  const h = createHash('sha256').update(changeSetId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Puts the change event in the outbox and delivers it: a JSON POST naming the person and the changed fields,
 * never their values, signed with HMAC and carrying an idempotency key. 2xx is delivery; 4xx is a refusal that
 * no retry will fix; anything else is transient and retried by Temporal with backoff.
 */
export function notifyChange(deps: ActivityDeps) {
  return async function notifyChange({ changeSetId }: NotifyChangeArgs): Promise<NotifyChangeResult> {
    const cs = await loadChangeSet(deps, changeSetId);
    const eventId = eventIdFor(changeSetId);
    const fresh: OutboxDoc = {
      _id: eventId,
      changeSetId,
      personId: cs.personId,
      changedFields: cs.changes.map((c) => c.path),
      occurredAt: cs.appliedAt ?? cs.preparedAt,
      status: 'PENDING',
      attempts: 0,
    };
    const skipped = await insertOnce(deps.store.outbox, [fresh]);
    // Only a retry finds the event already there, in whatever state an earlier attempt left it.
    const event = skipped.length ? await deps.store.outbox.findOne({ _id: eventId }) : fresh;
    if (!event) throw new Error(`outbox event ${eventId} vanished`);
    if (event.status === 'DELIVERED') return { eventId, delivered: true };
    if (event.status === 'CANCELLED') {
      throw ApplicationFailure.create({
        type: FailureType.InvalidInput,
        message: `event ${eventId} was cancelled`,
        nonRetryable: true,
      });
    }
    if (!deps.notify.url || !deps.notify.secret) {
      activityLogger(deps).warn({ eventId }, 'NOTIFY_URL not set: change event kept in the outbox');
      return { eventId, delivered: false };
    }
    const body = JSON.stringify({
      eventId,
      personId: event.personId,
      changedFields: event.changedFields,
      occurredAt: event.occurredAt,
    });
    if (!notifyUrlAllowed(deps.notify.url)) {
      throw ApplicationFailure.create({
        type: FailureType.NotificationRefused,
        message: 'NOTIFY_URL must be https (plain http only to loopback)',
        nonRetryable: true,
      });
    }
    const secrets = [deps.notify.secret, ...(deps.notify.secondarySecret ? [deps.notify.secondarySecret] : [])];
    let status: number;
    try {
      const response = await fetch(deps.notify.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': eventId,
          'X-Signature': signatureHeader(body, secrets, Math.floor(Date.now() / 1000)),
        },
        body,
        // A redirect is never followed (it would carry the signed body elsewhere): its 3xx is an answer.
        redirect: 'manual',
        signal: AbortSignal.timeout(deps.notify.timeoutMs),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (err) {
      await recordAttempt(deps, eventId, 'PENDING', `unreachable: ${(err as Error).name}`);
      throw ApplicationFailure.create({
        type: FailureType.NotificationUnavailable,
        message: `notification endpoint unreachable (${(err as Error).name})`,
      });
    }
    if (status >= 200 && status < 300) {
      await recordAttempt(deps, eventId, 'DELIVERED', undefined);
      await deps.store.changeSets.updateOne({ _id: changeSetId, status: 'APPLIED' }, { $set: { status: 'NOTIFIED' } });
      return { eventId, delivered: true };
    }
    if (status >= 400 && status < 500) {
      await recordAttempt(deps, eventId, 'REFUSED', `HTTP ${status}`);
      throw ApplicationFailure.create({
        type: FailureType.NotificationRefused,
        message: `notification refused with HTTP ${status}`,
        nonRetryable: true,
      });
    }
    await recordAttempt(deps, eventId, 'PENDING', `HTTP ${status}`);
    throw ApplicationFailure.create({
      type: FailureType.NotificationUnavailable,
      message: `notification endpoint answered HTTP ${status}`,
    });
  };
}

async function recordAttempt(
  deps: ActivityDeps,
  eventId: string,
  status: 'PENDING' | 'DELIVERED' | 'REFUSED',
  error?: string,
) {
  await deps.store.outbox.updateOne(
    { _id: eventId },
    {
      $set: {
        status,
        ...(error ? { lastError: error } : {}),
        ...(status === 'DELIVERED' ? { deliveredAt: deps.now().toISOString() } : {}),
      },
      $inc: { attempts: 1 },
    },
  );
}
