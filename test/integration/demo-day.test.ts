/**
 * The demo data set, run through the real pipeline: every trainee ends exactly as the generator says it should,
 * and every malformed line is quarantined where it says. The worker loads a prebuilt workflow bundle, as the
 * container image's does, so the production start-up path is run too.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDaily } from '../../cli/run-daily';
import { generateDemoData, type DemoData } from '../../demo/generate-demo-data';
import type { DailyRunResult } from '../../workflows/esr-daily-run';
import { writeWorkflowBundle } from '../../workers/bundle';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';

const DATE = '2026-11-25';
let env: PipelineEnv;
let demo: DemoData;
let result: DailyRunResult;

before(async () => {
  const bundle = path.join(
    fs.mkdtempSync(path.join(process.env.ESR_TEST_DATA_DIR ?? os.tmpdir(), 'bundle-')),
    'workflow-bundle.js',
  );
  await writeWorkflowBundle(bundle);
  env = await startPipelineEnv('demo', { WORKFLOW_BUNDLE_PATH: bundle });
  demo = generateDemoData({ seed: 7, extractDate: DATE, trainees: 48 });
  await env.store.people.insertMany(demo.people);
  await env.store.posts.insertMany(demo.posts);
  for (const f of demo.extracts) fs.writeFileSync(path.join(env.inboxDir, f.name), f.content);
  ({ result } = await runDaily(env.client, env.config, { extractDate: DATE }));
});
after(async () => env?.close());

test('each demo trainee ends with the outcome and reason the generator expects', async () => {
  const outcomes = await env.store.outcomes.find({ extractDate: DATE }).toArray();
  const got = new Map(outcomes.map((o) => [o.esrPersonId, o]));
  for (const e of demo.expected) {
    const o = got.get(e.esrPersonId);
    assert.equal(o?.outcome, e.outcome, `ESR person ${e.esrPersonId}`);
    if (e.reason) assert.equal(o?.reason, e.reason, `ESR person ${e.esrPersonId}`);
    if (e.tisPersonId) assert.equal(o?.tisPersonId, e.tisPersonId, `ESR person ${e.esrPersonId}`);
  }
  const expectedTotals = { UPDATED: 0, NO_CHANGE: 0, SKIPPED: 0, HELD: 0, COMPENSATED: 0, FAILED: 0 };
  for (const e of demo.expected) expectedTotals[e.outcome] += 1;
  assert.deepEqual(result.counts.total, expectedTotals);
});

test('the malformed lines are quarantined exactly where the generator put them', async () => {
  const errors = await env.store.rowErrors.find({}).toArray();
  assert.deepEqual(
    errors.map((e) => `${e.file}:${e.line}:${e.code}`).sort(),
    demo.expectedRowErrors.map((e) => `${e.file}:${e.line}:${e.code}`).sort(),
  );
});

test('every notified change matches an updated trainee, once', async () => {
  const updated = demo.expected.filter((e) => e.outcome === 'UPDATED').length;
  assert.equal(env.receiver.events.length, updated);
  assert.equal(new Set(env.receiver.events.map((e) => e.personId)).size, updated);
});
