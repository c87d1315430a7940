import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitUntil } from '../support/wait-until';

test('waits until the condition holds', async () => {
  let calls = 0;
  await waitUntil('three calls', () => ++calls >= 3, 5_000, 1);
  assert.equal(calls, 3);
});

test('an error from the check fails the wait at once, not at the timeout', async () => {
  const started = Date.now();
  await assert.rejects(
    waitUntil(
      'a broken check',
      () => {
        throw new TypeError('a bug');
      },
      60_000,
    ),
    { name: 'TypeError', message: 'a bug' },
  );
  assert.ok(Date.now() - started < 5_000);
});

test('errors it is told to retry on are waited through, and a timeout names the last one', async () => {
  let calls = 0;
  const restarting = (err: unknown) => err instanceof Error && err.message === 'restarting';
  await waitUntil(
    'a server back',
    () => {
      if (++calls < 3) throw new Error('restarting');
      return true;
    },
    5_000,
    1,
    restarting,
  );
  assert.equal(calls, 3);
  await assert.rejects(
    waitUntil(
      'a server that never comes back',
      () => {
        throw new Error('restarting');
      },
      50,
      1,
      restarting,
    ),
    /timed out after 50 ms waiting for a server that never comes back; last error: Error: restarting/,
  );
});
