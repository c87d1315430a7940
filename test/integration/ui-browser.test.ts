/**
 * The Temporal Web UI as an operator uses it: a real headless Chromium opens the workflow list filtered by our
 * custom search attributes and finds the day's run and its held trainee, then reads on each workflow's "User
 * Metadata" tab why a trainee ended as it did and the run's counts, without opening a payload. Needs the harness's
 * UI (ESR_TEST_TEMPORAL_UI_URL; skipped, saying why, only when external servers name no UI) and the chromium
 * `npm run setup` installs (a missing browser fails the test rather than hiding it).
 * It also opens a trainee's history, whose payloads are encrypted, and finds its input decoded through the harness's
 * codec server; read from Temporal without the key, the same input is ciphertext.
 * Leaves screenshots in test-artifacts/: ui-filter.png, ui-filter-held.png, ui-trainee-metadata.png,
 * ui-codec-decoded.png, ui-daily-metadata.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runDaily } from '../../cli/run-daily';
import { chromiumPath } from '../../servers/tools';
import { dailyRunId, traineeRunId } from '../../src/workflow-ids';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { post, tisPerson } from '../support/tis-person';

const DATE = '2026-09-21';
const CHROMIUM = chromiumPath();
const UI = process.env.ESR_TEST_TEMPORAL_UI_URL;
const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');
const skip = UI ? false : 'external Temporal without TEMPORAL_UI_URL: no Web UI to open';

describe('Temporal Web UI: runs found by custom search attributes', { skip }, () => {
  let env: PipelineEnv;
  let browser: Browser;
  let page: Page;

  /** The UI's workflow list with a visibility query, as an operator would type it into the filter box. */
  const openList = async (query: string) => {
    const url = `${UI}/namespaces/${env.config.TEMPORAL_NAMESPACE}/workflows?query=${encodeURIComponent(query)}`;
    await page.goto(url, { waitUntil: 'domcontentloaded' });
  };

  before(async () => {
    env = await startPipelineEnv('ui');
    await env.store.posts.insertOne(post('EOE/RGT00/IMT/CT1/001'));
    await env.store.people.insertMany([
      tisPerson({ _id: 'tis-4001', identifiers: { gmcNumber: '7004001' } }),
      tisPerson({ _id: 'tis-4002a', identifiers: { gmcNumber: '7004002' } }),
      tisPerson({ _id: 'tis-4002b', identifiers: { gmcNumber: '7004002' } }),
    ]);
    const row = (id: string, over: Parameters<typeof baseRow>[0] = {}) =>
      perLine(baseRow({ esrPersonId: id, gmcNumber: `700${id}`, ...over }));
    fs.writeFileSync(
      path.join(env.inboxDir, extractName('EOE', DATE)),
      extractText({ office: 'EOE', date: DATE, lines: [row('4001', { mobilePhone: '07700 900401' }), row('4002')] }),
    );
    const { result } = await runDaily(env.client, env.config, { extractDate: DATE });
    assert.deepEqual([result.counts.total.UPDATED, result.counts.total.HELD], [1, 1]);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });

  /** A workflow's page, on its User Metadata tab (by its URL: a click may land before the page is live). */
  const openMetadata = async (workflowId: string) => {
    const { runId } = await env.client.workflow.getHandle(workflowId).describe();
    const url = `${UI}/namespaces/${env.config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}/${runId}/user-metadata`;
    await page.goto(url, { waitUntil: 'domcontentloaded' });
  };

  /** Waits for text the UI renders as Markdown, each summary and details in an iframe of its own. */
  const waitForRendered = async (text: string) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      for (const frame of page.frames()) if ((await frame.innerText('body').catch(() => '')).includes(text)) return;
      if (Date.now() > deadline) throw new Error(`"${text}" is not on the page`);
      await page.waitForTimeout(250);
    }
  };

  after(async () => {
    await browser?.close();
    await env?.close();
  });

  test("the day's run is listed under EsrRunKind and EsrExtractDate", async () => {
    await openList(`EsrRunKind="DAILY" AND EsrExtractDate="${DATE}" AND WorkflowType="esrDailyRun"`);
    await page
      .getByRole('link', { name: dailyRunId(DATE), exact: true })
      .first()
      .waitFor({ timeout: 30_000 });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'ui-filter.png'), fullPage: true });
    // The filter is applied: the date's trainee runs (children, also DAILY) are not in this list.
    assert.equal(await page.getByText(traineeRunId(DATE, '4001')).count(), 0);
  });

  test('the held trainee is listed under EsrOutcome, and the updated one is not', async () => {
    await openList(`EsrOutcome="HELD" AND EsrTrust="RGT" AND EsrExtractDate="${DATE}"`);
    await page.getByRole('link', { name: traineeRunId(DATE, '4002'), exact: true }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'ui-filter-held.png'), fullPage: true });
    assert.equal(await page.getByText(traineeRunId(DATE, '4001')).count(), 0);
  });

  test("a trainee's User Metadata says who, and why it ended so, with field names only", async () => {
    await openMetadata(traineeRunId(DATE, '4002'));
    await waitForRendered('ESR 4002 · RGT · 2026-09-21 · DAILY');
    await waitForRendered('Started by daily run esr-daily/2026-09-21');
    // Current details come from the workflow itself (a query the worker answers), as it went and how it ended.
    await waitForRendered('HELD: AMBIGUOUS_MATCH');
    // Each step's summary, the local activities' included.
    await page.getByText(`match ${extractName('EOE', DATE)} line 3 to a TIS person`).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'ui-trainee-metadata.png'), fullPage: true });

    await openMetadata(traineeRunId(DATE, '4001'));
    await waitForRendered('UPDATED: contactDetails.mobileNumber');
    await waitForRendered('TIS person tis-4001');
    await page.getByText('update TIS tis-4001: contactDetails.mobileNumber').waitFor({ timeout: 30_000 });
    const text = (await Promise.all(page.frames().map((f) => f.innerText('body').catch(() => '')))).join('\n');
    for (const value of ['900401', '+447700900401', '1995-04-12', 'AB123456C'])
      assert.ok(!text.includes(value), `${value} on the page`);
  });

  test("the UI decodes a trainee's input through the codec server; without the key it is ciphertext", async () => {
    const workflowId = traineeRunId(DATE, '4001');
    // Read from Temporal with no codec, as anyone with access to its database or API would: ciphertext only.
    const connection = await Connection.connect({ address: env.config.TEMPORAL_ADDRESS });
    try {
      const raw = new Client({ connection, namespace: env.config.TEMPORAL_NAMESPACE });
      const history = await raw.workflow.getHandle(workflowId).fetchHistory();
      const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      assert.equal(Buffer.from(input?.metadata?.encoding ?? '').toString(), 'binary/encrypted');
      assert.equal(Buffer.from(input?.metadata?.['encryption-key-id'] ?? '').toString(), 'test');
      assert.ok(
        !Buffer.from(input?.data ?? '')
          .toString('latin1')
          .includes('4001'),
        'the ESR person id in clear',
      );
    } finally {
      await connection.close();
    }
    const { runId } = await env.client.workflow.getHandle(workflowId).describe();
    const url = `${UI}/namespaces/${env.config.TEMPORAL_NAMESPACE}/workflows/${encodeURIComponent(workflowId)}/${runId}/history`;
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    // The decoded input, as the codec server returns it to the browser: the plain JSON of the start arguments.
    await waitForRendered('"esrPersonId": "4001"');
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'ui-codec-decoded.png'), fullPage: true });
  });

  test("the daily run's User Metadata shows its counts, and each trainee's summary", async () => {
    await openMetadata(dailyRunId(DATE));
    await waitForRendered(`${DATE}: done, 2 trainees done, 0 in flight`);
    await waitForRendered('UPDATED 1 · NO_CHANGE 0 · SKIPPED 0 · HELD 1 · COMPENSATED 0 · FAILED 0');
    // The children's summaries are listed among the run's events.
    await page.getByText('ESR 4001 · RGT · 2026-09-21 · DAILY').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'ui-daily-metadata.png'), fullPage: true });
  });
});
