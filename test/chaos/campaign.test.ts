/**
 * `npm run chaos -- --seeds N --trainees M [--seed S]` (test/chaos/chaos-cli.ts passes the choice here in
 * CHAOS_SEEDS and CHAOS_TRAINEES): every seed's day, clean and under its faults, must keep every invariant.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCampaign } from './campaign';

test('the chaos campaign: every seed keeps every invariant', { timeout: 6 * 60 * 60_000 }, async () => {
  const seeds = (process.env.CHAOS_SEEDS ?? '1').split(',').map(Number);
  const trainees = Number(process.env.CHAOS_TRAINEES ?? 40);
  const reports = await runCampaign({ seeds, trainees, boundMs: Number(process.env.CHAOS_BOUND_S ?? 300) * 1000 });
  assert.deepEqual(
    reports.filter((r) => r.problems.length).map((r) => r.seed),
    [],
  );
});
