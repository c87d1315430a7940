/**
 * Records the workflow histories that the next release must replay (test/integration/replay.test.ts). Run it on
 * the release being deployed, before changing workflow code, and commit what it writes:
 *
 *   npx tsx test/run.ts test/replay/record-histories.test.ts
 *
 * It is not part of `npm test` (test/run.ts runs test/unit and test/integration only). Histories carry ids, never
 * personal values: the people here are the tests' made-up ones.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { runDaily } from '../../cli/run-daily';
import { startResync } from '../../cli/resync-trainee';
import { dailyRunId, traineeRunId } from '../../src/workflow-ids';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { HISTORY_FIXTURES, historyToFixture } from '../support/history-fixtures';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { post, tisPerson } from '../support/tis-person';

const OUT = HISTORY_FIXTURES;
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
    env = await startPipelineEnv('record');
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
