/**
 * `npm run faults`: the full fault-injection suite (120 trainees, every scenario). Prints the table the README
 * shows. The short version runs in `npm test` (test/integration/faults-short.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { faultTable, runFaultSuite, SCENARIOS } from './fault-suite';

test('the same day, clean and under every fault, ends the same', { timeout: 60 * 60_000 }, async () => {
  const trainees = Number(process.env.FAULT_TRAINEES ?? 120);
  // FAULT_SCENARIOS=databaseKill,endpoint503 runs just those (after the clean run).
  const only = process.env.FAULT_SCENARIOS?.split(',').map((n) => SCENARIOS[n.trim()]);
  const reports = await runFaultSuite({
    trainees,
    scenarios: only ?? [
      SCENARIOS.workerKill,
      SCENARIOS.databaseKill,
      SCENARIOS.temporalRestart,
      SCENARIOS.endpoint503,
      SCENARIOS.endpoint429,
      SCENARIOS.endpointTimeout,
      SCENARIOS.cancelRerun,
      SCENARIOS.sameDateTwice,
      SCENARIOS.resyncRace,
    ],
  });
  console.log(`\nFault suite, ${trainees} trainees (${Math.ceil(trainees / 2)} changed):\n\n${faultTable(reports)}\n`);
  assert.deepEqual(
    reports.flatMap((r) => r.problems.map((p) => `${r.name}: ${p}`)),
    [],
  );
});
