/**
 * Every applied change reaches downstream exactly once: retries of transient answers (Retry-After honoured),
 * compensation only on a permanent refusal (changed fields only, version moved on, never for a delivered event),
 * events that wait for NOTIFY_URL and are sent by the outbox relay, a cancelled run that says what it leaves and a
 * re-run that reports it, and a resync racing the daily run taking turns. Real servers, a real local receiver.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { runDaily } from '../../cli/run-daily';
import { startResync } from '../../cli/resync-trainee';
import { revertUpdate } from '../../activities/revert-update';
import type { ActivityDeps } from '../../activities/dependencies';
import { eventIdFor } from '../../src/notify/event-id';
import { FailureType } from '../../src/failure-types';
import { createLogger } from '../../src/logger';
import { dailyRunId, traineeRunId } from '../../src/workflow-ids';
import { createWorker, type RunningWorker } from '../../workers/create-worker';
import type { OutboxRelayResult } from '../../workflows/esr-outbox-relay';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { post, tisPerson } from '../support/tis-person';
import { waitUntil } from '../support/wait-until';

const POST = 'EOE/RGT00/IMT/CT1/001';

/** Trainees whose mobile changed in ESR, in one extract for `date`. */
async function changedTrainees(env: { store: PipelineEnv['store']; inboxDir: string }, date: string, ids: string[]) {
  await env.store.people.insertMany(
    ids.map((id) => tisPerson({ _id: `tis-${id}`, identifiers: { gmcNumber: `700${id}` } })),
  );
  const lines = ids.map((id) =>
    perLine(baseRow({ esrPersonId: id, gmcNumber: `700${id}`, mobilePhone: `07700 9${id.padStart(5, '0')}` })),
  );
  fs.writeFileSync(path.join(env.inboxDir, extractName('EOE', date)), extractText({ office: 'EOE', date, lines }));
}

async function runRelay(env: PipelineEnv): Promise<OutboxRelayResult> {
  return env.client.workflow.execute('esrOutboxRelay', {
    workflowId: `esr-outbox-relay/test-${randomUUID().slice(0, 8)}`,
    taskQueue: env.config.TEMPORAL_TASK_QUEUE,
    args: [{}],
  });
}

