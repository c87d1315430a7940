/**
 * The guards operators expect, on the harness's real servers, around one daily run: an expected office without a
 * file is MISSING; files that would change far more than usual wait for an operator (the mass-change hold) while
 * the day's other files go ahead; `esr check`, `esr status`, `esr approve` and `esr reject` as an operator runs
 * them; a held file nobody decides on is rejected at its deadline; a late file is picked up by a re-run.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runSummary } from '../../cli/commands/run-summary';
import { runDaily } from '../../cli/run-daily';
import { readOperatorNote } from '../../store/operator-notes';
import { dailyRunId } from '../../src/workflow-ids';
import { progressQuery, type DailyRunProgress, type DailyRunResult } from '../../workflows/esr-daily-run';
import { runCli } from '../support/cli-process';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { post, tisPerson } from '../support/tis-person';

/** The CLI runs as this process's account, with no client certificate or API key: that is who decides. */
const OPERATOR = `os:${os.userInfo().username}`;

const DATE = '2026-10-05';
const POST = 'EOE/RGT00/IMT/CT1/001';
const EOE = extractName('EOE', DATE);
/** Every row changes the legal surname: held, then approved. */
const LDN = extractName('LDN', DATE);
/** Every row changes the NINO: held, then rejected. */
const KSS = extractName('KSS', DATE);
/** Every row changes the date of birth: held, and rejected once the others are decided. */
const NE = extractName('NE', DATE);

interface CheckJson {
  ok: boolean;
  status: string;
  needs: { kind: string; subject: string; detail: string; action: string }[];
}

