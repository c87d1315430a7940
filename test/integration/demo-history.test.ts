/**
 * The demo's history as `npm start` makes it (cli/demo-history.ts), four days here where `npm start` puts seven
 * (to keep the test lean): the same synthetic people put through the real pipeline, one day after the other. Every
 * day runs whole (no file held, no trainee failed), and what the portal reads back from the runs shows the trusts
 * putting their records right: fewer problems and skips on the last day than the first, for the same people.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDemoHistory, runDemoHistory } from '../../cli/demo-history';
import { ReportReader } from '../../portal/report-reader';
import { dayFigures } from '../../src/reports/day-figures';
import type { DailyRunResult } from '../../workflows/esr-daily-run';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';

const LAST = '2026-11-25';
let env: PipelineEnv;
let dates: string[];
const results = new Map<string, DailyRunResult>();

before(async () => {
  env = await startPipelineEnv('history');
  dates = await loadDemoHistory(env.store, env.inboxDir, { seed: 11, extractDate: LAST, trainees: 36, days: 4 });
  await runDemoHistory(env.client, env.config, dates, (date, result) => results.set(date, result));
});
after(async () => env?.close());

test('consecutive days, each run whole: every file applied, no trainee failed', () => {
  assert.deepEqual(dates, ['2026-11-22', '2026-11-23', '2026-11-24', LAST]);
  for (const date of dates) {
    const r = results.get(date)!;
    assert.equal(r.counts.total.FAILED, 0, date);
    assert.deepEqual(
      r.files.map((f) => f.status),
      ['APPLIED', 'APPLIED', 'APPLIED'],
      date,
    );
    assert.equal(r.trainees, results.get(dates[0])!.trainees, `${date}: the same people`);
  }
});

test('the portal reads every day back, and the last shows fewer problems and skips than the first', async () => {
  const reader = new ReportReader(env.store, 36500);
  assert.deepEqual((await reader.history()).dates, [...dates].reverse());
  const total = async (date: string) => {
    const figures = (await reader.day(date)).trusts.map(dayFigures);
    return {
      rows: figures.reduce((s, f) => s + f.rowsRead, 0),
      mistakes: figures.reduce((s, f) => s + f.problems + f.skipped, 0),
    };
  };
  const first = await total(dates[0]);
  const last = await total(LAST);
  assert.equal(last.rows, first.rows);
  assert.ok(
    last.mistakes < first.mistakes,
    `${first.mistakes} problems and skips on the first day, ${last.mistakes} on the last`,
  );
});
