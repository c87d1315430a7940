/**
 * The chaos campaign's short version in `npm test` (the full one: `npm run chaos`, test/chaos/): small days, clean
 * and under each seed's drawn faults, every invariant checked. Every seed that has ever failed stays here as a
 * regression seed, with the day size it failed at and what broke; `npm run chaos -- --seed S --trainees M`
 * reproduces each (its faults are the same; the interleaving of a real run may differ, so some fail now and then).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCampaign } from '../chaos/campaign';

const REGRESSION_SEEDS = [
  // bounded: cancelled at the first outcome and run again at once, the re-run listed the held file AWAITING_APPROVAL
  // but its decideFile validator refused it ("not waiting for approval"), so the day never ended. Seed 310 on 60
  // trainees failed the same way; it stays out of npm test for its size.
  { seed: 1, trainees: 10 },
  // exactly-once: the resync and the daily trainee of one person each applied a change set from the same base
  // version, and each was delivered.
  { seed: 2, trainees: 12 },
];

test('a short chaos campaign: each regression seed keeps every invariant under its faults', async () => {
  const failed: string[] = [];
  for (const { seed, trainees } of REGRESSION_SEEDS) {
    const reports = await runCampaign({ seeds: [seed], trainees, boundMs: 120_000 });
    failed.push(...reports.filter((r) => r.problems.length).map((r) => `seed ${r.seed} (${trainees} trainees)`));
  }
  assert.deepEqual(failed, []);
});
