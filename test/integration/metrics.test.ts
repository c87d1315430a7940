/**
 * The worker's Prometheus metrics on the real servers: outcomes and files counted once where they are recorded (a
 * re-run of the date counts nothing again), the gauges read from MongoDB and Temporal at scrape time, the SDK's own
 * `temporal_…` metrics merged in, health and readiness answered, and no label carrying a person's id.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runDaily } from '../../cli/run-daily';
import { freePort } from '../../servers/ports';
import { createLogger } from '../../src/logger';
import { serveWorkerMetrics, type MetricsServer } from '../../workers/metrics-server';
import { installTemporalLogger } from '../../workers/temporal-logger';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { post, tisPerson } from '../support/tis-person';

const DATE = '2026-11-25';
const POST = 'EOE/RGT00/IMT/CT1/001';
const PEOPLE = ['3001', '3002', '3003', '3004'];

/** `name{labels} value` lines of a Prometheus text answer, for one metric name. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => {
      const m = /^[a-z_]+(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries([...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
      return { labels, value: Number(m[2]) };
    });
}

describe('worker metrics', () => {
  let env: PipelineEnv;
  let metrics: MetricsServer;
  const scrape = async () => (await fetch(metrics.url)).text();

  before(async () => {
    const sdkMetricsPort = await freePort();
    const logger = createLogger({ level: 'silent' });
    installTemporalLogger(logger, { sdkMetricsAddress: `127.0.0.1:${sdkMetricsPort}` });
    // KSS is expected and sends nothing: its last-file gauge reads 0.
    env = await startPipelineEnv('metrics', { ESR_EXPECTED_OFFICES: 'EOE,KSS' }, { logger });
    metrics = await serveWorkerMetrics(env.worker, { host: '127.0.0.1', port: 0, sdkMetricsPort, logger });
    await env.store.posts.insertOne(post(POST));
    // 3001 and 3002 change their mobile (UPDATED), 3003 is unchanged, 3004 is in no TIS record (not matched).
    await env.store.people.insertMany(
      PEOPLE.slice(0, 3).map((id) => tisPerson({ _id: `tis-${id}`, identifiers: { gmcNumber: `700${id}` } })),
    );
    const lines = PEOPLE.map((id, i) =>
      perLine(
        baseRow({
          esrPersonId: id,
          gmcNumber: `700${id}`,
          ...(i < 2 ? { mobilePhone: `07700 9${id.padStart(5, '0')}` } : {}),
        }),
      ),
    );
    fs.writeFileSync(
      path.join(env.inboxDir, extractName('EOE', DATE)),
      extractText({ office: 'EOE', date: DATE, lines }),
    );
    await runDaily(env.client, env.config, { extractDate: DATE });
  });

  after(async () => {
    await metrics?.close();
    await env?.close();
  });

  test('outcomes, skipped rows and files are counted once each, as recorded', async () => {
    const recorded = await env.store.outcomes.find().toArray();
    assert.equal(recorded.length, PEOPLE.length);
    const expected: Record<string, number> = {};
    for (const o of recorded) expected[`${o.outcome}/${o.trust}`] = (expected[`${o.outcome}/${o.trust}`] ?? 0) + 1;
    const expectedSkips = recorded.flatMap((o) => o.skippedRows ?? []).length;
    const counted = (text: string) =>
      Object.fromEntries(
        samples(text, 'esr_trainee_outcomes_total').map((s) => [`${s.labels.outcome}/${s.labels.trust}`, s.value]),
      );
    const first = await scrape();
    assert.deepEqual(counted(first), expected);
    assert.equal(expected['UPDATED/RGT'], 2, JSON.stringify(expected));
    assert.equal(
      samples(first, 'esr_rows_skipped_total').reduce((n, s) => n + s.value, 0),
      expectedSkips,
    );
    const files = samples(first, 'esr_files_total');
    assert.deepEqual(files, [{ labels: { status: 'ACCEPTED', office: 'EOE' }, value: 1 }]);

    // The same date again: every outcome and file is already recorded, so nothing is counted twice.
    await runDaily(env.client, env.config, { extractDate: DATE });
    const second = await scrape();
    assert.deepEqual(counted(second), expected);
    assert.deepEqual(samples(second, 'esr_files_total'), files);
  });

  test('the gauges read the outbox, held files, offices and the daily run at scrape time', async () => {
    let text = await scrape();
    assert.deepEqual(samples(text, 'esr_outbox_pending'), [{ labels: {}, value: 0 }]);
    assert.deepEqual(samples(text, 'esr_files_awaiting_approval'), [{ labels: {}, value: 0 }]);
    const offices = Object.fromEntries(
      samples(text, 'esr_office_last_file_timestamp_seconds').map((s) => [s.labels.office, s.value]),
    );
    assert.equal(offices.KSS, 0);
    assert.ok(offices.EOE > 0, `EOE's last file at ${offices.EOE}`);
    const lastSuccess = samples(text, 'esr_daily_run_last_success_timestamp_seconds');
    assert.equal(lastSuccess.length, 1);
    assert.equal(lastSuccess[0].labels.date, DATE);
    assert.ok(lastSuccess[0].value > Date.parse('2026-01-01') / 1000);
    const [duration] = samples(text, 'esr_daily_run_duration_seconds');
    assert.ok(duration.value > 0 && duration.value < 600, `duration ${duration.value}`);

    // An event waiting two hours, and a file held for five: the gauges see them at the next scrape.
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
    await env.store.outbox.insertOne({
      _id: 'evt-metrics-1',
      changeSetId: 'cs-metrics-1',
      personId: 'tis-3001',
      changedFields: ['contactDetails.mobileNumber'],
      occurredAt: hoursAgo(2),
      status: 'PENDING',
      attempts: 3,
    });
    await env.store.files.insertOne({
      _id: 'DE_KSS_RMC_20261125_00000001.DAT#abc',
      name: 'DE_KSS_RMC_20261125_00000001.DAT',
      sha256: 'abc',
      extractDate: DATE,
      status: 'ACCEPTED',
      dataLines: 30,
      rowsRead: 30,
      rowErrors: 0,
      trusts: ['RGT'],
      massChange: { state: 'AWAITING_APPROVAL', reasons: ['IDENTITY_SHARE'], checkedAt: hoursAgo(5) },
      recordedAt: hoursAgo(5),
      workflowId: 'test',
    });
    text = await scrape();
    assert.deepEqual(samples(text, 'esr_outbox_pending'), [{ labels: {}, value: 1 }]);
    assert.ok(samples(text, 'esr_outbox_oldest_pending_seconds')[0].value >= 7_200);
    assert.deepEqual(samples(text, 'esr_files_awaiting_approval'), [{ labels: {}, value: 1 }]);
    assert.ok(samples(text, 'esr_files_awaiting_approval_oldest_seconds')[0].value >= 18_000);
    const kss = samples(text, 'esr_office_last_file_timestamp_seconds').find((s) => s.labels.office === 'KSS');
    assert.ok(kss && kss.value > 0);
  });

  test("the SDK's metrics are merged in, and no label carries a person's id", async () => {
    const text = await scrape();
    assert.match(text, /^temporal_\w+/m, "the Temporal SDK's metrics");
    const ids = new Set([...PEOPLE, ...PEOPLE.map((id) => `tis-${id}`), ...PEOPLE.map((id) => `700${id}`)]);
    const values = [...text.matchAll(/\w+="([^"]*)"/g)].map((m) => m[1]);
    assert.ok(values.length > 0);
    assert.deepEqual(
      values.filter((v) => [...ids].some((id) => v.includes(id))),
      [],
    );
  });

  test('health and readiness answer over HTTP', async () => {
    const base = metrics.url.replace(/\/metrics$/, '');
    assert.equal((await fetch(`${base}/healthz`)).status, 200);
    assert.equal((await fetch(`${base}/readyz`)).status, 200);
    assert.equal((await fetch(`${base}/nothing`)).status, 404);
  });
});