describe('durable delivery with a notification endpoint', () => {
  let env: PipelineEnv;
  before(async () => {
    env = await startPipelineEnv('delivery', { OUTBOX_RELAY_GRACE_MS: '0' });
    await env.store.posts.insertOne(post(POST));
  });
  after(async () => env?.close());

  const eventsOf = (personId: string) => env.receiver.events.filter((e) => e.personId === personId);

  test('429, 408 and 503 are retried with one eventId, Retry-After honoured; UPDATED, delivered once', async () => {
    const date = '2026-12-01';
    await changedTrainees(env, date, ['6001']);
    const seen = env.receiver.requests.length;
    env.receiver.script.push({ status: 429, retryAfter: '3' }, 408, 503);
    const { result } = await runDaily(env.client, env.config, { extractDate: date });
    assert.equal(result.counts.total.UPDATED, 1);
    const requests = env.receiver.requests.slice(seen);
    assert.deepEqual(
      requests.map((r) => r.status),
      [429, 408, 503, 200],
    );
    assert.equal(new Set(requests.map((r) => r.eventId)).size, 1, 'every attempt carries the same eventId');
    assert.ok(
      requests[1].at - requests[0].at >= 2900,
      `Retry-After: 3 honoured (${requests[1].at - requests[0].at} ms)`,
    );
    assert.equal(eventsOf('tis-6001').length, 1);
    const cs = await env.store.changeSets.findOne({ personId: 'tis-6001' });
    assert.equal(cs?.status, 'NOTIFIED');
    assert.equal((await env.store.outbox.findOne({ _id: eventIdFor(cs!._id) }))?.status, 'DELIVERED');
  });

  test('an answer that never comes (the receiver may have it) is retried, never undone', async () => {
    const date = '2026-12-02';
    await changedTrainees(env, date, ['6002']);
    // The receiver accepts the event but answers after NOTIFY_TIMEOUT_MS (2 s): our side sees a timeout.
    env.receiver.script.push({ status: 200, delayMs: 2500 });
    const { result } = await runDaily(env.client, env.config, { extractDate: date });
    assert.equal(result.counts.total.UPDATED, 1);
    assert.equal(result.counts.total.COMPENSATED, 0);
    assert.equal(eventsOf('tis-6002').length, 1, 'received once although sent twice');
    assert.equal((await env.store.people.findOne({ _id: 'tis-6002' }))?.version, 2);
  });

  test('a permanent refusal undoes only the changed fields: a concurrent write to other fields survives', async () => {
    const date = '2026-12-03';
    await changedTrainees(env, date, ['6003']);
    env.receiver.script.push({ status: 422, delayMs: 1500 });
    const run = runDaily(env.client, env.config, { extractDate: date });
    await waitUntil('the update', async () => (await env.store.people.findOne({ _id: 'tis-6003' }))?.version === 2);
    // A TIS process adds a placement without moving the version (as the ESR link does): the undo must keep it.
    const added = { nationalPostNumber: 'EOE/RGT00/IMT/CT1/002', startDate: '2027-08-05', endDate: '2028-08-04' };
    await env.store.people.updateOne({ _id: 'tis-6003' }, { $push: { placements: added } });
    const { result } = await run;
    assert.equal(result.counts.total.COMPENSATED, 1);
    const person = await env.store.people.findOne({ _id: 'tis-6003' });
    assert.equal(person?.version, 3, 'the undo moves the version on, never back');
    assert.equal(person?.contactDetails.mobileNumber, '+447700900123');
    assert.deepEqual(person?.placements.at(-1), added);
    const cs = await env.store.changeSets.findOne({ personId: 'tis-6003' });
    assert.equal(cs?.status, 'COMPENSATED');
    const event = await env.store.outbox.findOne({ changeSetId: cs!._id });
    assert.equal(event?.status, 'CANCELLED');
    assert.deepEqual([event?.refusal?.status, event?.refusal?.answer], [422, '{"status":422}']);
    const outcome = await env.store.outcomes.findOne({ _id: `${date}#6003` });
    assert.deepEqual([outcome?.outcome, outcome?.reason], ['COMPENSATED', FailureType.NotificationRefused]);
  });

  test('the undo refuses a change set whose event was delivered, and leaves the person alone', async () => {
    const cs = await env.store.changeSets.findOne({ personId: 'tis-6001' });
    const before = await env.store.people.findOne({ _id: 'tis-6001' });
    const deps = { store: env.store, now: () => new Date() } as unknown as ActivityDeps;
    await assert.rejects(revertUpdate(deps)({ changeSetId: cs!._id, reason: 'test' }), (err: unknown) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.equal(err.type, FailureType.CompensationRefused);
      return true;
    });
    assert.deepEqual(await env.store.people.findOne({ _id: 'tis-6001' }), before);
  });

  test('a run cancelled while a trainee waits on its notification, then re-run: delivered once, reported UPDATED', async () => {
    const date = '2026-12-04';
    await changedTrainees(env, date, ['6004']);
    env.receiver.script.push(...Array<number>(30).fill(503));
    const seen = env.receiver.requests.length;
    const run = runDaily(env.client, env.config, { extractDate: date });
    await waitUntil('a failed attempt', () => env.receiver.requests.length > seen);
    await env.client.workflow.getHandle(dailyRunId(date)).cancel();
    await assert.rejects(run);
    const trainee = env.client.workflow.getHandle(traineeRunId(date, '6004'));
    await waitUntil('the trainee closed', async () => (await trainee.describe()).status.name !== 'RUNNING');
    assert.equal((await trainee.describe()).status.name, 'CANCELLED');
    const cancelled = await env.store.outcomes.findOne({ _id: `${date}#6004` });
    assert.deepEqual([cancelled?.outcome, cancelled?.reason], ['CANCELLED', 'CANCELLED_AFTER_UPDATE']);
    assert.equal((await env.store.people.findOne({ _id: 'tis-6004' }))?.version, 2, 'the update stands');
    assert.equal(await env.store.traineeLeases.countDocuments({ _id: '6004' }), 0, 'the lease is given back');

    env.receiver.script.length = 0;
    const relayed = await runRelay(env);
    assert.ok(relayed.delivered >= 1);
    assert.equal(eventsOf('tis-6004').length, 1);
    const { result } = await runDaily(env.client, env.config, { extractDate: date });
    assert.equal(result.counts.total.UPDATED, 1, 'the re-run reports the change the cancelled run applied');
    assert.equal((await env.store.people.findOne({ _id: 'tis-6004' }))?.version, 2);
    assert.equal(eventsOf('tis-6004').length, 1, 'and sends nothing twice');
    assert.equal(await env.store.outbox.countDocuments({ status: 'PENDING' }), 0);
  });

  test('a resync racing the daily run waits its turn: one change set, one event; the resync, finding it done, says NO_CHANGE', async () => {
    const date = '2026-12-05';
    await changedTrainees(env, date, ['6005']);
    // The receiver holds the daily trainee's delivery until the resync is seen waiting: they surely overlap.
    const held = env.receiver.hold((e) => e.personId === 'tis-6005');
    const run = runDaily(env.client, env.config, { extractDate: date });
    await held.arrived;
    assert.ok(
      await env.store.traineeLeases.findOne({ _id: '6005', workflowId: traineeRunId(date, '6005') }),
      'the daily trainee holds the lease while its delivery is in flight',
    );
    const resync = await startResync(env.client, env.config, env.store, '6005');
    await waitUntil('the resync says it waits', async () => {
      const handle = env.client.workflow.getHandle(resync.workflowId);
      const meta = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
      return /waiting: .*is working on this trainee/.test(meta.currentDetails ?? '');
    });
    held.release();
    const { result } = await run;
    const resynced = await resync.result();
    assert.equal(result.counts.total.UPDATED, 1);
    // The contract: a resync reports what it did, and the daily run had done it.
    assert.equal(resynced.outcome, 'NO_CHANGE');
    assert.deepEqual(resynced.changedFields, []);
    assert.equal(await env.store.changeSets.countDocuments({ personId: 'tis-6005', status: 'NOTIFIED' }), 1);
    assert.equal((await env.store.people.findOne({ _id: 'tis-6005' }))?.version, 2);
    assert.equal(eventsOf('tis-6005').length, 1);
  });
});

