/**
 * Traces: with OTEL_EXPORTER_OTLP_ENDPOINT set, the worker exports OpenTelemetry spans by OTLP/HTTP for the day's
 * workflows and activities (through Temporal's interceptors), and no span carries a personal value. The collector is
 * a real local HTTP server standing in for one outside our system. The worker runs on prebuilt bundles, as the image
 * does, and picks the traced one.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runDaily } from '../../cli/run-daily';
import { writeWorkflowBundle } from '../../workers/bundle';
import { tracedBundlePath } from '../../workers/create-worker';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { post, tisPerson } from '../support/tis-person';
import { waitUntil } from '../support/wait-until';

const DATE = '2026-11-25';
const POST = 'EOE/RGT00/IMT/CT1/001';

interface OtlpSpan {
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

let collector: http.Server;
const bodies: string[] = [];
let env: PipelineEnv;

before(async () => {
  collector = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', () => resolve()));
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  process.env.OTEL_BSP_SCHEDULE_DELAY = '200'; // export spans within a fraction of a second
  // As the production image runs: prebuilt bundles, the worker choosing the traced one.
  const bundle = path.join(
    fs.mkdtempSync(path.join(process.env.ESR_TEST_DATA_DIR ?? os.tmpdir(), 'tracing-')),
    'wf.js',
  );
  await writeWorkflowBundle(bundle);
  await writeWorkflowBundle(tracedBundlePath(bundle), { traced: true });
  env = await startPipelineEnv('tracing', { WORKFLOW_BUNDLE_PATH: bundle });
});

after(async () => {
  await env?.close();
  await new Promise<void>((resolve) => collector.close(() => resolve()));
});

test("the day's workflows and activities are traced by OTLP, and no span carries a personal value", async () => {
  await env.store.posts.insertOne(post(POST));
  await env.store.people.insertOne(tisPerson({ _id: 'tis-4001', identifiers: { gmcNumber: '7004001' } }));
  const row = baseRow({ esrPersonId: '4001', gmcNumber: '7004001', mobilePhone: '07700 904001' });
  fs.writeFileSync(
    path.join(env.inboxDir, extractName('EOE', DATE)),
    extractText({ office: 'EOE', date: DATE, lines: [perLine(row)] }),
  );
  const { result } = await runDaily(env.client, env.config, { extractDate: DATE });
  assert.equal(result.counts.total.UPDATED, 1);

  const spans = (): OtlpSpan[] =>
    bodies.flatMap((b) =>
      (JSON.parse(b) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans.flatMap((r) =>
        r.scopeSpans.flatMap((s) => s.spans),
      ),
    );
  const names = () => new Set(spans().map((s) => s.name));
  const wanted = [
    'RunWorkflow:esrDailyRun',
    'RunWorkflow:esrTrainee',
    'RunActivity:ingestExtracts',
    'RunActivity:updatePerson',
  ];
  await waitUntil(`spans ${wanted.join(', ')}`, () => wanted.every((n) => names().has(n)), 30_000).catch(
    (err: Error) => {
      throw new Error(`${err.message}; ${bodies.length} export(s), spans seen: ${[...names()].join(', ')}`);
    },
  );

  // Every value ESR sent about the person, as sent and as TIS stores it (case kept: "originalExecutionRunId" holds "alEx").
  const personal = [
    row.forenames,
    row.surname,
    row.dateOfBirth,
    row.nino,
    row.mobilePhone,
    '07700904001',
    '+447700904001',
    row.email,
    row.addressLine1,
    row.town,
    'CB2 0QQ',
    row.postcode,
  ];
  const text = bodies.join('\n');
  assert.deepEqual(
    personal.filter((value) => text.includes(value)),
    [],
  );
});
