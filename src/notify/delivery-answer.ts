/**
 * What the notification endpoint's answer means for a change event. Pure: the activity that posts and the outbox
 * relay both decide by this one rule.
 *
 * - 2xx: delivered.
 * - 408, 409, 425, 429 and every 5xx, or no answer at all (timeout, refused connection): transient. The receiver may
 *   be busy or may even have processed the event, so it is retried with the same eventId, never undone. A 409 is,
 *   by the Idempotency-Key convention, "a request with this key is still being processed": never a refusal.
 * - Any other 4xx (and 1xx): a permanent refusal. Only this justifies undoing the update.
 */
export type DeliveryAnswer =
  | { kind: 'DELIVERED' }
  | {
      kind: 'RETRY';
      why: string;
      /** From Retry-After, when the receiver sent one we can read. */ retryAfterMs?: number;
    }
  | { kind: 'REFUSED'; why: string };

/** Statuses that say "not now" rather than "never" (409: the same Idempotency-Key is still in progress). */
export const TRANSIENT_STATUSES: readonly number[] = [408, 409, 425, 429];

/** The longest Retry-After we honour: a receiver asking for a day is treated as asking for an hour. */
export const MAX_RETRY_AFTER_MS = 60 * 60_000;

export function classifyDeliveryAnswer(
  status: number,
  retryAfter: string | null | undefined,
  now: Date,
): DeliveryAnswer {
  if (status >= 200 && status < 300) return { kind: 'DELIVERED' };
  // A redirect is not followed (it would carry the signed body elsewhere) and nothing was processed: the endpoint
  // is misconfigured, which is not the receiver refusing this change, so the event waits for it to be fixed.
  if (status >= 300 && status < 400) return { kind: 'RETRY', why: `HTTP ${status}: redirect not followed` };
  if (status >= 500 || TRANSIENT_STATUSES.includes(status)) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    return { kind: 'RETRY', why: `HTTP ${status}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  return { kind: 'REFUSED', why: `HTTP ${status}` };
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    // An HTTP date names a weekday and month; anything else (a negative number, say) is unreadable.
    const at = /[A-Za-z]/.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(at)) return undefined;
    ms = at - now.getTime();
  }
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}

/** Backoff for the outbox relay's own attempts: doubling from 30 s, at most 30 minutes. */
export function relayBackoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 30 * 60_000);
}
