/**
 * The short fault-injection suite in `npm test`: 8 trainees, clean, then the worker process SIGKILLed mid-run and
 * restarted, compared with the clean run (see test/faults/fault-suite.ts). Endpoint failures and cancel + re-run
 * have their own tests in durable-delivery.test.ts; `npm run faults` runs every scenario on 120 trainees.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { faultTable, runFaultSuite, SCENARIOS } from '../faults/fault-suite';

test('a short day with its worker SIGKILLed mid-run ends as the clean run', async () => {
  const reports = await runFaultSuite({ trainees: 8, scenarios: [SCENARIOS.workerKillOnce] });
  console.log(`\n${faultTable(reports)}\n`);
  assert.deepEqual(
    reports.flatMap((r) => r.problems.map((p) => `${r.name}: ${p}`)),
    [],
  );
});
