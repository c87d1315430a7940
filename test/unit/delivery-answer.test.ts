import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyDeliveryAnswer,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  relayBackoffMs,
} from '../../src/notify/delivery-answer';

const now = new Date('2026-11-30T12:00:00Z');

describe('classifyDeliveryAnswer', () => {
  test('2xx is delivery', () => {
    for (const s of [200, 201, 202, 204]) assert.deepEqual(classifyDeliveryAnswer(s, null, now), { kind: 'DELIVERED' });
  });
  test('408, 409, 425, 429 and 5xx are retried, never refusals', () => {
    for (const s of [408, 409, 425, 429, 500, 502, 503, 504, 599])
      assert.equal(classifyDeliveryAnswer(s, null, now).kind, 'RETRY', `HTTP ${s}`);
  });
  test('any other 4xx is a permanent refusal', () => {
    for (const s of [400, 401, 403, 404, 410, 413, 422])
      assert.deepEqual(classifyDeliveryAnswer(s, null, now), { kind: 'REFUSED', why: `HTTP ${s}` });
  });
  test('a 409 is the same Idempotency-Key still in progress: retried like a 5xx (the receivers convention)', () => {
    assert.deepEqual(classifyDeliveryAnswer(409, '2', now), { kind: 'RETRY', why: 'HTTP 409', retryAfterMs: 2000 });
  });
  test('a 3xx is a misconfigured endpoint, retried (its redirect is never followed), never a refusal', () => {
    for (const s of [301, 302, 307, 308])
      assert.deepEqual(classifyDeliveryAnswer(s, null, now), {
        kind: 'RETRY',
        why: `HTTP ${s}: redirect not followed`,
      });
  });
  test('Retry-After travels with a transient answer', () => {
    assert.deepEqual(classifyDeliveryAnswer(429, '7', now), { kind: 'RETRY', why: 'HTTP 429', retryAfterMs: 7000 });
    assert.deepEqual(classifyDeliveryAnswer(503, 'Mon, 30 Nov 2026 12:00:30 GMT', now), {
      kind: 'RETRY',
      why: 'HTTP 503',
      retryAfterMs: 30_000,
    });
  });
});

describe('parseRetryAfter', () => {
  test('seconds, an HTTP date, nothing or nonsense', () => {
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter(' 120 ', now), 120_000);
    assert.equal(parseRetryAfter('Mon, 30 Nov 2026 11:59:00 GMT', now), 0, 'a date in the past means now');
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('', now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-5', now), undefined);
  });
  test('a huge delay is capped', () => {
    assert.equal(parseRetryAfter('86400', now), MAX_RETRY_AFTER_MS);
  });
});

test('the relay backs off from 30 s to at most 30 minutes', () => {
  assert.deepEqual([1, 2, 3, 7, 20].map(relayBackoffMs), [30_000, 60_000, 120_000, 1_800_000, 1_800_000]);
});
