/**
 * Several workers share a day: two worker processes on one task queue, one SIGKILLed once a third of the day's
 * outcomes are recorded; the day must end as a clean single-worker run of the same day (people and versions, one
 * eventId per changed person, nothing applied and not notified, nothing PENDING, the same outcomes). The leases and
 * the outbox relay run with both workers polling. See test/faults/fault-suite.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { faultTable, runFaultSuite, SCENARIOS } from '../faults/fault-suite';

test('a day on two workers, one SIGKILLed mid-run, ends as a clean single-worker run', async () => {
  const reports = await runFaultSuite({ trainees: 60, scenarios: [SCENARIOS.twoWorkers] });
  console.log(`\n${faultTable(reports)}\n`);
  assert.equal(reports.length, 2);
  assert.deepEqual(
    reports.flatMap((r) => r.problems.map((p) => `${r.name}: ${p}`)),
    [],
  );
});
