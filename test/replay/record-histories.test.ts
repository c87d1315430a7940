/**
 * Records the workflow histories that the next release must replay (test/integration/replay.test.ts). Run it on
 * the release being deployed, before changing workflow code, and commit what it writes (a folder named for the
 * commit, under test/fixtures/histories/):
 *
 *   npx tsx test/run.ts test/replay/record-histories.test.ts
 *
 * It is not part of `npm test` (test/run.ts runs test/unit and test/integration only). Payloads are encrypted with
 * the fixtures' own test-only key (test/fixtures/histories/payload-key.txt), so the replay test can decode them for
 * as long as they are kept; the people here are the tests' made-up ones. Recorded: the runs a deploy meets open or
 * finds finished, i.e. a finished day with the durable-delivery branch (retried, compensated, unchanged), a trainee
 * retrying its notification, cancelled runs (one trainee, and a day across pages), continue-as-new (plain, and
 * across a held file), a held file waiting, approved through the `decideFile` Update, and rejected by its timer, and
 * a resync.
 */
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { runDaily } from '../../cli/run-daily';
import { startResync } from '../../cli/resync-trainee';
import { dailyRunId, traineeRunId } from '../../src/workflow-ids';
import { decideFileUpdate, progressQuery, type DailyRunProgress } from '../../workflows/esr-daily-run';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { HISTORY_FIXTURES, historyToFixture, REPLAY_PAYLOAD_KEY } from '../support/history-fixtures';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { post, tisPerson } from '../support/tis-person';

/** One folder per release recorded: the commit the histories come from. */
const RELEASE = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: __dirname, encoding: 'utf8' }).trim();
const OUT = path.join(HISTORY_FIXTURES, RELEASE);
/** Every env of the recorder encrypts with the fixtures' key. */
const KEYED = { TEMPORAL_PAYLOAD_KEYS: REPLAY_PAYLOAD_KEY };
/** A file of a few rows is held when most of them change a legal name; the trust-share check stays off. */
const HOLDING = { ...KEYED, MASS_CHANGE_MIN_ROWS: '2', MASS_CHANGE_TRUST_SHARE: '1' };
const POST = 'EOE/RGT00/IMT/CT1/001';

async function save(name: string, handle: WorkflowHandle): Promise<void> {
  const history = await handle.fetchHistory();
  fs.writeFileSync(path.join(OUT, `${name}.json`), historyToFixture(history));
}

