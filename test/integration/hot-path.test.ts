/**
 * The per-trainee hot path never scans: on FerretDB only `_id` look-ups are cheap at TIS's size, so every command
 * the trainees send must be by `_id`, and the only filters of another shape are the run's own few (the day's rows,
 * the one pass over `people`), whose count does not grow with the number of trainees. Checked on the MongoDB
 * commands the worker really sends (the driver's command events), for a first load (nobody linked) and the next
 * day's delta (most people linked, so only the others get candidates).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CommandStartedEvent } from 'mongodb';
import { runDaily } from '../../cli/run-daily';
import { generateDemoData, type DemoData } from '../../demo/generate-demo-data';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';

const FIRST = '2026-11-25';
const NEXT = '2026-11-26';
const TRAINEES = 60;

let env: PipelineEnv;
let demo: DemoData;
const commands: { date: string; name: string; collection: string; filter: Record<string, unknown> }[] = [];
let running = '';

/** The filters a command carries: find, count, update and delete statements. */
function filtersOf(e: CommandStartedEvent): Record<string, unknown>[] {
  const c = e.command as Record<string, unknown>;
  if (e.commandName === 'find' || e.commandName === 'count') return [(c.filter ?? c.query ?? {}) as never];
  if (e.commandName === 'update') return (c.updates as { q: never }[]).map((u) => u.q);
  if (e.commandName === 'delete') return (c.deletes as { q: never }[]).map((d) => d.q);
  if (e.commandName === 'aggregate' || e.commandName === 'findAndModify') return [{ unexpected: e.commandName }];
  return [];
}

const byIdOnly = (filter: Record<string, unknown>) => {
  const keys = Object.keys(filter);
  return keys.includes('_id') && typeof filter._id !== 'object';
};

async function runDay(date: string): Promise<void> {
  const day = generateDemoData({ seed: 11, extractDate: date, trainees: TRAINEES });
  for (const f of day.extracts) fs.writeFileSync(path.join(env.inboxDir, f.name), f.content);
  running = date;
  await runDaily(env.client, env.config, { extractDate: date });
  running = '';
}

before(async () => {
  env = await startPipelineEnv('hotpath', {}, { monitorCommands: true });
  env.store.client.on('commandStarted', (e) => {
    if (!running) return;
    const collection = String((e.command as Record<string, unknown>)[e.commandName] ?? '');
    for (const filter of filtersOf(e)) commands.push({ date: running, name: e.commandName, collection, filter });
  });
  demo = generateDemoData({ seed: 11, extractDate: FIRST, trainees: TRAINEES });
  await env.store.people.insertMany(demo.people);
  await env.store.posts.insertMany(demo.posts);
  await runDay(FIRST);
  await runDay(NEXT);
});
after(async () => env?.close());

/** Commands not by `_id`, grouped by day, command, collection and filter shape, with their counts. */
function otherShapes(date: string): Map<string, number> {
  const groups = new Map<string, number>();
  for (const c of commands.filter((x) => x.date === date && !byIdOnly(x.filter))) {
    const key = `${c.name} ${c.collection} ${JSON.stringify(Object.keys(c.filter).sort())}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  return groups;
}

test('the first load matches every trainee from one pass over people, as the generator expects', async () => {
  const outcomes = await env.store.outcomes.find({ extractDate: FIRST }).toArray();
  const got = new Map(outcomes.map((o) => [o.esrPersonId, o]));
  for (const e of demo.expected) {
    assert.equal(got.get(e.esrPersonId)?.outcome, e.outcome, `ESR person ${e.esrPersonId}`);
    if (e.tisPersonId) assert.equal(got.get(e.esrPersonId)?.tisPersonId, e.tisPersonId);
  }
  const peopleFinds = commands.filter((c) => c.date === FIRST && c.collection === 'people' && !byIdOnly(c.filter));
  assert.deepEqual(
    peopleFinds.map((c) => `${c.name} ${JSON.stringify(c.filter)}`),
    ['find {}'],
    'one pass over people, and no query of people by anything but _id',
  );
});

test('no command of either day is of a shape that repeats per trainee', () => {
  for (const date of [FIRST, NEXT]) {
    const shapes = otherShapes(date);
    assert.ok(
      commands.some((c) => c.date === date && byIdOnly(c.filter)),
      'commands were observed',
    );
    for (const [shape, count] of shapes) {
      // Run-level work: per file or per run, never per trainee (the demo day has three files).
      assert.ok(count <= 4, `${date}: ${count} × ${shape}`);
    }
  }
});

test('the next day prepares candidates only for the rows of ESR people not linked yet', async () => {
  const linked = new Set((await env.store.links.find({}).toArray()).map((l) => l._id));
  const rows = await env.store.rows.find({ extractDate: NEXT, accepted: true }).toArray();
  const unlinked = rows.filter((r) => !linked.has(r.esrPersonId)).map((r) => r._id);
  assert.ok(linked.size > TRAINEES / 2, `${linked.size} linked after the first load`);
  assert.ok(unlinked.length < rows.length / 4, `${unlinked.length} of ${rows.length} rows unlinked`);
  const prepared = await env.store.matchCandidates.find({ extractDate: NEXT }).toArray();
  assert.deepEqual(prepared.map((p) => p._id).sort(), unlinked.sort());
});
