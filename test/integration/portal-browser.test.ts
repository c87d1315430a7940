/**
 * The data-quality portal in a real headless Chromium, over three days put through the real pipeline (two offices,
 * three trusts). A trust's ESR team signs in through the project's own OpenID provider's page, with JavaScript
 * off: it sees its own trust and no other, gets 403 for another trust (and for a trust of another office), and the
 * CSV beside a day page holds exactly the page's problems. A local office's user sees its trusts ranked by the
 * share of rows applied cleanly, and the lines no trust can be given. axe (WCAG 2.2 AA) finds no violation on any
 * page, the provider's sign-in page included. Over plain HTTP: the security headers, the session cookie's flags, no
 * open redirect, and the provider's sign-in rate limit. Leaves screenshots in test-artifacts/portal-*.png.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, request, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { runDaily } from '../../cli/run-daily';
import { startPortal, type RunningPortal } from '../../portal/start-portal';
import { freePort } from '../../servers/ports';
import { chromiumPath } from '../../servers/tools';
import { loadConfig } from '../../src/config';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { signInOverHttp } from '../support/portal-sign-in';
import { waitUntil } from '../support/wait-until';
import { post, tisPerson } from '../support/tis-person';

/** A table row as the page script sees it (this project's TypeScript has no DOM types). */
type Cells = { children: ArrayLike<{ textContent: string | null }> };

const DATES = ['2026-11-02', '2026-11-03', '2026-11-04'];
const PASSWORD = 'portal-test-password';
const ARTIFACTS = path.resolve(__dirname, '..', '..', 'test-artifacts');
const RGT_POST = 'EOE/RGT00/IMT/CT1/001';
const RGN_POST = 'EOE/RGN00/GIM/ST3/002';
const RTP_POST = 'KSS/RTP00/IMT/CT1/003';

