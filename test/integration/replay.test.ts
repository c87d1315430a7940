/**
 * Safe deploys: the histories recorded from the previous release (test/fixtures/histories, written by
 * test/replay/record-histories.test.ts) replay under the current workflow code without a non-determinism error.
 * They include runs that were open when recorded (a trainee retrying its notification, its daily run) and a
 * cancelled one: what a worker of this release meets when it takes over from the last.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from '@temporalio/worker';
import { loadHistoryFixtures } from '../support/history-fixtures';

test('every history recorded from the previous release replays under the current workflow code', async () => {
  const histories = loadHistoryFixtures();
  assert.ok(histories.length >= 8, `found ${histories.length} fixture histories`);
  const failures: string[] = [];
  for await (const r of Worker.runReplayHistories({ workflowsPath: require.resolve('../../workflows') }, histories)) {
    if (r.error) failures.push(`${r.workflowId}: ${r.error.message}`);
  }
  assert.deepEqual(failures, []);
});
