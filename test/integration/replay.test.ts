/**
 * Safe deploys: the histories recorded from earlier releases (test/fixtures/histories/<commit>/, written by
 * test/replay/record-histories.test.ts) replay under the current workflow code without a non-determinism error.
 * They include runs that were open when recorded (a trainee retrying its notification, a file waiting for approval),
 * cancelled ones, continue-as-new across a held file and the Update that decides it: what a worker of this release
 * meets when it takes over from the last. They are decoded with the data converter they were recorded with (the
 * worker's, on the fixtures' test-only key). And the test is shown able to fail: a deliberately changed trainee
 * workflow does not replay them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import { loadHistoryFixtures, replayDataConverter } from '../support/history-fixtures';

const histories = loadHistoryFixtures();

async function replay(workflowsPath: string, which = histories): Promise<Map<string, Error | undefined>> {
  const results = new Map<string, Error | undefined>();
  for await (const r of Worker.runReplayHistories({ workflowsPath, dataConverter: replayDataConverter() }, which)) {
    results.set(r.workflowId, r.error);
  }
  return results;
}

test('every history recorded from an earlier release replays under the current workflow code', async () => {
  const releases = new Set(histories.map((h) => h.workflowId.split('/')[0]));
  assert.ok(releases.size >= 2, `fixtures from ${[...releases].join(', ')}`);
  for (const kind of ['hold-approved', 'hold-rejected-by-timer', 'hold-continued-as-new-2', 'cancelled-across-pages'])
    assert.ok(
      histories.some((h) => h.workflowId.includes(kind)),
      `a fixture of kind ${kind}`,
    );
  const results = await replay(require.resolve('../../workflows'));
  assert.equal(results.size, histories.length, 'every fixture replayed');
  const failures = [...results].filter(([, e]) => e).map(([id, e]) => `${id}: ${e!.message}`);
  assert.deepEqual(failures, []);
});

test('a deliberately changed trainee workflow fails to replay with a determinism error', async () => {
  const trainees = histories.filter((h) => /\/trainee-/.test(h.workflowId));
  assert.ok(trainees.length >= 4, `${trainees.length} trainee fixtures`);
  const results = await replay(require.resolve('../replay/changed-workflow'), trainees);
  for (const { workflowId } of trainees) {
    const error = results.get(workflowId);
    assert.ok(
      error instanceof DeterminismViolationError,
      `${workflowId}: expected a determinism error, got ${error ? `${error.name}: ${error.message}` : 'none'}`,
    );
  }
});