describe('durable delivery without NOTIFY_URL', () => {
  let env: PipelineEnv;
  let withUrl: RunningWorker | undefined;
  before(async () => {
    env = await startPipelineEnv('nourl', { NOTIFY_URL: '', OUTBOX_RELAY_GRACE_MS: '0' });
    await env.store.posts.insertOne(post(POST));
  });
  after(async () => {
    await withUrl?.store.db.dropDatabase().catch(() => undefined);
    await withUrl?.shutdown();
    // The first worker was stopped by the test: close what is left of the environment by hand.
    await env?.close().catch(async () => {
      await env.client.connection.close();
      await env.receiver.close();
    });
  });

  test('events wait visibly, then the relay sends them once NOTIFY_URL is set; a refusal is compensated', async () => {
    const date = '2026-12-06';
    await changedTrainees(env, date, ['6101', '6102']);
    const { result } = await runDaily(env.client, env.config, { extractDate: date });
    assert.equal(result.counts.total.UPDATED, 2);
    assert.equal(result.counts.byReason['UPDATED:NOTIFICATION_PENDING'], 2);
    assert.equal(await env.store.outbox.countDocuments({ status: 'PENDING' }), 2);
    const waiting = await runRelay(env);
    assert.deepEqual([waiting.waitingForUrl, waiting.pending, waiting.delivered], [true, 2, 0]);

    // The operator sets NOTIFY_URL and restarts the worker.
    const config = { ...env.config, NOTIFY_URL: env.receiver.url };
    await env.worker.shutdown();
    withUrl = await createWorker(config, createLogger({ level: 'silent' }));
    const store = withUrl.store;
    env.receiver.script.push(200, 400);
    const relayed = await runRelay(env);
    assert.deepEqual([relayed.delivered, relayed.compensated, relayed.pending], [1, 1, 0]);
    assert.equal(env.receiver.events.length, 1);
    const delivered = env.receiver.events[0];
    const sent = await store.changeSets.findOne({ personId: delivered.personId });
    assert.equal(delivered.eventId, eventIdFor(sent!._id), 'the eventId is the change set’s own');
    assert.equal(sent?.status, 'NOTIFIED');
    const refused = await store.changeSets.findOne({ personId: { $ne: delivered.personId } });
    assert.equal(refused?.status, 'COMPENSATED');
    assert.equal((await store.people.findOne({ _id: refused!.personId }))?.version, 3);
    const outcome = await store.outcomes.findOne({ tisPersonId: refused!.personId });
    assert.deepEqual([outcome?.outcome, outcome?.reason], ['COMPENSATED', FailureType.NotificationRefused]);
    assert.equal(await store.outbox.countDocuments({ status: 'PENDING' }), 0);
  });
});
