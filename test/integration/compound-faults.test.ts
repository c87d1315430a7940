/**
 * What a production day meets that single faults do not: older-shaped TIS documents, a file still being written
 * when the run starts, a receiver slower than our timeout that answers 409 while a key is in progress, two senders
 * for one event, a trainee kept busy by another run, and a run cancelled across pages then run again at once. Each
 * ends somewhere an operator sees, and every change is delivered exactly once. Real servers, a real local receiver.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runDaily } from '../../cli/run-daily';
import { startResync } from '../../cli/resync-trainee';
import { postOutboxEvent } from '../../activities/notify-change';
import { eventIdFor } from '../../src/notify/event-id';
import { FailureType } from '../../src/failure-types';
import { dailyRunId } from '../../src/workflow-ids';
import type { PersonDocument } from '../../src/tis/person-document';
import { UNEXPECTED_TIS_DOCUMENT, type TraineeResult } from '../../workflows/esr-trainee';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { post, tisPerson } from '../support/tis-person';
import { waitUntil } from '../support/wait-until';

const POST = 'EOE/RGT00/IMT/CT1/001';

function writeExtract(env: PipelineEnv, date: string, ids: string[]): string {
  const lines = ids.map((id) =>
    perLine(baseRow({ esrPersonId: id, gmcNumber: `700${id}`, mobilePhone: `07700 9${id.padStart(5, '0')}` })),
  );
  const file = path.join(env.inboxDir, extractName('EOE', date));
  fs.writeFileSync(file, extractText({ office: 'EOE', date, lines }));
  return file;
}

async function people(env: PipelineEnv, ids: string[], shape: (p: PersonDocument) => unknown = (p) => p) {
  await env.store.people.insertMany(
    ids.map((id) => shape(tisPerson({ _id: `tis-${id}`, identifiers: { gmcNumber: `700${id}` } })) as PersonDocument),
  );
}

describe('compound faults and odd data', () => {
  let env: PipelineEnv;
  before(async () => {
    env = await startPipelineEnv('compound', { OUTBOX_RELAY_GRACE_MS: '0', NOTIFY_TIMEOUT_MS: '1500' });
    await env.store.posts.insertOne(post(POST));
  });
  after(async () => env?.close());

  test('older-shaped TIS documents end HELD with the fields named; the rest of the day goes on', async () => {
    const date = '2026-12-11';
    await people(env, ['7101', '7102']);
    await people(env, ['7103'], (p) => ({ ...p, contactDetails: '07700 900123, 1 Test Street' }));
    await people(env, ['7104'], ({ version: _dropped, ...p }) => (void _dropped, p));
    await people(env, ['7105'], (p) => ({ ...p, placements: null }));
    writeExtract(env, date, ['7101', '7102', '7103', '7104', '7105']);
    const { result } = await runDaily(env.client, env.config, { extractDate: date });
    assert.equal(result.counts.total.UPDATED, 2);
    assert.equal(result.counts.total.HELD, 3);
    const held = await env.store.outcomes.find({ extractDate: date, outcome: 'HELD' }).sort({ _id: 1 }).toArray();
    assert.deepEqual(
      held.map((o) => [o.esrPersonId, o.reason]),
      [
        ['7103', UNEXPECTED_TIS_DOCUMENT],
        ['7104', UNEXPECTED_TIS_DOCUMENT],
        ['7105', UNEXPECTED_TIS_DOCUMENT],
      ],
    );
    assert.match(held[0].detail ?? '', /contactDetails is a string, not an object/);
    assert.match(held[1].detail ?? '', /version is missing/);
    assert.match(held[2].detail ?? '', /placements is null, not a list/);
    assert.ok(!held.some((o) => (o.detail ?? '').includes('07700')), 'no value in the reason');
    // Nothing was written into the odd records, and the resync answers at once, saying the same.
    assert.equal(typeof (await env.store.people.findOne({ _id: 'tis-7103' }))?.contactDetails, 'string');
    const resync = await startResync(env.client, env.config, env.store, '7103');
    const resynced = (await resync.result()) as TraineeResult;
    assert.deepEqual([resynced.outcome, resynced.reason], ['HELD', UNEXPECTED_TIS_DOCUMENT]);
    assert.equal(await env.store.traineeLeases.countDocuments({}), 0, 'no lease left behind');
  });

  test('a file still being written when the run starts is waited for and read by that run', async () => {
    const date = '2026-12-12';
    const settling = await startPipelineEnv('settling', { ESR_FILE_MIN_AGE_MS: '4000' });
    try {
      await settling.store.posts.insertOne(post(POST));
      await people(settling, ['7201']);
      writeExtract(settling, date, ['7201']);
      const { result } = await runDaily(settling.client, settling.config, { extractDate: date });
      assert.deepEqual(
        result.files.map((f) => [f.name, f.status, f.rows]),
        [[extractName('EOE', date), 'APPLIED', 1]],
      );
      assert.equal(result.counts.total.UPDATED, 1);
      const history = await settling.client.workflow.getHandle(dailyRunId(date)).fetchHistory();
      const timers = (history.events ?? []).filter((e) => e.timerStartedEventAttributes);
      assert.ok(timers.length >= 1, 'the run waited on a durable timer');
    } finally {
      await settling.close();
    }
  });

  test('a receiver slower than our timeout that answers 409 while in progress: delivered once, never undone', async () => {
    const date = '2026-12-13';
    const ids = ['7301', '7302', '7303', '7304'];
    await people(env, ids);
    writeExtract(env, date, ids);
    env.receiver.conflictWhileInProgress = true;
    // Each first request takes 4 s to answer 200, past NOTIFY_TIMEOUT_MS (1.5 s); repeats meanwhile get 409.
    env.receiver.script.push(...ids.map(() => ({ status: 200, delayMs: 4_000 })));
    try {
      const { result } = await runDaily(env.client, env.config, { extractDate: date });
      assert.equal(result.counts.total.UPDATED, ids.length);
      assert.equal(result.counts.total.COMPENSATED, 0);
    } finally {
      env.receiver.conflictWhileInProgress = false;
    }
    for (const id of ids) {
      assert.equal(env.receiver.events.filter((e) => e.personId === `tis-${id}`).length, 1);
      assert.equal((await env.store.people.findOne({ _id: `tis-${id}` }))?.version, 2, 'the update stands');
    }
    assert.ok(
      env.receiver.requests.some((r) => r.status === 409),
      'the receiver did answer 409 to a repeat in progress',
    );
    assert.equal(await env.store.outbox.countDocuments({ status: { $in: ['CANCELLED', 'REFUSED'] } }), 0);
  });

  test('two senders for one event: one request, the other told it is being sent', async () => {
    const date = '2026-12-14';
    await people(env, ['7401']);
    writeExtract(env, date, ['7401']);
    await runDaily(env.client, env.config, { extractDate: date });
    const cs = await env.store.changeSets.findOne({ personId: 'tis-7401' });
    assert.ok(cs);
    // Put its event back to PENDING (as if never answered), then send it from two senders at once.
    await env.store.outbox.updateOne({ _id: eventIdFor(cs._id) }, { $set: { status: 'PENDING' } });
    const event = (await env.store.outbox.findOne({ _id: eventIdFor(cs._id) }))!;
    const before = env.receiver.requests.length;
    env.receiver.script.push({ status: 200, delayMs: 500 });
    const deps = env.worker.deps;
    const notify = { url: env.receiver.url, secret: env.config.NOTIFY_SECRET! };
    const answers = await Promise.all([
      postOutboxEvent(deps, event, notify, 'RELAY'),
      postOutboxEvent(deps, event, notify, 'TRAINEE'),
    ]);
    assert.deepEqual(answers.map((a) => a.kind).sort(), ['BUSY', 'DELIVERED']);
    assert.equal(env.receiver.requests.length - before, 1, 'one request for the event');
    const after = await env.store.outbox.findOne({ _id: eventIdFor(cs._id) });
    assert.equal(after?.status, 'DELIVERED');
    assert.equal(
      await env.store.outboxClaims.countDocuments({ _id: eventIdFor(cs._id) }),
      0,
      'the claim is given back',
    );
  });

  test('a trainee kept busy by another run past the cap ends HELD: TraineeBusy', async () => {
    const date = '2026-12-15';
    await people(env, ['7501']);
    writeExtract(env, date, ['7501']);
    // Another run holds the trainee: any running workflow stands for it (this one is never picked up).
    const holder = await env.client.workflow.start('esrTrainee', {
      workflowId: `holder-${date}`,
      taskQueue: `${env.config.TEMPORAL_TASK_QUEUE}-nobody`,
      args: [{ extractDate: date, esrPersonId: 'nobody', kind: 'RESYNC' }],
    });
    const { runId } = await holder.describe();
    await env.store.traineeLeases.insertOne({
      _id: '7501',
      workflowId: holder.workflowId,
      runId,
      acquiredAt: new Date().toISOString(),
    });
    try {
      const { result } = await runDaily(env.client, env.config, { extractDate: date, leaseWaitMaxMs: 3_000 });
      assert.equal(result.counts.total.HELD, 1);
      const outcome = await env.store.outcomes.findOne({ _id: `${date}#7501` });
      assert.deepEqual([outcome?.outcome, outcome?.reason], ['HELD', FailureType.TraineeBusy]);
      assert.match(outcome?.detail ?? '', /holder-2026-12-15 kept this trainee/);
      assert.equal((await env.store.people.findOne({ _id: 'tis-7501' }))?.version, 1, 'nothing applied');
      assert.equal(
        (await env.store.traineeLeases.findOne({ _id: '7501' }))?.workflowId,
        holder.workflowId,
        'the holder keeps its lease',
      );
    } finally {
      await holder.terminate('test over');
    }
  });

  test('cancelled across pages, then run again at once: counts, people and deliveries equal a run never cancelled', async () => {
    const date = '2026-12-16';
    const ids = Array.from({ length: 24 }, (_, i) => String(7600 + i));
    await people(env, ids);
    writeExtract(env, date, ids);
    const input = { extractDate: date, pageSize: 6, concurrency: 3 };
    const first = await env.client.workflow.start('esrDailyRun', {
      workflowId: dailyRunId(date),
      taskQueue: env.config.TEMPORAL_TASK_QUEUE,
      args: [input],
    });
    // Cancel as the Web UI does once a known number of trainees have ended: injected at a point, not a time.
    await waitUntil(
      '8 trainees done',
      async () => (await env.store.outcomes.countDocuments({ extractDate: date })) >= 8,
    );
    await first.cancel();
    await assert.rejects(first.result());
    assert.equal((await first.describe()).status.name, 'CANCELLED');
    const { result } = await runDaily(env.client, env.config, input);
    assert.equal(result.counts.total.UPDATED, ids.length, JSON.stringify(result.counts.total));
    assert.equal(result.counts.total.FAILED, 0);
    for (const id of ids) {
      assert.equal((await env.store.people.findOne({ _id: `tis-${id}` }))?.version, 2);
      assert.equal(env.receiver.events.filter((e) => e.personId === `tis-${id}`).length, 1);
    }
    // Running the completed date again changes nothing and reports NO_CHANGE.
    const again = await runDaily(env.client, env.config, input);
    assert.equal(again.result.counts.total.UPDATED, 0);
    assert.equal(again.result.counts.total.NO_CHANGE, ids.length);
  });
});