describe('data-quality portal in a browser: sign-in, who sees what, CSV, ranking, accessibility', () => {
  let env: PipelineEnv;
  let portal: RunningPortal;
  let browser: Browser;
  const axeChecked: string[] = [];

  /** axe with the WCAG 2.0–2.2 A and AA rules: no violation allowed. */
  const axe = async (page: Page) => {
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    const violations = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
    assert.deepEqual(violations, [], `axe on ${page.url()}`);
    axeChecked.push(new URL(page.url()).pathname);
  };
  const signIn = async (context: BrowserContext, username: string): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${portal.url}/`);
    // The provider's own page: the fields and button the spec names.
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${portal.url}/`);
    return page;
  };
  const column = async (page: Page, caption: string, index: number) =>
    page
      .locator('table', { has: page.locator('caption', { hasText: caption }) })
      .locator('tbody tr')
      .evaluateAll((rows: Cells[], i) => rows.map((r) => (r.children[i].textContent ?? '').trim()), index);

  before(async () => {
    env = await startPipelineEnv('portal');
    await env.store.posts.insertMany([
      post(RGT_POST),
      post(RGN_POST, 'CURRENT', 'RGN'),
      post(RTP_POST, 'CURRENT', 'RTP'),
    ]);
    const placement = (npn: string) => [{ nationalPostNumber: npn, startDate: '2026-08-05', endDate: '2027-08-04' }];
    await env.store.people.insertMany([
      tisPerson({ _id: 'tis-5001', identifiers: { gmcNumber: '7005001' } }),
      tisPerson({ _id: 'tis-5002', identifiers: { gmcNumber: '7005002' } }),
      tisPerson({ _id: 'tis-5003', identifiers: { gmcNumber: '7005003' }, placements: placement(RGN_POST) }),
      tisPerson({ _id: 'tis-5005', identifiers: { gmcNumber: '7005005' }, placements: placement(RTP_POST) }),
    ]);
    const row = (id: string, over: Parameters<typeof baseRow>[0] = {}) =>
      perLine(baseRow({ esrPersonId: id, gmcNumber: `700${id}`, assignmentNumber: `${id}-1`, ...over }));
    for (const [day, date] of DATES.entries()) {
      // RGT: a bad postcode on the first two days, put right on the third. RGN: one of its two rows suspended every
      // day, so its share applied cleanly is the lowest. An unknown record type: a line no trust can be given.
      const eoe = [
        row('5001', { postcode: day < 2 ? 'CB2 OQQ' : 'cb2 0qq' }),
        row('5002'),
        row('5003', { employingTrust: 'RGN', deaneryPostNumber: RGN_POST }),
        row('5004', { employingTrust: 'RGN', deaneryPostNumber: RGN_POST, assignmentStatus: 'SUSPENDED' }),
        `ADR|RGT|${5100 + day}|somewhere`,
      ];
      const kss = [row('5005', { employingTrust: 'RTP', deaneryPostNumber: RTP_POST })];
      fs.writeFileSync(
        path.join(env.inboxDir, extractName('EOE', date)),
        extractText({ office: 'EOE', date, lines: eoe }),
      );
      fs.writeFileSync(
        path.join(env.inboxDir, extractName('KSS', date)),
        extractText({ office: 'KSS', date, lines: kss }),
      );
      const { result } = await runDaily(env.client, env.config, { extractDate: date });
      assert.equal(result.counts.total.FAILED, 0);
    }
    const config = loadConfig({
      ...process.env,
      TIS_DB: env.config.TIS_DB,
      PORTAL_PORT: String(await freePort()),
      PORTAL_OIDC_LOCAL_PORT: String(await freePort()),
      PORTAL_DEMO_PASSWORD: PASSWORD,
      // The fixed dates of this test stay within the retained days whenever it runs.
      RETENTION_DAYS: '36500',
    });
    portal = await startPortal({
      config,
      store: env.store,
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'portal-')),
    });
    browser = await chromium.launch({
      executablePath: chromiumPath(),
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await portal?.close();
    await env?.close();
  });

  test("a trust's ESR team, without JavaScript: its own trust only, 403 for others, the CSV as the page", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await signIn(context, 'rgt-esr');
      assert.deepEqual(await column(page, 'Trusts you can see', 0), ['RGT']);
      const text = await page.locator('main').innerText();
      for (const other of ['RGN', 'RTP']) assert.ok(!text.includes(other), `${other} on a trust user's page`);
      assert.ok(!text.includes('ranked'), 'no ranking for a trust');
      // The third day is better than the second (the postcode put right).
      assert.deepEqual(await column(page, 'Trusts you can see', 8), ['Better']);
      await page.screenshot({ path: path.join(ARTIFACTS, 'portal-trust-index.png'), fullPage: true });

      for (const other of ['RGN', 'RTP', 'RZZ']) {
        const refused = await page.goto(`${portal.url}/trusts/${other}`);
        assert.equal(refused?.status(), 403, other);
        for (const day of [`/trusts/${other}/${DATES[0]}`, `/trusts/${other}/${DATES[0]}.csv`])
          assert.equal((await page.request.get(`${portal.url}${day}`)).status(), 403, day);
      }

      const trust = await page.goto(`${portal.url}/trusts/RGT`);
      assert.equal(trust?.status(), 200);
      assert.deepEqual(await column(page, 'Rows read, by day', 1), ['2', '2', '2']);
      assert.deepEqual(await column(page, 'Problems, by rule, by day', 1), ['1', '1', '0']);
      assert.equal(await page.locator('svg.portal-chart[role="img"] title').count(), 5, 'five charts, each named');
      await page.screenshot({ path: path.join(ARTIFACTS, 'portal-trust.png'), fullPage: true });

      const day = await page.goto(`${portal.url}/trusts/RGT/${DATES[0]}`);
      assert.equal(day?.status(), 200);
      const onPage = await page
        .locator('#problems tbody tr')
        .evaluateAll((rows: Cells[]) =>
          rows.map((r) => Array.from(r.children, (c) => (c.textContent ?? '').trim()).slice(0, 5)),
        );
      const csv = await page.request.get(`${portal.url}/trusts/RGT/${DATES[0]}.csv`);
      assert.equal(csv.status(), 200);
      const lines = parse(await csv.text(), { columns: true }) as Record<string, string>[];
      assert.ok(lines.length >= 1, 'the CSV has the problem');
      assert.deepEqual(
        lines.map((l) => [l.file, l.line, l.esrPersonId, l.rule]),
        onPage.map(([file, line, id, , rule]) => [file, line, id, rule]),
      );
      assert.deepEqual(
        lines.map((l) => l.rule),
        ['POSTCODE_INVALID'],
      );
      await page.screenshot({ path: path.join(ARTIFACTS, 'portal-day.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  test("a local office: its trusts ranked (lowest share first), the unattributed lines, another office's 403", async () => {
    const context = await browser.newContext();
    try {
      const page = await signIn(context, 'eoe-office');
      assert.deepEqual(await column(page, 'Trusts you can see', 0), ['RGN', 'RGT']);
      // RGN: 1 of its 2 rows applied cleanly each day (50%); RGT: 4 of 6, its bad postcode twice (66.7%).
      const ranked = 'Trusts ranked, lowest share';
      assert.deepEqual(await column(page, ranked, 1), ['RGN', 'RGT']);
      assert.deepEqual(await column(page, ranked, 5), ['50.0%', '66.7%']);
      assert.equal((await column(page, 'Unattributed lines', 3)).filter((c) => c === 'UNKNOWN_RECORD_TYPE').length, 3);
      assert.ok(!(await page.locator('main').innerText()).includes('RTP'), "another office's trust listed");
      await page.screenshot({ path: path.join(ARTIFACTS, 'portal-office-index.png'), fullPage: true });
      assert.equal((await page.goto(`${portal.url}/trusts/RTP`))?.status(), 403);
    } finally {
      await context.close();
    }
  });

  test('axe finds no WCAG 2.2 AA violation on any page, the sign-in page included', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${portal.url}/`);
      await page.getByLabel('Username').waitFor();
      await axe(page);
      await page.getByLabel('Username').fill('tis-admin');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${portal.url}/`);
      await axe(page);
      for (const url of ['/trusts/RGT', `/trusts/RGT/${DATES[0]}`, `/trusts/RTP/${DATES[2]}`, '/trusts/RZZ'])
        await page.goto(`${portal.url}${url}`).then(() => axe(page));
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'You have signed out' }).waitFor();
      await axe(page);
      assert.equal(axeChecked.length, 7);
    } finally {
      await context.close();
    }
  });

  test('`npm run portal` (portal/run.ts) alone: says where it is, signs a trust in with its own provider, stops cleanly', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'portal/run.ts'], {
      cwd: path.resolve(__dirname, '..', '..'),
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        MONGODB_URI: env.config.MONGODB_URI,
        TIS_DB: env.config.TIS_DB,
        PORTAL_PORT: String(await freePort()),
        PORTAL_OIDC_LOCAL_PORT: String(await freePort()),
        PORTAL_DEMO_PASSWORD: PASSWORD,
        RETENTION_DAYS: '36500',
        LOG_LEVEL: 'silent',
      },
    });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await waitUntil(
        'the portal to say where it is',
        // Both lines: they reach the pipe in one chunk or two.
        () => /Data-quality portal: (http\S+)[\s\S]*demo accounts/.test(stdout),
        30_000,
      ).catch((err: Error) => assert.fail(`${err.message}\nstdout: ${stdout}\nstderr: ${stderr}`));
      const url = /Data-quality portal: (http\S+)/.exec(stdout)![1];
      assert.match(stdout, /demo accounts .*password PORTAL_DEMO_PASSWORD/);
      const api = await request.newContext();
      try {
        const home = await signInOverHttp(api, url, 'rgt-esr', PASSWORD);
        assert.equal(home.status(), 200);
        assert.match(await home.text(), /href="\/trusts\/RGT"/);
        assert.equal((await api.get(`${url}/trusts/RGN`)).status(), 403);
      } finally {
        await api.dispose();
      }
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });

  // Last: it spends this address's sign-in attempts for the minute.
  test('security headers on every page, an HTTP-only SameSite session cookie, no open redirect, sign-in rate-limited', async () => {
    const anonymous = await fetch(`${portal.url}/trusts/RGT`, { redirect: 'manual' });
    assert.equal(anonymous.status, 302);
    assert.equal(anonymous.headers.get('location'), '/login?returnTo=%2Ftrusts%2FRGT');
    const offsite = await fetch(`${portal.url}/login?returnTo=${encodeURIComponent('//evil.example/')}`, {
      redirect: 'manual',
    });
    assert.equal(offsite.status, 302);
    assert.ok(offsite.headers.get('location')?.startsWith(`${portal.issuer}/`), 'sent to the provider');
    const cookie = offsite.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^esr_portal=/);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.doesNotMatch(cookie, /Secure/i, 'plain http on loopback: not Secure (it is behind TLS)');

    const api = await request.newContext();
    try {
      const home = await signInOverHttp(api, portal.url, 'tis-admin', PASSWORD);
      assert.equal(home.url(), `${portal.url}/`);
      for (const page of ['/', '/trusts/RGT', `/trusts/RGT/${DATES[0]}`, '/trusts/RZZ']) {
        const res = await api.get(`${portal.url}${page}`);
        const csp = res.headers()['content-security-policy'] ?? '';
        assert.match(csp, /frame-ancestors 'none'/, page);
        assert.match(csp, /default-src 'self'/, page);
        assert.equal(res.headers()['x-frame-options'], 'DENY', page);
        assert.equal(res.headers()['x-content-type-options'], 'nosniff', page);
      }
      const csv = await api.get(`${portal.url}/trusts/RGT/${DATES[0]}.csv`);
      assert.match(csv.headers()['content-type'] ?? '', /^text\/csv/);
    } finally {
      await api.dispose();
    }

    // The provider's sign-in: wrong passwords are refused, and a flood of them is cut off.
    const flood = await request.newContext();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++)
        statuses.push((await signInOverHttp(flood, portal.url, 'rgt-esr', `wrong-${i}`)).status());
      assert.equal(statuses[0], 401);
      assert.ok(statuses.includes(429), `statuses ${statuses.join(' ')}`);
    } finally {
      await flood.dispose();
    }
  });
});
