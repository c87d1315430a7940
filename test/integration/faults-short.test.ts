/**
 * The short fault-injection suite in `npm test`: 12 trainees, clean, then worker SIGKILLs, a 503 blip, and a
 * cancel + re-run, each compared with the clean run (see test/faults/fault-suite.ts). `npm run faults` runs all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { faultTable, runFaultSuite, SCENARIOS } from '../faults/fault-suite';

test('a short day under worker SIGKILLs, a 503 blip and a cancel + re-run ends as the clean run', async () => {
  const reports = await runFaultSuite({
    trainees: 12,
    scenarios: [SCENARIOS.workerKill, SCENARIOS.endpoint503, SCENARIOS.cancelRerun],
  });
  console.log(`\n${faultTable(reports)}\n`);
  assert.deepEqual(
    reports.flatMap((r) => r.problems.map((p) => `${r.name}: ${p}`)),
    [],
  );
});