async function until(what: string, check: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('record workflow histories of this release', () => {
  let env: PipelineEnv;
  const people = async (date: string, rows: { id: string; mobile?: string }[]) => {
    await env.store.people.insertMany(
      rows.map(({ id }) => tisPerson({ _id: `tis-${id}`, identifiers: { gmcNumber: `700${id}` } })),
    );
    const lines = rows.map(({ id, mobile }) =>
      perLine(baseRow({ esrPersonId: id, gmcNumber: `700${id}`, ...(mobile ? { mobilePhone: mobile } : {}) })),
    );
    fs.writeFileSync(path.join(env.inboxDir, extractName('EOE', date)), extractText({ office: 'EOE', date, lines }));
  };
  before(async () => {
    fs.mkdirSync(OUT, { recursive: true });
    env = await startPipelineEnv('record', KEYED);
    await env.store.posts.insertOne(post(POST));
  });
  after(async () => env?.close());

  test('a finished day: updated after retries, compensated on refusal, unchanged', async () => {
    const date = '2026-10-01';
    await people(date, [
      { id: '5001', mobile: '07700 900501' },
      { id: '5002', mobile: '07700 900502' },
      { id: '5003' },
    ]);
    // Children run in id order with one at a time: 5001 meets 503, 500 then 200; 5002 meets 400.
    env.receiver.script.push(503, 500, 200, 400);
    const { result } = await runDaily(env.client, env.config, { extractDate: date, concurrency: 1 });
    assert.deepEqual(
      [result.counts.total.UPDATED, result.counts.total.COMPENSATED, result.counts.total.NO_CHANGE],
      [1, 1, 1],
    );
    await save('daily-finished', env.client.workflow.getHandle(dailyRunId(date)));
    await save('trainee-updated-after-retries', env.client.workflow.getHandle(traineeRunId(date, '5001')));
    await save('trainee-compensated', env.client.workflow.getHandle(traineeRunId(date, '5002')));
    await save('trainee-no-change', env.client.workflow.getHandle(traineeRunId(date, '5003')));
  });

  test('open at deploy time: a trainee retrying its notification, and its daily run', async () => {
    const date = '2026-10-02';
    await people(date, [{ id: '5101', mobile: '07700 900511' }]);
    env.receiver.script.push(503, 503, 503, 503);
    const seen = env.receiver.requests.length;
    const run = runDaily(env.client, env.config, { extractDate: date });
    await until('two refused attempts', () => env.receiver.requests.length - seen >= 2);
    await save('trainee-open-notifying', env.client.workflow.getHandle(traineeRunId(date, '5101')));
    await save('daily-open', env.client.workflow.getHandle(dailyRunId(date)));
    env.receiver.script.length = 0;
    await run;
  });

  test('cancelled from the client while a trainee waits on its notification', async () => {
    const date = '2026-10-03';
    await people(date, [{ id: '5201', mobile: '07700 900521' }]);
    env.receiver.script.push(...Array<number>(20).fill(503));
    const seen = env.receiver.requests.length;
    const run = runDaily(env.client, env.config, { extractDate: date });
    await until('a refused attempt', () => env.receiver.requests.length - seen >= 1);
    await env.client.workflow.getHandle(dailyRunId(date)).cancel();
    await run.catch(() => undefined);
    const trainee = env.client.workflow.getHandle(traineeRunId(date, '5201'));
    await until('the trainee closed', async () => (await trainee.describe()).status.name !== 'RUNNING');
    env.receiver.script.length = 0;
    await save('daily-cancelled', env.client.workflow.getHandle(dailyRunId(date)));
    await save('trainee-cancelled', trainee);
  });

  test('a resync, and a day that continues as new', async () => {
    const date = '2026-10-04';
    await people(
      date,
      Array.from({ length: 8 }, (_, i) => ({ id: String(5300 + i), ...(i === 0 ? { mobile: '07700 900530' } : {}) })),
    );
    await runDaily(env.client, env.config, {
      extractDate: date,
      pageSize: 2,
      concurrency: 2,
      continueAsNewAfterEvents: 30,
    });
    await save('daily-continued-as-new', env.client.workflow.getHandle(dailyRunId(date)));
    await env.store.people.updateOne({ _id: 'tis-5301' }, { $set: { 'contactDetails.mobileNumber': '+447700900999' } });
    const resync = await startResync(env.client, env.config, env.store, '5301');
    await resync.result();
    await save('resync-updated', env.client.workflow.getHandle(resync.workflowId));
  });
});

type Row = NonNullable<Parameters<typeof baseRow>[0]> & { esrPersonId: string };

describe('record the held-file, continue-as-new and cancelled-across-pages histories of this release', () => {
  let env: PipelineEnv;
  /** A second env: a held file there is rejected by its timer a few seconds in. */
  let timed: PipelineEnv;
  const seed = async (on: PipelineEnv, ids: string[]) =>
    on.store.people.insertMany(
      ids.map((id) => tisPerson({ _id: `tis-${id}`, identifiers: { gmcNumber: `700${id}` } })),
    );
  const file = (on: PipelineEnv, office: string, date: string, rows: Row[]) => {
    const name = extractName(office, date);
    const lines = rows.map((r) => perLine(baseRow({ gmcNumber: `700${r.esrPersonId}`, ...r })));
    fs.writeFileSync(path.join(on.inboxDir, name), extractText({ office, date, lines }));
    return name;
  };
  const progress = async (on: PipelineEnv, date: string, ready: (p: DailyRunProgress) => boolean) => {
    const handle = on.client.workflow.getHandle(dailyRunId(date));
    let seen: DailyRunProgress | undefined;
    await until(
      'the run to reach the state recorded',
      async () => {
        seen = await handle.query(progressQuery).catch(() => undefined);
        return seen !== undefined && ready(seen);
      },
      90_000,
    );
    return seen!;
  };
  const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(from + i));

  before(async () => {
    env = await startPipelineEnv('record-holds', { ...HOLDING, APPROVAL_TIMEOUT: '1h' });
    timed = await startPipelineEnv('record-timer', { ...HOLDING, APPROVAL_TIMEOUT: '3s' });
    await env.store.posts.insertOne(post(POST));
    await timed.store.posts.insertOne(post(POST));
  });
  after(async () => {
    await env?.close();
    await timed?.close();
  });

  test('a held file waiting, then approved through the decideFile Update', async () => {
    const date = '2026-10-06';
    await seed(env, ['5401', ...ids(5411, 2)]);
    file(env, 'EOE', date, [{ esrPersonId: '5401', mobilePhone: '07700 900541' }]);
    const held = file(
      env,
      'LDN',
      date,
      ids(5411, 2).map((esrPersonId) => ({ esrPersonId, surname: 'Changed' })),
    );
    const run = runDaily(env.client, env.config, { extractDate: date });
    await progress(env, date, (p) => p.trainees === 1 && p.inFlight === 0 && p.files.some((f) => f.name === held));
    const handle = env.client.workflow.getHandle(dailyRunId(date));
    await save('daily-awaiting-approval', handle);
    const decided = await handle.executeUpdate(decideFileUpdate, {
      args: [{ file: held, decision: 'APPROVE', by: 'recorder', reason: 'expected: a test of the hold' }],
    });
    assert.equal(decided.decision, 'APPROVED');
    const { result } = await run;
    assert.equal(result.counts.total.UPDATED, 3);
    await save('daily-hold-approved', handle);
    await save('trainee-of-approved-file', env.client.workflow.getHandle(traineeRunId(date, '5411')));
  });

  test('continue-as-new while a file is held, approved in the new run', async () => {
    const date = '2026-10-07';
    await seed(env, [...ids(5501, 8), ...ids(5521, 2)]);
    file(
      env,
      'EOE',
      date,
      ids(5501, 8).map((esrPersonId, i) => ({ esrPersonId, ...(i === 0 ? { mobilePhone: '07700 900551' } : {}) })),
    );
    const held = file(
      env,
      'LDN',
      date,
      ids(5521, 2).map((esrPersonId) => ({ esrPersonId, surname: 'Changed' })),
    );
    const handle = env.client.workflow.getHandle(dailyRunId(date));
    const run = runDaily(env.client, env.config, {
      extractDate: date,
      pageSize: 2,
      concurrency: 2,
      continueAsNewAfterEvents: 30,
    });
    await progress(env, date, (p) => p.continuedAsNew >= 1 && p.trainees === 8 && p.inFlight === 0);
    await handle.executeUpdate(decideFileUpdate, { args: [{ file: held, decision: 'APPROVE', by: 'recorder' }] });
    const { result } = await run;
    assert.ok(result.continuedAsNew >= 1, 'continued as new');
    assert.equal(result.trainees, 10);
    // Every run of the chain: the hold carried across, the Update in whichever run was open.
    const runs: { runId: string; startTime: Date }[] = [];
    for await (const w of env.client.workflow.list({ query: `WorkflowId = '${dailyRunId(date)}'` })) runs.push(w);
    runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
    assert.equal(runs.length, result.continuedAsNew + 1);
    for (const [i, { runId }] of runs.entries())
      await save(`daily-hold-continued-as-new-${i + 1}`, env.client.workflow.getHandle(dailyRunId(date), runId));
  });

  test('a day cancelled across pages, as the Web UI cancels it', async () => {
    const date = '2026-10-08';
    const people = ids(5601, 10);
    await seed(env, people);
    file(
      env,
      'EOE',
      date,
      people.map((esrPersonId, i) => ({ esrPersonId, mobilePhone: `07700 9006${String(i).padStart(2, '0')}` })),
    );
    // Each delivery takes a while, so the cancel lands with pages still to run.
    env.receiver.script.push(...people.map(() => ({ status: 200, delayMs: 400 })));
    const run = runDaily(env.client, env.config, { extractDate: date, pageSize: 2, concurrency: 1 });
    const outcomes = () => env.store.outcomes.countDocuments({ extractDate: date });
    await until('two trainees done', async () => (await outcomes()) >= 2);
    const handle = env.client.workflow.getHandle(dailyRunId(date));
    await handle.cancel();
    await assert.rejects(run);
    await until('the run closed', async () => (await handle.describe()).status.name !== 'RUNNING');
    env.receiver.script.length = 0;
    assert.ok((await outcomes()) < people.length, 'the cancel landed mid-run');
    await save('daily-cancelled-across-pages', handle);
  });

  test('a held file nobody decides on, rejected by its timer', async () => {
    const date = '2026-10-09';
    await seed(timed, ['5701', ...ids(5711, 2)]);
    file(timed, 'EOE', date, [{ esrPersonId: '5701', mobilePhone: '07700 900571' }]);
    const held = file(
      timed,
      'LDN',
      date,
      ids(5711, 2).map((esrPersonId) => ({ esrPersonId, surname: 'Changed' })),
    );
    const { result } = await runDaily(timed.client, timed.config, { extractDate: date });
    const rejected = result.files.find((f) => f.name === held);
    assert.equal(rejected?.status, 'REJECTED');
    assert.equal(rejected?.hold?.decidedBy, 'timeout');
    await save('daily-hold-rejected-by-timer', timed.client.workflow.getHandle(dailyRunId(date)));
  });
});
