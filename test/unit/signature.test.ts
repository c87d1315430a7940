/** The change event's timestamped signature (operating contract), and the reference receiver that checks it. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { signatureHeader, verifySignature } from '../../src/notify/signature';
import { startNotificationReceiver, type NotificationReceiver } from '../../servers/notification-receiver';

const A = 'secret-a-0123456789';
const B = 'secret-b-0123456789';
const BODY = '{"eventId":"e-1","personId":"tis-1","changedFields":["email"],"occurredAt":"2026-01-01T00:00:00Z"}';
const T = 1_790_000_000;

test('the header is t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">, one v1 per secret', () => {
  const header = signatureHeader(BODY, [A, B], T);
  const expected = (s: string) => createHmac('sha256', s).update(`${T}.${BODY}`).digest('hex');
  assert.equal(header, `t=${T},v1=${expected(A)},v1=${expected(B)}`);
});

test('verify: accepts either secret within five minutes; refuses stale, future, altered and malformed', () => {
  const header = signatureHeader(BODY, [A], T);
  assert.deepEqual(verifySignature(header, BODY, [A], T + 299), { valid: true, t: T });
  assert.equal(verifySignature(signatureHeader(BODY, [A, B], T), BODY, [B], T).valid, true, 'rotation');
  assert.deepEqual(verifySignature(header, BODY, [A], T + 301), { valid: false, reason: 'stale' });
  assert.deepEqual(verifySignature(header, BODY, [A], T - 301), { valid: false, reason: 'stale' });
  assert.deepEqual(verifySignature(header, BODY.replace('e-1', 'e-2'), [A], T), { valid: false, reason: 'mismatch' });
  assert.deepEqual(verifySignature(header, BODY, [B], T), { valid: false, reason: 'mismatch' });
  // The timestamp is signed: moving it forward breaks the signature.
  assert.equal(verifySignature(header.replace(`t=${T}`, `t=${T + 10}`), BODY, [A], T).valid, false);
  for (const bad of [undefined, '', 'sha256=abc', `t=${T}`, `t=${T},v1=zz`, `t=é,v1=${'é'.repeat(64)}`]) {
    assert.deepEqual(verifySignature(bad, BODY, [A], T), { valid: false, reason: 'malformed' }, String(bad));
  }
});

let receiver: NotificationReceiver;
let clock = T;
before(async () => {
  receiver = await startNotificationReceiver({ secret: A, secrets: [B], nowSeconds: () => clock });
});
after(() => receiver.close());

/** A raw POST (fetch refuses non-ASCII header values, which is exactly what must not crash the receiver). */
function post(body: string | Buffer, headers: Record<string, string>): Promise<number | 'reset'> {
  return new Promise((resolve) => {
    const req = http.request(receiver.url, { method: 'POST', headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    // The receiver may close the socket while a too-large body is still being written.
    req.on('error', () => resolve('reset'));
    req.end(body);
  });
}

test('the receiver accepts a fresh signature from either secret, once per event', async () => {
  clock = T + 10;
  const headers = { 'Idempotency-Key': 'e-1', 'Content-Type': 'application/json' };
  assert.equal(await post(BODY, { ...headers, 'X-Signature': signatureHeader(BODY, [A], T) }), 200);
  assert.equal(await post(BODY, { ...headers, 'X-Signature': signatureHeader(BODY, [B], T) }), 200);
  assert.deepEqual(
    receiver.events.map((e) => e.eventId),
    ['e-1'],
  );
});

test('the receiver refuses a replayed stale request, a non-ASCII signature and an oversized body, and keeps running', async () => {
  const headers = { 'Idempotency-Key': 'e-1', 'X-Signature': signatureHeader(BODY, [A], T) };
  clock = T + 3600;
  assert.equal(await post(BODY, headers), 401);
  assert.equal(receiver.requests.at(-1)?.refusal, 'stale');
  clock = T;
  // Latin-1 bytes Node passes through as header text: compared as bytes, refused, not a crash.
  const latin = { 'Idempotency-Key': 'e-1', 'X-Signature': `t=${T},v1=${'\u00e9'.repeat(64)}` };
  assert.equal(await post(BODY, latin), 401);
  const large = await post(Buffer.alloc(200 * 1024, 0x20), { 'X-Signature': signatureHeader(BODY, [A], T) });
  assert.ok(large === 413 || large === 'reset', String(large));
  assert.equal(receiver.requests.at(-1)?.status, 413, 'refused for its size, unread');
  assert.equal(await post(BODY, { ...headers }), 200, 'still up');
});
