/**
 * The proof that personal values stay where they belong (TIS's records and our staging), and never escape into
 * what operators, logs and Temporal show. People are seeded with distinctive values; a day runs with a refused
 * notification (compensated), an ambiguous match (held), an unreadable line and a lastUpdated in 2099 (row
 * errors); an operator resyncs one and asks for the day's status. Then every haystack is searched for every value:
 * each log line (debug level, the SDK's own included), the raw (undecoded) history of every workflow, their search
 * attributes, memos and user metadata as Temporal stores them, esr_outcomes, the operator audit, the trusts'
 * reports, the change events sent, the CLI's output (`esr retention --dry-run` included), the codec server's
 * access log after the Web UI's decoding of a trainee's input through it, and the data-quality portal's pages and
 * CSVs as a signed-in TIS user reads them. None is found. The same values are checked to have reached TIS, so the search
 * is not vacuous.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { Writable } from 'node:stream';
import { request } from 'playwright-core';
import { startPortal } from '../../portal/start-portal';
import { freePort } from '../../servers/ports';
import { loadConfig } from '../../src/config';
import { runDaily } from '../../cli/run-daily';
import { createLogger } from '../../src/logger';
import { dailyRunId, resyncRunId, traineeRunId } from '../../src/workflow-ids';
import { runCli, type CliRun } from '../support/cli-process';
import { signInOverHttp } from '../support/portal-sign-in';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { post, tisPerson } from '../support/tis-person';

const DATE = '2026-10-12';
const POST = 'EOE/RGT00/IMT/CT1/001';

/** Distinctive values, one person each, as ESR sends them. */
const FIRST = {
  forenames: 'Zebulonqx',
  surname: 'Quillfeatherxy',
  knownAs: 'Zebbyqx',
  previousSurname: 'Oldnamexqz',
  dateOfBirth: '1971-03-19',
  nino: 'JX987654A',
  homePhone: '01632 960871',
  mobilePhone: '07700 900871',
  email: 'zebulon.quill@pii-proof.example',
  addressLine1: '71 Quillfeather Lane',
  town: 'Zebtownqx',
  postcode: 'ZE2 9XQ',
};
const SECOND = {
  forenames: 'Marigoldqv',
  surname: 'Thistlewaitezq',
  dateOfBirth: '1968-12-07',
  nino: 'JZ246813B',
  mobilePhone: '07700 900872',
  email: 'marigold.thistle@pii-proof.example',
};
const GMC = ['7123987', '7123988', '7123989'];

/** What is searched for: every value, and the forms TIS stores (E.164 phones, upper-case postcode). */
const NEEDLES = [
  ...Object.values(FIRST),
  ...Object.values(SECOND),
  ...GMC,
  '+441632960871',
  '+447700900871',
  '+447700900872',
  '1632960871',
  '7700900871',
  '7700900872',
  // Values only in the unreadable line and the 2099 row.
  'Brokenlineqz',
  'Futurepersonqz',
];

/** Bytes as text (payload data, metadata), so that a value in clear in any field is found. */
function flatten(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof Uint8Array) return Buffer.from(v).toString('latin1');
    if (
      v &&
      typeof v === 'object' &&
      (v as { type?: string }).type === 'Buffer' &&
      Array.isArray((v as { data?: unknown }).data)
    )
      return Buffer.from((v as { data: number[] }).data).toString('latin1');
    return v;
  });
}

