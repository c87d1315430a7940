/**
 * The delivery paths that take an hour, two minutes or a rare interleaving in production, driven here without
 * waiting for them: the trainee's hour of delivery attempts ending in UPDATED / NOTIFICATION_PENDING, the outbox
 * relay's grace, an undo blocked by a later change (COMPENSATION_BLOCKED), and a lease taken over from a closed
 * workflow. @temporalio/testing's time-skipping server cannot be used here (it downloads its binary from
 * temporal.download, and this machine is offline), so time is moved with the activities' injected clock (`now`)
 * on a second worker, and the hour is ended the way Temporal ends it: a Retry-After past the activity's one-hour
 * schedule-to-close makes the server stop retrying at once. Real servers, a real local receiver.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runDaily } from '../../cli/run-daily';
import { createLogger } from '../../src/logger';
import { dailyRunId, traineeRunId } from '../../src/workflow-ids';
import type { OutboxRelayResult } from '../../workflows/esr-outbox-relay';
import { NOTIFICATION_PENDING } from '../../workflows/esr-trainee';
import { createWorker } from '../../workers/create-worker';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { post, tisPerson } from '../support/tis-person';

const POST = 'EOE/RGT00/IMT/CT1/001';
const GRACE_MS = 120_000;

describe('delivery paths driven by the clock', () => {
  let env: PipelineEnv;
  const eventsOf = (personId: string) => env.receiver.events.filter((e) => e.personId === personId);

  async function changedTrainees(date: string, ids: string[]) {
    await env.store.people.insertMany(
      ids.map((id) => tisPerson({ _id: `tis-${id}`, identifiers: { gmcNumber: `700${id}` } })),
    );
    const lines = ids.map((id) =>
      perLine(baseRow({ esrPersonId: id, gmcNumber: `700${id}`, mobilePhone: `07700 9${id.padStart(5, '0')}` })),
    );
    fs.writeFileSync(path.join(env.inboxDir, extractName('EOE', date)), extractText({ office: 'EOE', date, lines }));
  }

  /** One pass of the outbox relay on a worker whose clock reads `aheadMs` later than the wall clock. */
  async function relayAt(aheadMs: number): Promise<OutboxRelayResult> {
    const queue = `${env.config.TEMPORAL_TASK_QUEUE}-clock-${randomUUID().slice(0, 6)}`;
    const worker = await createWorker(
      { ...env.config, TEMPORAL_TASK_QUEUE: queue },
      createLogger({ level: 'silent' }),
      {
        now: () => new Date(Date.now() + aheadMs),
      },
    );
    try {
      return await env.client.workflow.execute('esrOutboxRelay', {
        workflowId: `esr-outbox-relay/clock-${randomUUID().slice(0, 8)}`,
        taskQueue: queue,
        args: [{}],
      });
    } finally {
      await worker.shutdown();
    }
  }

  before(async () => {
    env = await startPipelineEnv('paths', { OUTBOX_RELAY_GRACE_MS: String(GRACE_MS) });
    await env.store.posts.insertOne(post(POST));
  });
  after(async () => env?.close());

  test('the hour of attempts ends UPDATED / NOTIFICATION_PENDING; the relay sends it only past its grace', async () => {
    const date = '2026-12-21';
    await changedTrainees(date, ['6101']);
    // Retry-After: 2 hours (an hour once capped), past what is left of the activity's one-hour schedule-to-close:
    // Temporal ends the attempts at once, as it does after an hour of failures.
    env.receiver.script.push({ status: 429, retryAfter: '7200' });
    const { result } = await runDaily(env.client, env.config, { extractDate: date });
    assert.equal(result.counts.total.UPDATED, 1);
    const outcome = await env.store.outcomes.findOne({ _id: `${date}#6101` });
    assert.deepEqual([outcome?.outcome, outcome?.reason], ['UPDATED', NOTIFICATION_PENDING]);
    const cs = await env.store.changeSets.findOne({ personId: 'tis-6101' });
    assert.equal(cs?.status, 'APPLIED', 'never undone: the receiver may have it');
    const event = await env.store.outbox.findOne({ changeSetId: cs!._id });
    assert.equal(event?.status, 'PENDING');
    assert.ok(event?.nextAttemptAt, 'the Retry-After kept for the relay');
    assert.equal(eventsOf('tis-6101').length, 0);

    // Within the Retry-After, the relay leaves it.
    assert.equal(env.receiver.requests.filter((r) => r.eventId === event!._id).length, 1);
    await relayAt(30 * 60_000);
    assert.equal((await env.store.outbox.findOne({ _id: event!._id }))?.status, 'PENDING');
    assert.equal(env.receiver.requests.filter((r) => r.eventId === event!._id).length, 1, 'no request sent');

    // With no Retry-After pending, the grace alone decides: not yet at 1 minute, sent at 2 minutes and a bit.
    await env.store.outbox.updateOne({ _id: event!._id }, { $unset: { nextAttemptAt: '' } });
    const occurred = Date.parse(event!.occurredAt);
    await relayAt(occurred + 60_000 - Date.now());
    assert.equal((await env.store.outbox.findOne({ _id: event!._id }))?.status, 'PENDING', 'within the grace');
    assert.equal(eventsOf('tis-6101').length, 0);
    await relayAt(occurred + GRACE_MS + 5_000 - Date.now());
    assert.equal((await env.store.outbox.findOne({ _id: event!._id }))?.status, 'DELIVERED', 'past the grace');
    assert.equal((await env.store.changeSets.findOne({ _id: cs!._id }))?.status, 'NOTIFIED');
    assert.deepEqual(
      eventsOf('tis-6101').map((e) => e.eventId),
      [event!._id],
      'delivered once, with its own eventId',
    );
  });

  test('a refusal whose undo meets a later change of the person: FAILED COMPENSATION_BLOCKED, the later change kept', async () => {
    const date = '2026-12-22';
    await changedTrainees(date, ['6102']);
    // The receiver holds the request that it will refuse, while a TIS process changes the person after our update.
    const held = env.receiver.hold((e) => e.personId === 'tis-6102');
    env.receiver.refusePeople.add('tis-6102');
    const run = runDaily(env.client, env.config, { extractDate: date });
    await held.arrived;
    const updated = await env.store.people.findOne({ _id: 'tis-6102' });
    assert.equal(updated?.version, 2, 'our update is in');
    await env.store.people.updateOne(
      { _id: 'tis-6102', version: 2 },
      { $set: { version: 3, 'contactDetails.knownAs': 'Sam' } },
    );
    held.release();
    const { result } = await run;
    env.receiver.refusePeople.delete('tis-6102');
    assert.equal(result.counts.total.FAILED, 1, JSON.stringify(result.counts.total));
    const outcome = await env.store.outcomes.findOne({ _id: `${date}#6102` });
    assert.deepEqual([outcome?.outcome, outcome?.reason], ['FAILED', 'COMPENSATION_BLOCKED']);
    const cs = await env.store.changeSets.findOne({ personId: 'tis-6102' });
    assert.equal(cs?.status, 'COMPENSATION_FAILED');
    const person = await env.store.people.findOne({ _id: 'tis-6102' });
    assert.equal(person?.version, 3, 'the later change stands');
    assert.equal(person?.contactDetails.knownAs, 'Sam');
    assert.equal(eventsOf('tis-6102').length, 0, 'refused: never delivered');
  });

  test('a lease left by a workflow no longer running is taken over; the trainee runs and frees it', async () => {
    const date = '2026-12-23';
    await changedTrainees(date, ['6103', '6104']);
    // One left by a run that is gone from Temporal, one by a run that completed (a crash between its end and release).
    const { result: earlier } = await runDaily(env.client, env.config, { extractDate: '2026-12-20' });
    assert.equal(earlier.cancelled, false);
    const completed = await env.client.workflow.getHandle(dailyRunId('2026-12-20')).describe();
    assert.equal(completed.status.name, 'COMPLETED');
    await env.store.traineeLeases.insertMany([
      {
        _id: '6103',
        workflowId: traineeRunId('2026-11-01', '6103'),
        runId: randomUUID(),
        acquiredAt: new Date(Date.now() - 60_000).toISOString(),
      },
      {
        _id: '6104',
        workflowId: completed.workflowId,
        runId: completed.runId,
        acquiredAt: new Date(Date.now() - 60_000).toISOString(),
      },
    ]);
    const { result } = await runDaily(env.client, env.config, { extractDate: date });
    assert.equal(result.counts.total.UPDATED, 2, JSON.stringify(result.counts.total));
    assert.equal(await env.store.traineeLeases.countDocuments({ _id: { $in: ['6103', '6104'] } }), 0, 'freed');
    for (const id of ['6103', '6104']) assert.equal(eventsOf(`tis-${id}`).length, 1);
  });
});
