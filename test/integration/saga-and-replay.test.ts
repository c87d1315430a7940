/**
 * Retries, compensation, continue-as-new and replay, on the harness's real servers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { runDaily } from '../../cli/run-daily';
import { dailyRunId, traineeRunId } from '../../src/workflow-ids';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { temporalDataConverter } from '../../workers/temporal-connection';
import { post, tisPerson } from '../support/tis-person';

const POST = 'EOE/RGT00/IMT/CT1/001';

/** One trainee whose mobile changed in ESR, in an extract for `date`. */
async function oneChangedTrainee(env: PipelineEnv, date: string, id: string): Promise<void> {
  await env.store.people.insertOne(tisPerson({ _id: `tis-${id}`, identifiers: { gmcNumber: `700${id}` } }));
  const line = perLine(baseRow({ esrPersonId: id, gmcNumber: `700${id}`, mobilePhone: '07700 900456' }));
  fs.writeFileSync(
    path.join(env.inboxDir, extractName('EOE', date)),
    extractText({ office: 'EOE', date, lines: [line] }),
  );
}

describe('saga, retries and replay', () => {
  let env: PipelineEnv;
  before(async () => {
    env = await startPipelineEnv('saga');
    await env.store.posts.insertOne(post(POST));
  });
  after(async () => env?.close());

  test('a refused notification puts the changed fields back and moves the version on', async () => {
    const date = '2026-11-20';
    await oneChangedTrainee(env, date, '2001');
    const prior = await env.store.people.findOne({ _id: 'tis-2001' });
    env.receiver.script.push(400);
    const { result } = await runDaily(env.client, env.config, { extractDate: date });
    assert.equal(result.counts.total.COMPENSATED, 1);
    // The ESR link recorded by matching is not part of the update, so it stays; the changed field is as before;
    // the version moves on (1, 2 by the update, 3 by the undo) so that no version number is ever reused.
    const restored = await env.store.people.findOne({ _id: 'tis-2001' });
    assert.equal(restored?.version, 3);
    assert.equal(restored?.contactDetails.mobileNumber, prior?.contactDetails.mobileNumber);
    const untouched = (p: object | null) => {
      const copy: Record<string, unknown> = { ...p };
      for (const k of ['version', 'updatedAt', 'fieldUpdatedAt']) delete copy[k];
      return copy;
    };
    assert.deepEqual(untouched(restored), {
      ...untouched(prior),
      identifiers: { ...prior?.identifiers, esrPersonId: '2001' },
    });
    const outcome = await env.store.outcomes.findOne({ _id: `${date}#2001` });
    assert.equal(outcome?.outcome, 'COMPENSATED');
    assert.equal(outcome?.reason, 'NotificationRefused');
    const actions = (await env.store.audit.find({ personId: 'tis-2001' }).toArray()).map((a) => a.action).sort();
    assert.deepEqual(actions, ['APPLIED', 'COMPENSATED']);
    assert.equal(env.receiver.events.filter((e) => e.personId === 'tis-2001').length, 0);
    const event = await env.store.outbox.findOne({ personId: 'tis-2001' });
    assert.equal(event?.status, 'CANCELLED');
    assert.equal(event?.refusal?.status, 400, "the receiver's answer is kept with the compensation");
  });

  test('a notification endpoint failing twice then accepting ends UPDATED, notified once', async () => {
    const date = '2026-11-21';
    await oneChangedTrainee(env, date, '2002');
    const before = env.receiver.requests.length;
    env.receiver.script.push(503, 500);
    const { result } = await runDaily(env.client, env.config, { extractDate: date });
    assert.equal(result.counts.total.UPDATED, 1);
    const person = await env.store.people.findOne({ _id: 'tis-2002' });
    assert.equal(person?.version, 2);
    assert.equal(person?.contactDetails.mobileNumber, '+447700900456');
    assert.equal(env.receiver.requests.length - before, 3);
    const events = env.receiver.events.filter((e) => e.personId === 'tis-2002');
    assert.equal(events.length, 1);
    const sameKey = env.receiver.requests.slice(before).every((r) => r.eventId === events[0].eventId);
    assert.ok(sameKey, 'every attempt carries the same event id');
  });

  test('a large extract continues as new and still tallies every trainee', async () => {
    const date = '2026-11-22';
    const ids = Array.from({ length: 24 }, (_, i) => String(3000 + i));
    await env.store.people.insertMany(
      ids.map((id) => tisPerson({ _id: `tis-${id}`, identifiers: { gmcNumber: `700${id}` } })),
    );
    const lines = ids.map((id) => perLine(baseRow({ esrPersonId: id, gmcNumber: `700${id}` })));
    fs.writeFileSync(path.join(env.inboxDir, extractName('EOE', date)), extractText({ office: 'EOE', date, lines }));
    const { result } = await runDaily(env.client, env.config, {
      extractDate: date,
      pageSize: 5,
      concurrency: 3,
      continueAsNewAfterEvents: 40,
    });
    assert.ok(result.continuedAsNew >= 2, `continued as new ${result.continuedAsNew} times`);
    assert.equal(result.trainees, 24);
    assert.equal(result.counts.total.NO_CHANGE, 24);
    assert.equal(result.files.length, 1, 'files are carried across continue-as-new');
  });

  test('recorded histories replay under the current workflow code', async () => {
    const date = '2026-11-21';
    const histories = [
      await env.client.workflow.getHandle(dailyRunId(date)).fetchHistory(),
      await env.client.workflow.getHandle(traineeRunId(date, '2002')).fetchHistory(),
      await env.client.workflow.getHandle(traineeRunId('2026-11-20', '2001')).fetchHistory(),
    ];
    for (const history of histories) {
      await Worker.runReplayHistory(
        { workflowsPath: require.resolve('../../workflows'), dataConverter: temporalDataConverter(env.config) },
        history,
      );
    }
  });
});