describe('no personal value escapes (logs, raw Temporal history, search attributes, memos, outcomes, reports, CLI)', () => {
  let env: PipelineEnv;
  const logLines: string[] = [];
  const cliRuns: CliRun[] = [];
  /** What the codec server answered the UI for a trainee's input (with the embedded Web UI only). */
  let decodedByCodec = '';

  before(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    env = await startPipelineEnv('pii', {}, { logger: createLogger({ level: 'debug', destination }) });
    await env.store.posts.insertOne(post(POST));
    await env.store.people.insertMany([
      tisPerson({ _id: 'tis-8001', identifiers: { gmcNumber: GMC[0] } }),
      tisPerson({ _id: 'tis-8002', identifiers: { gmcNumber: GMC[1] } }),
      tisPerson({ _id: 'tis-8003a', identifiers: { gmcNumber: GMC[2] } }),
      tisPerson({ _id: 'tis-8003b', identifiers: { gmcNumber: GMC[2] } }),
    ]);
    const row = (id: string, gmc: string, over: Partial<ReturnType<typeof baseRow>> = {}) =>
      perLine(baseRow({ esrPersonId: id, assignmentNumber: `${id}0000-1`, gmcNumber: gmc, ...over }));
    const lines = [
      row('8001', GMC[0], { ...FIRST, ethnicOrigin: 'C', gender: 'M' }),
      row('8002', GMC[1], SECOND),
      row('8003', GMC[2], { ...FIRST, forenames: 'Zebulonqx' }),
      // An unreadable line (a field short) and a row ESR says changed in 2099: row errors, reported to the trust.
      row('8004', '7123990', { surname: 'Brokenlineqz' }).split('|').slice(0, -1).join('|'),
      row('8005', '7123991', { surname: 'Futurepersonqz', lastUpdated: '2099-01-01T00:00:00+00:00' }),
    ];
    fs.writeFileSync(
      path.join(env.inboxDir, extractName('EOE', DATE)),
      extractText({ office: 'EOE', date: DATE, lines }),
    );
    // The first change event is refused: that trainee's update is compensated.
    env.receiver.script.push(400);
    const { result } = await runDaily(env.client, env.config, { extractDate: DATE });
    assert.deepEqual(
      [result.counts.total.UPDATED, result.counts.total.COMPENSATED, result.counts.total.HELD],
      [1, 1, 1],
    );
    const cli = (script: string, ...args: string[]) =>
      runCli(script, args, env.config).then((r) => (cliRuns.push(r), r));
    // The compensated one is resynced: its whole change is applied now, and printed (masked) by the CLI.
    const kept = await env.store.people.findOne({ _id: 'tis-8001' });
    const compensated = kept?.personalDetails.nationalInsuranceNumber === 'AB123456C' ? '8001' : '8002';
    const resync = await cli('resync.ts', compensated, '--json');
    assert.equal(resync.code, 0, resync.stderr);
    const { outcome, changes } = resync.json<{ outcome: string; changes: { after: string }[] }>();
    assert.equal(outcome, 'UPDATED');
    assert.ok(changes.length >= 5 && changes.every((c) => c.after === '•••'), 'every changed value masked');
    await Promise.all([
      cli('esr.ts', 'status', '--date', DATE, '--once'),
      cli('esr.ts', 'held', '--date', DATE),
      // What the next purge removes: counts only.
      cli('esr.ts', 'retention', '--dry-run'),
    ]);
    // The Web UI decodes a trainee's input through the harness's codec server, as an operator's browser would:
    // the answer holds the values (it is for the UI), the codec server's access log must not.
    if (process.env.ESR_TEST_CODEC_URL) {
      const history = await env.client.workflow.getHandle(traineeRunId(DATE, '8001')).fetchHistory();
      const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
      const asJson = (p: (typeof input)[number]) => ({
        metadata: Object.fromEntries(
          Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')]),
        ),
        data: Buffer.from(p.data!).toString('base64'),
      });
      const res = await fetch(`${process.env.ESR_TEST_CODEC_URL}/${process.env.ESR_TEST_CODEC_TOKEN}/decode`, {
        method: 'POST',
        headers: {
          Origin: new URL(process.env.ESR_TEST_TEMPORAL_UI_URL!).origin,
          'Content-Type': 'application/json',
          'X-Namespace': env.config.TEMPORAL_NAMESPACE,
        },
        body: JSON.stringify({ payloads: input.map(asJson) }),
      });
      assert.equal(res.status, 200);
      decodedByCodec = JSON.stringify(
        ((await res.json()) as { payloads: { data: string }[] }).payloads.map((p) =>
          Buffer.from(p.data, 'base64').toString(),
        ),
      );
    }
  });
  after(async () => env?.close());

  test('the values reached TIS and our staging, so the search below is not vacuous', async () => {
    const all = flatten(await env.store.people.find({ _id: { $in: ['tis-8001', 'tis-8002'] } }).toArray());
    for (const v of ['Quillfeatherxy', 'Thistlewaitezq', 'JX987654A', 'JZ246813B', '+447700900871', 'ZE2 9XQ'])
      assert.ok(all.includes(v), `${v} in TIS`);
    const errors = flatten(await env.store.rowErrors.find({}).toArray());
    for (const v of ['Brokenlineqz', 'Futurepersonqz']) assert.ok(errors.includes(v), `${v} kept as received`);
    // The SDK's own lines (worker state, a failed activity at WARN) and ours (each extract recorded).
    assert.ok(
      logLines.some((l) => l.includes('"msg":"extract recorded"')),
      'the worker logged',
    );
    assert.ok(
      logLines.some((l) => l.includes('"msg":"Activity failed"')),
      'the refused notification was logged',
    );
  });

  test('no value in any log line, raw history, search attribute, memo, outcome, report, event or CLI output', async () => {
    const ids = [
      dailyRunId(DATE),
      ...['8001', '8002', '8003'].map((id) => traineeRunId(DATE, id)),
      resyncRunId('8001'),
      resyncRunId('8002'),
    ];
    const haystacks: { where: string; text: string }[] = [];
    const service = env.client.connection.workflowService;
    for (const workflowId of ids) {
      if (workflowId.startsWith('esr-resync/') && !cliRuns[0].stdout.includes(workflowId)) continue;
      const handle = env.client.workflow.getHandle(workflowId);
      // fetchHistory returns what Temporal stores, undecoded; describe as the raw service answer.
      haystacks.push({ where: `history ${workflowId}`, text: flatten(await handle.fetchHistory()) });
      const raw = await service.describeWorkflowExecution({
        namespace: env.config.TEMPORAL_NAMESPACE,
        execution: { workflowId },
      });
      haystacks.push({ where: `describe (search attributes, memo) ${workflowId}`, text: flatten(raw) });
    }
    haystacks.push({ where: 'log lines', text: logLines.join('') });
    haystacks.push({ where: 'esr_outcomes', text: flatten(await env.store.outcomes.find({}).toArray()) });
    haystacks.push({ where: 'change events', text: flatten(env.receiver.events) });
    const reports = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        return e.isDirectory() ? reports(full) : [full];
      });
    const reportFiles = reports(env.reportsDir);
    assert.ok(reportFiles.length >= 3, 'the trust reports were written');
    for (const file of reportFiles)
      haystacks.push({ where: `report ${path.basename(file)}`, text: fs.readFileSync(file, 'utf8') });
    for (const run of cliRuns) haystacks.push({ where: 'CLI output', text: run.stdout + run.stderr });
    haystacks.push(...(await portalPages()));
    if (process.env.ESR_TEST_CODEC_URL) {
      assert.ok(decodedByCodec.includes('8001'), 'the codec server decoded the input it was sent');
      // It logged who asked, the namespace and how many payloads: never what they held.
      const accessLog = fs.readFileSync(path.join(process.env.ESR_TEST_DATA_DIR!, 'codec.log'), 'utf8');
      assert.match(accessLog, /"caller":"web-ui"/);
      haystacks.push({ where: 'codec server access log', text: accessLog });
    }
    // The operator notes are the one place free text is kept (purged at retention); none was written here.
    haystacks.push({
      where: 'esr_operator_actions',
      text: flatten(await env.store.operatorActions.find({}).toArray()),
    });

    const found = haystacks.flatMap(({ where, text }) =>
      NEEDLES.filter((n) => text.toLowerCase().includes(n.toLowerCase())).map((n) => `${n} in ${where}`),
    );
    assert.deepEqual(found, []);
    assert.ok(haystacks.length >= 20, `${haystacks.length} haystacks searched`);
  });

  /** Every page and CSV of the portal, as TIS staff (who see the most) read them after signing in. */
  async function portalPages(): Promise<{ where: string; text: string }[]> {
    const config = loadConfig({
      ...process.env,
      TIS_DB: env.config.TIS_DB,
      PORTAL_PORT: String(await freePort()),
      PORTAL_OIDC_LOCAL_PORT: String(await freePort()),
      PORTAL_DEMO_PASSWORD: 'pii-proof-password',
      RETENTION_DAYS: '36500',
    });
    const portal = await startPortal({
      config,
      store: env.store,
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'pii-')),
    });
    const api = await request.newContext();
    try {
      const home = await signInOverHttp(api, portal.url, 'tis-admin', 'pii-proof-password');
      assert.equal(home.url(), `${portal.url}/`, 'signed in');
      const pages = ['/trusts/RGT', `/trusts/RGT/${DATE}`, `/trusts/RGT/${DATE}.csv`];
      const found = [{ where: 'portal /', text: await home.text() }];
      for (const page of pages) {
        const res = await api.get(`${portal.url}${page}`);
        assert.equal(res.status(), 200, page);
        found.push({ where: `portal ${page}`, text: await res.text() });
      }
      // The pages show the day's problems, so the search is not vacuous: the 2099 row's ESR person number is there.
      assert.ok(found[2].text.includes('8005') && found[3].text.includes('8005'), 'the day page and CSV list problems');
      return found;
    } finally {
      await api.dispose();
      await portal.close();
    }
  }
});