/** Polls until `ready` holds (the run moves on its own): a condition, not a fixed sleep. */
async function until<T>(what: string, read: () => Promise<T>, ready: (v: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ready(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('guards: missing files, the mass-change hold, esr check', () => {
  let env: PipelineEnv;
  let running: Promise<{ result: DailyRunResult }>;
  let waiting: DailyRunProgress;
  let result: DailyRunResult;
  const esr = (...args: string[]) => runCli('esr.ts', args, env.config);
  const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => String(from + i));
  const row = (id: string, over: Parameters<typeof baseRow>[0] = {}) =>
    perLine(baseRow({ esrPersonId: id, gmcNumber: `700${id}`, nino: '', ...over }));
  const write = (name: string, office: string, lines: string[]) =>
    fs.writeFileSync(path.join(env.inboxDir, name), extractText({ office, date: DATE, lines }));

  before(async () => {
    env = await startPipelineEnv('guards', {
      ESR_EXPECTED_OFFICES: 'EOE,KSS,LDN,NE,NW',
      // Far beyond the test: the operator's decisions must never race a deadline (the next suite has its own).
      APPROVAL_TIMEOUT: '1h',
    });
    await env.store.posts.insertOne(post(POST));
    const everyone = ['5001', '5002', '5003', ...ids(5101, 19), ...ids(5201, 20), ...ids(5301, 20), '5401'];
    await env.store.people.insertMany(
      everyone.map((id) => tisPerson({ _id: `tis-${id}`, identifiers: { gmcNumber: `700${id}` } })),
    );
    write(EOE, 'EOE', [
      row('5001', { mobilePhone: '07700 900501' }),
      row('5002'),
      row('5003', { mobilePhone: '07700 900531' }),
    ]);
    // 5003 is in LDN too, later: a trainee of a held file waits, whatever other files they are in.
    write(LDN, 'LDN', [
      row('5003', { surname: 'Changed', mobilePhone: '07700 900532', lastUpdated: '2026-11-24T11:00:00+00:00' }),
      ...ids(5101, 19).map((id) => row(id, { surname: 'Changed' })),
    ]);
    write(
      KSS,
      'KSS',
      ids(5201, 20).map((id) => row(id, { nino: 'CE123456A' })),
    );
    write(
      NE,
      'NE',
      ids(5301, 20).map((id) => row(id, { dateOfBirth: '1990-01-01' })),
    );
    running = runDaily(env.client, env.config, { extractDate: DATE });
    const handle = env.client.workflow.getHandle(dailyRunId(DATE));
    waiting = await until(
      'the held files, and the free file done',
      () => handle.query(progressQuery).catch(() => undefined),
      (p) =>
        p !== undefined &&
        p.files.filter((f) => f.status === 'AWAITING_APPROVAL').length === 3 &&
        p.trainees === 2 &&
        p.inFlight === 0,
    ).then((p) => p!);
  });

  after(async () => env?.close());

  test('while files wait, the run shows why and until when; the other files go ahead', async () => {
    assert.deepEqual(
      waiting.files.map((f) => [f.name, f.status]),
      [
        [EOE, 'APPLIED'],
        [KSS, 'AWAITING_APPROVAL'],
        [LDN, 'AWAITING_APPROVAL'],
        [NE, 'AWAITING_APPROVAL'],
        ['NW', 'MISSING'],
      ],
    );
    const ldn = waiting.files.find((f) => f.name === LDN)!;
    assert.match(ldn.hold?.reasons.join() ?? '', /^IDENTITY_CHANGES: 20 of 20 rows \(100%\) would change a legal name/);
    assert.ok(ldn.hold?.deadline, 'a deadline');
    // 5001 and 5002 are done; 5003, also in the held LDN file, has not started.
    assert.equal((await env.store.outcomes.findOne({ _id: `${DATE}#5001` }))?.outcome, 'UPDATED');
    assert.equal(await env.store.outcomes.findOne({ _id: `${DATE}#5003` }), null);
    // The held rows are out of reach of a resync meanwhile.
    assert.equal(await env.store.rows.countDocuments({ file: LDN, accepted: true }), 0);
    const { memo } = await env.client.workflow.getHandle(dailyRunId(DATE)).describe();
    assert.ok(
      (memo?.files as string[]).some((l) => l.startsWith(`${LDN}: AWAITING_APPROVAL until `) && l.includes('IDENTITY')),
      'the memo says why',
    );
  });

  test('check, status, approve and reject, as an operator runs them; refusals name the file', async () => {
    // The refusals can come any time while the run waits.
    const [check, status, approved, rejected] = await Promise.all([
      esr('check', '--date', DATE, '--json'),
      esr('status', '--date', DATE, '--once'),
      esr('approve', '--date', DATE, '--file', LDN, '--json'),
      esr('reject', '--date', DATE, '--file', KSS, '--reason', 'INC123: NINOs shifted', '--json'),
    ]);
    const [wrong, again, typedName] = await Promise.all([
      esr('approve', '--date', DATE, '--file', 'DE_LDN_RMC_20261005_00000009.DAT'),
      esr('approve', '--date', DATE, '--file', LDN),
      // Who decides comes from the connection, never from a name typed on the command line.
      esr('approve', '--date', DATE, '--file', NE, '--by', 'mallory'),
    ]);
    assert.notEqual(typedName.code, 0);
    assert.match(typedName.stderr, /unknown option '--by'/);
    assert.equal(check.code, 3, check.stderr);
    const needs = check.json<CheckJson>().needs.map((n) => `${n.kind} ${n.subject}`);
    // LDN and KSS may be decided by now (the commands run side by side); NE is still waiting.
    for (const need of ['FILE_MISSING NW', `FILE_AWAITING_APPROVAL ${NE}`]) assert.ok(needs.includes(need), need);
    assert.equal(status.code, 0, status.stderr);
    assert.match(
      status.stdout,
      new RegExp(`${NE}: AWAITING_APPROVAL, 20 rows read, 0 unreadable lines, until \\S+: IDENTITY_CHANGES`),
    );
    assert.match(status.stdout, /\n {2}NW: MISSING/);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /DE_LDN_RMC_20261005_00000009\.DAT/);
    assert.match(wrong.stderr, /no file .* waiting for approval: /);
    assert.equal(approved.code, 0, approved.stderr);
    assert.deepEqual([approved.json().file, approved.json().decision, approved.json().by], [LDN, 'APPROVED', OPERATOR]);
    assert.equal(rejected.code, 0, rejected.stderr);
    assert.equal(rejected.json().decision, 'REJECTED');
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, new RegExp(`${LDN} was already APPROVED by ${OPERATOR}`));
    const last = await esr('reject', '--date', DATE, '--file', NE, '--reason', 'INC124', '--json');
    assert.equal(last.code, 0, last.stderr);
  });

  test('the approved file is applied, the rejected ones not', async () => {
    ({ result } = await running);
    assert.deepEqual(result.counts.total, {
      UPDATED: 21,
      NO_CHANGE: 1,
      SKIPPED: 0,
      HELD: 0,
      COMPENSATED: 0,
      FAILED: 0,
    });
    const files = runSummary(dailyRunId(DATE), result).files;
    assert.deepEqual(
      files.find((f) => f.name === 'NW'),
      { name: 'NW', status: 'MISSING' },
    );
    assert.deepEqual(
      files.map((f) => [f.name, f.status]),
      [
        [EOE, 'APPLIED'],
        [KSS, 'REJECTED'],
        [LDN, 'APPLIED'],
        [NE, 'REJECTED'],
        ['NW', 'MISSING'],
      ],
    );
    // The file's reason reaches the trusts' report index: neither the operator's name nor their free text.
    for (const name of [KSS, NE])
      assert.equal(
        files.find((f) => f.name === name)?.reason,
        'held for approval as a mass change, and rejected by an operator',
      );
    // 5003 ran after the approval, on its later LDN row.
    const p5003 = await env.store.people.findOne({ _id: 'tis-5003' });
    assert.deepEqual(
      [p5003?.contactDetails.legalSurname, p5003?.contactDetails.mobileNumber],
      ['Changed', '+447700900532'],
    );
    assert.equal((await env.store.people.findOne({ _id: 'tis-5101' }))?.contactDetails.legalSurname, 'Changed');
    assert.equal(
      (await env.store.people.findOne({ _id: 'tis-5201' }))?.personalDetails.nationalInsuranceNumber,
      'AB123456C',
    );
    assert.equal((await env.store.people.findOne({ _id: 'tis-5301' }))?.personalDetails.dateOfBirth, '1995-04-12');
    assert.equal(await env.store.rows.countDocuments({ file: { $in: [KSS, NE] } }), 0);
    const audit = await env.store.operatorActions
      .find({ extractDate: DATE, action: { $ne: 'NOTE' } })
      .sort({ file: 1 })
      .toArray();
    // Who: the identity the connection authenticated with; why: a note reference, its text kept apart.
    const reasons = await Promise.all(audit.map((a) => readOperatorNote(env.store, a.reason)));
    assert.deepEqual(
      audit.map((a, i) => [a.file, a.action, a.by, reasons[i] ?? '']),
      [
        [KSS, 'REJECT_FILE', OPERATOR, 'INC123: NINOs shifted'],
        [LDN, 'APPROVE_FILE', OPERATOR, ''],
        [NE, 'REJECT_FILE', OPERATOR, 'INC124'],
      ],
    );
    for (const a of audit) if (a.reason) assert.match(a.reason, /^note:NOTE#/);
    assert.ok(audit.every((a) => a.at && a.workflowId === dailyRunId(DATE)));
  });

  test('a late file is picked up by a re-run of its date; rejected files still need an operator', async () => {
    write(extractName('NW', DATE), 'NW', [row('5401')]);
    const run = await esr('run', '--date', DATE, '--json');
    assert.equal(run.code, 0, run.stderr);
    const out = run.json<{ counts: Record<string, number>; files: { name: string; status: string }[] }>();
    assert.deepEqual(
      out.files.map((f) => [f.name, f.status]),
      [
        [EOE, 'APPLIED'],
        [KSS, 'REJECTED'],
        [LDN, 'APPLIED'],
        [NE, 'REJECTED'],
        [extractName('NW', DATE), 'APPLIED'],
      ],
    );
    assert.equal(out.counts.NO_CHANGE, 23);
    const check = await esr('check', '--date', DATE);
    assert.equal(check.code, 3);
    assert.match(check.stdout, new RegExp(`FILE_REJECTED ${KSS}`));
    assert.doesNotMatch(check.stdout, /FILE_MISSING|AWAITING/);
  });
});

describe('guards: a held file nobody decides on', () => {
  const date = '2026-10-12';
  const ne = extractName('NE', date);
  const ids = Array.from({ length: 20 }, (_, i) => String(6301 + i));
  let env: PipelineEnv;

  before(async () => {
    // Nothing decides, so nothing races this deadline: a short one only shortens the wait.
    env = await startPipelineEnv('guards_timeout', { APPROVAL_TIMEOUT: '3s' });
    await env.store.posts.insertOne(post(POST));
    await env.store.people.insertMany(
      ids.map((id) => tisPerson({ _id: `tis-${id}`, identifiers: { gmcNumber: `700${id}` } })),
    );
    const lines = ids.map((id) =>
      perLine(baseRow({ esrPersonId: id, gmcNumber: `700${id}`, nino: '', dateOfBirth: '1990-01-01' })),
    );
    fs.writeFileSync(path.join(env.inboxDir, ne), extractText({ office: 'NE', date, lines }));
  });

  after(async () => env?.close());

  test('is rejected at its deadline, audited as the timeout, and nothing of it applied', async () => {
    const { result } = await runDaily(env.client, env.config, { extractDate: date });
    const file = runSummary(dailyRunId(date), result).files.find((f) => f.name === ne);
    assert.equal(file?.status, 'REJECTED');
    assert.match(file?.reason ?? '', /not decided in time \(not decided within 3s\)/);
    assert.equal(result.trainees, 0);
    assert.equal((await env.store.people.findOne({ _id: `tis-${ids[0]}` }))?.personalDetails.dateOfBirth, '1995-04-12');
    const audit = await env.store.operatorActions.find({ extractDate: date }).toArray();
    assert.deepEqual(
      audit.map((a) => [a.file, a.action, a.by, a.reason]),
      [[ne, 'REJECT_FILE', 'timeout', 'not decided within 3s']],
    );
  });
});
