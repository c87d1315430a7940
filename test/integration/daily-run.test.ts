/**
 * End to end on the harness's real Temporal dev server and FerretDB: two trusts' extracts and TIS data in,
 * the daily workflow run, and every trainee's document, audit trail and notification checked against the spec.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { dataQualityReportInput } from '../../store/data-quality-report-input';
import { runDaily } from '../../cli/run-daily';
import type { DailyRunResult } from '../../workflows/esr-daily-run';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { post, tisPerson } from '../support/tis-person';

const DATE = '2026-11-25';
const OTHER_DATE = '2026-11-26';
const MISNAMED = 'de_eoe_rmc_20261125_00000002.dat';
const RGT_POST = 'EOE/RGT00/IMT/CT1/001';
/** A current post on which TIS holds no placement of 1016. */
const RGT_OTHER_POST = 'EOE/RGT00/IMT/CT2/002';
const RGN_POST = 'EOE/RGN00/GIM/ST3/002';

describe('daily run, two trusts', () => {
  let env: PipelineEnv;
  let first: DailyRunResult;
  const outcome = async (esrPersonId: string) => env.store.outcomes.findOne({ _id: `${DATE}#${esrPersonId}` });

  before(async () => {
    env = await startPipelineEnv('daily');
    await env.store.posts.insertMany([
      post(RGT_POST),
      post(RGT_OTHER_POST),
      post(RGN_POST, 'CURRENT', 'RGN'),
      post('EOE/RGN00/GIM/ST3/003', 'INACTIVE', 'RGN'),
    ]);
    const rgnPlacement = [{ nationalPostNumber: RGN_POST, startDate: '2026-08-05', endDate: '2027-08-04' }];
    await env.store.people.insertMany([
      // 1001: new mobile and address in ESR → UPDATED
      tisPerson({ _id: 'tis-1001', identifiers: { gmcNumber: '7001001' } }),
      // 1002: identical → NO_CHANGE
      tisPerson({ _id: 'tis-1002', identifiers: { gmcNumber: '7001002' } }),
      // 1007: temporary NINO in ESR, new mobile → UPDATED without the NINO
      tisPerson({ _id: 'tis-1007', identifiers: { gmcNumber: '7001007' } }),
      // 1008: two TIS people with the same GMC number → HELD AMBIGUOUS_MATCH
      tisPerson({ _id: 'tis-1008a', identifiers: { gmcNumber: '7001008' } }),
      tisPerson({ _id: 'tis-1008b', identifiers: { gmcNumber: '7001008' } }),
      // 1009: the trainee changed their mobile in TIS after ESR's change → NO_CHANGE, the conflict reported
      tisPerson({
        _id: 'tis-1009',
        identifiers: { gmcNumber: '7001009' },
        contactDetails: { ...tisPerson({ _id: 'x' }).contactDetails, mobileNumber: '+447700900999' },
        fieldUpdatedAt: { contactDetails: { mobileNumber: '2026-11-24T12:00:00+00:00' } } as never,
      }),
      // 1011: no GMC in TIS; found by NINO + date of birth + legal surname, at RGN
      tisPerson({
        _id: 'tis-1011',
        identifiers: {},
        personalDetails: {
          dateOfBirth: '1990-01-31',
          gender: 'Male',
          ethnicOrigin: 'White - British',
          nationalInsuranceNumber: 'CE111111A',
        },
        placements: rgnPlacement,
      }),
      // 1012: matched, but no placement on the row's post → SKIPPED NO_PLACEMENT
      tisPerson({ _id: 'tis-1012', identifiers: { gmcNumber: '7001012' }, placements: [] }),
      // 1015: rows in SEQ 1 and SEQ 2 of EOE, same lastUpdated; SEQ 2 was generated earlier but is applied after
      tisPerson({ _id: 'tis-1015', identifiers: { gmcNumber: '7001015' } }),
      // 1016: the winning row's post has no placement; the next eligible row's has → UPDATED from that row
      tisPerson({ _id: 'tis-1016', identifiers: { gmcNumber: '7001016' } }),
    ]);
    const rgt = (id: string, over: Parameters<typeof baseRow>[0] = {}) =>
      perLine(baseRow({ esrPersonId: id, gmcNumber: `700${id}`, ...over }));
    const lines = [
      rgt('1001', { mobilePhone: '07700 900456', addressLine1: '2 New Road' }),
      rgt('1002'),
      rgt('1003', { employerRole: 'HOST' }),
      rgt('1004', { assignmentStatus: 'SUSPENDED' }),
      rgt('1005', { deaneryPostNumber: '' }),
      rgt('1006', { deaneryPostNumber: 'EOE/RGT00/IMT/CT1/999' }),
      rgt('1007', { nino: 'TN123456A', mobilePhone: '07700 900777' }),
      rgt('1008', { mobilePhone: '07700 900888' }),
      rgt('1009', { mobilePhone: '07700 900123', lastUpdated: '2026-11-24T10:00:00+00:00' }),
      rgt('1010', { gmcNumber: '7099999', nino: 'CE999999A' }),
      perLine(
        baseRow({
          employingTrust: 'RGN',
          esrPersonId: '1011',
          gmcNumber: '',
          nino: 'ce 11 11 11 a',
          dateOfBirth: '1990-01-31',
          gender: 'M',
          deaneryPostNumber: RGN_POST,
          mobilePhone: '07700 900011',
        }),
      ),
      rgt('1012'),
      'PER|RGT|1013|too|few|fields',
      'XYZ|something else',
      perLine(baseRow({ employingTrust: 'RGN', esrPersonId: '1014', deaneryPostNumber: 'EOE/RGN00/GIM/ST3/003' })),
      // Lines 17 on: the spec's rules that used to be bent.
      rgt('1015', { mobilePhone: '07700 900151' }),
      rgt('1016', {
        assignmentNumber: '10001016-2',
        deaneryPostNumber: RGT_OTHER_POST,
        mobilePhone: '07700 900161',
        lastUpdated: '2026-11-24T11:00:00+00:00',
      }),
      rgt('1016', { mobilePhone: '07700 900162' }),
      // No readable trust: belongs to no trust's report, only to the day's.
      rgt('1017', { employingTrust: 'rgt!' }),
    ];
    fs.writeFileSync(
      path.join(env.inboxDir, extractName('EOE', DATE)),
      extractText({ office: 'EOE', date: DATE, lines, generatedAt: `${DATE}T03:00:00+00:00` }),
    );
    fs.writeFileSync(
      path.join(env.inboxDir, extractName('EOE', DATE, 2)),
      extractText({
        office: 'EOE',
        date: DATE,
        seq: 2,
        lines: [rgt('1015', { mobilePhone: '07700 900152' })],
        generatedAt: `${DATE}T01:00:00+00:00`,
      }),
    );
    // Lower case: not an ESR file name, so it cannot be dated or applied, but it must not be ignored either.
    fs.writeFileSync(path.join(env.inboxDir, MISNAMED), 'HDR|whatever\n');
    ({ result: first } = await runDaily(env.client, env.config, { extractDate: DATE }));
  });

  after(async () => env?.close());

  test('tallies every trainee by outcome and trust', () => {
    assert.deepEqual(first.counts.total, { UPDATED: 5, NO_CHANGE: 2, SKIPPED: 6, HELD: 2, COMPENSATED: 0, FAILED: 0 });
    assert.equal(first.counts.byTrust.RGN?.UPDATED, 1);
    assert.equal(first.counts.byTrust.RGN?.SKIPPED, 1);
    const applied = first.files.filter((f) => f.status === 'APPLIED');
    assert.deepEqual(
      applied.map((f) => [f.name, f.rows, f.rowErrors]),
      [
        [extractName('EOE', DATE), 16, 3],
        [extractName('EOE', DATE, 2), 1, 0],
      ],
    );
  });

  test('skipped rows are counted per trust and reason, row by row, in the run and in the trust report', async () => {
    const rgt = { HOST_RECORD: 1, NOT_ACTIVE: 1, NO_DPN: 1, UNKNOWN_POST: 1, NO_PLACEMENT: 2, SUPERSEDED: 1 };
    assert.deepEqual(first.counts.skippedRows, { RGT: rgt, RGN: { POST_NOT_CURRENT: 1 } });
    const report = await dataQualityReportInput(env.store, 'RGT', DATE);
    assert.deepEqual(report.skipped, rgt);
    assert.equal(report.rowsRead, 15);
    assert.equal(report.eligible, 15 - 7);
  });

  test('a higher SEQ of the same office and date is applied after a lower one, whatever the generation times', async () => {
    const person = await env.store.people.findOne({ _id: 'tis-1015' });
    assert.equal(person?.contactDetails.mobileNumber, '+447700900152');
    const o = await outcome('1015');
    assert.deepEqual([o?.outcome, o?.rowRef], ['UPDATED', { file: extractName('EOE', DATE, 2), line: 2 }]);
    assert.deepEqual(o?.skippedRows, [
      { file: extractName('EOE', DATE), line: 17, trust: 'RGT', reason: 'SUPERSEDED' },
    ]);
  });

  test("when the winning row's post has no placement, the next eligible row is tried before skipping", async () => {
    const person = await env.store.people.findOne({ _id: 'tis-1016' });
    assert.equal(person?.contactDetails.mobileNumber, '+447700900162');
    const o = await outcome('1016');
    assert.deepEqual([o?.outcome, o?.rowRef?.line], ['UPDATED', 19]);
    assert.deepEqual(
      o?.skippedRows?.map((s) => [s.line, s.reason]),
      [[18, 'NO_PLACEMENT']],
    );
  });

  test("after the run, each trust's report and the day's index are in REPORTS_DIR, with unattributed lines", () => {
    const dir = env.reportsDir;
    for (const trust of ['RGT', 'RGN'])
      for (const ext of ['csv', 'html']) assert.ok(fs.existsSync(path.join(dir, trust, `${DATE}.${ext}`)), trust);
    const index = fs.readFileSync(path.join(dir, `${DATE}.html`), 'utf8');
    assert.equal(first.reportsIndex, path.join(dir, `${DATE}.html`));
    for (const href of [`RGT/${DATE}.html`, `RGT/${DATE}.csv`, `RGN/${DATE}.html`, `unattributed/${DATE}.csv`])
      assert.ok(index.includes(`href="${href}"`), href);
    const unattributed = fs
      .readFileSync(path.join(dir, 'unattributed', `${DATE}.csv`), 'utf8')
      .trim()
      .split('\n');
    assert.deepEqual(
      unattributed.slice(1).map((l) => l.split(',').slice(1, 3).join(' ')),
      ['15 UNKNOWN_RECORD_TYPE', '20 INVALID_FIELD'],
    );
    const rgtCsv = fs.readFileSync(path.join(dir, 'RGT', `${DATE}.csv`), 'utf8');
    assert.match(rgtCsv, /,14,1013,,FIELD_COUNT/);
    assert.doesNotMatch(rgtCsv, /UNKNOWN_RECORD_TYPE|,20,/);
    for (const value of ['900456', '1995-04-12', 'AB123456C', 'Test Street'])
      assert.ok(!index.includes(value) && !rgtCsv.includes(value), value);
  });

  test('a file in the inbox not named as ESR names its extracts is rejected with its reason, once', async () => {
    const rejected = first.files.filter((f) => f.status === 'REJECTED');
    assert.deepEqual(
      rejected.map((f) => f.name),
      [MISNAMED],
    );
    assert.match(rejected[0].reason ?? '', /file name/);
    const record = await env.store.files.findOne({ name: MISNAMED });
    assert.equal(record?.reasonCode, 'BAD_FILE_NAME');
    assert.equal(record?.status, 'REJECTED');
    // Another day's run does not list it again: it was reported on the day it was found.
    const { result } = await runDaily(env.client, env.config, { extractDate: OTHER_DATE });
    assert.deepEqual(result.files, []);
  });

  test('an updated trainee gets only the changed fields, a version bump, fieldUpdatedAt from ESR, audit and one event', async () => {
    const person = await env.store.people.findOne({ _id: 'tis-1001' });
    assert.equal(person?.version, 2);
    assert.equal(person?.contactDetails.mobileNumber, '+447700900456');
    assert.equal(person?.contactDetails.address1, '2 New Road');
    assert.equal(person?.contactDetails.forenames, 'Alex'); // never written by the interface
    assert.equal(person?.identifiers.esrPersonId, '1001');
    const stamps = person?.fieldUpdatedAt as unknown as { contactDetails: Record<string, string> };
    assert.equal(stamps.contactDetails.mobileNumber, '2026-11-24T10:00:00+00:00');
    const audit = await env.store.audit.find({ personId: 'tis-1001' }).sort({ field: 1 }).toArray();
    assert.deepEqual(
      audit.map((a) => [a.field, a.action, a.before, a.after, a.line]),
      [
        ['contactDetails.address1', 'APPLIED', '1 Test Street', '2 New Road', 2],
        ['contactDetails.mobileNumber', 'APPLIED', '+447700900123', '+447700900456', 2],
      ],
    );
    const events = env.receiver.events.filter((e) => e.personId === 'tis-1001');
    assert.equal(events.length, 1);
    assert.deepEqual([...events[0].changedFields].sort(), ['contactDetails.address1', 'contactDetails.mobileNumber']);
    assert.ok(!JSON.stringify(events[0]).includes('900456'), 'an event names fields, never values');
    assert.equal((await outcome('1001'))?.outcome, 'UPDATED');
  });

  test('an identical trainee is NO_CHANGE, with the ESR link recorded and no version bump', async () => {
    const person = await env.store.people.findOne({ _id: 'tis-1002' });
    assert.equal(person?.version, 1);
    assert.equal(person?.identifiers.esrPersonId, '1002');
    assert.equal((await outcome('1002'))?.outcome, 'NO_CHANGE');
    assert.equal(env.receiver.events.filter((e) => e.personId === 'tis-1002').length, 0);
  });

  test('rows failing the employment and DPN rules are skipped with their reason', async () => {
    const expected: Record<string, string> = {
      '1003': 'HOST_RECORD',
      '1004': 'NOT_ACTIVE',
      '1005': 'NO_DPN',
      '1006': 'UNKNOWN_POST',
      '1012': 'NO_PLACEMENT',
      '1014': 'POST_NOT_CURRENT',
    };
    for (const [id, reason] of Object.entries(expected)) {
      const o = await outcome(id);
      assert.equal(o?.outcome, 'SKIPPED', id);
      assert.equal(o?.reason, reason, id);
    }
    assert.equal((await env.store.people.findOne({ _id: 'tis-1012' }))?.version, 1);
  });

  test('a temporary NINO is never applied and is a finding; the rest of the row is', async () => {
    const person = await env.store.people.findOne({ _id: 'tis-1007' });
    assert.equal(person?.personalDetails.nationalInsuranceNumber, 'AB123456C');
    assert.equal(person?.contactDetails.mobileNumber, '+447700900777');
    const finding = await env.store.findings.findOne({ esrPersonId: '1007', field: 'nino' });
    assert.equal(finding?.rule, 'NINO_TEMPORARY');
    assert.equal(finding?.trust, 'RGT');
  });

  test('no match and an ambiguous match are held, never guessed', async () => {
    assert.deepEqual([(await outcome('1008'))?.outcome, (await outcome('1008'))?.reason], ['HELD', 'AMBIGUOUS_MATCH']);
    assert.deepEqual([(await outcome('1010'))?.outcome, (await outcome('1010'))?.reason], ['HELD', 'NO_MATCH']);
    for (const id of ['tis-1008a', 'tis-1008b']) {
      const p = await env.store.people.findOne({ _id: id });
      assert.equal(p?.version, 1);
      assert.equal(p?.identifiers.esrPersonId, undefined);
    }
  });

  test('a newer TIS edit wins over an older ESR change: NO_CHANGE, the conflict reported, not held', async () => {
    const o = await outcome('1009');
    assert.deepEqual(
      [o?.outcome, o?.reason, o?.conflictFields],
      ['NO_CHANGE', 'CONFLICT', ['contactDetails.mobileNumber']],
    );
    const person = await env.store.people.findOne({ _id: 'tis-1009' });
    assert.equal(person?.contactDetails.mobileNumber, '+447700900999');
    assert.equal(person?.version, 1);
    const report = await dataQualityReportInput(env.store, o!.trust, DATE);
    assert.deepEqual(
      report.conflicts?.map((c) => [c.esrPersonId, c.fields]),
      [['1009', ['contactDetails.mobileNumber']]],
    );
  });

  test('a trainee without GMC in TIS is matched by NINO, date of birth and legal surname', async () => {
    const person = await env.store.people.findOne({ _id: 'tis-1011' });
    assert.equal(person?.identifiers.esrPersonId, '1011');
    assert.equal(person?.contactDetails.mobileNumber, '+447700900011');
    assert.equal((await outcome('1011'))?.trust, 'RGN');
  });

  test('bad lines are quarantined with file, line and reason, not dropped', async () => {
    const errors = await env.store.rowErrors.find({}).sort({ line: 1 }).toArray();
    assert.deepEqual(
      errors.map((e) => [e.line, e.code]),
      [
        [14, 'FIELD_COUNT'],
        [15, 'UNKNOWN_RECORD_TYPE'],
        [20, 'INVALID_FIELD'],
      ],
    );
    assert.equal(errors[0].file, extractName('EOE', DATE));
    assert.ok(errors[0].text.startsWith('PER|RGT|1013'));
  });

  test('running the same day again changes nothing and notifies no one twice', async () => {
    const eventsBefore = env.receiver.events.length;
    const requestsBefore = env.receiver.requests.length;
    const peopleBefore = await env.store.people.find({}).sort({ _id: 1 }).toArray();
    const { result } = await runDaily(env.client, env.config, { extractDate: DATE });
    assert.equal(result.counts.total.UPDATED, 0);
    assert.equal(result.counts.total.NO_CHANGE, 7);
    assert.deepEqual(
      result.files.map((f) => [f.name, f.status, f.alreadyRecorded]),
      [
        [MISNAMED, 'REJECTED', true],
        [extractName('EOE', DATE), 'APPLIED', true],
        [extractName('EOE', DATE, 2), 'APPLIED', true],
      ],
    );
    assert.equal(env.receiver.events.length, eventsBefore);
    assert.equal(env.receiver.requests.length, requestsBefore);
    assert.deepEqual(await env.store.people.find({}).sort({ _id: 1 }).toArray(), peopleBefore);
  });

  // The timeout only ends a wedged run's wait (a throwing handler fails every workflow task, and the run never ends).
  test(
    'a cancelRun signal with no input (the UI, the temporal CLI) cancels the run; it does not wedge it',
    { timeout: 120_000 },
    async () => {
      const date = '2026-09-29';
      // Signalled with the start, so the handler runs in the run's first workflow task, before anything else.
      const handle = await env.client.workflow.signalWithStart('esrDailyRun', {
        workflowId: `esr-daily/${date}`,
        taskQueue: env.config.TEMPORAL_TASK_QUEUE,
        args: [{ extractDate: date }],
        signal: 'cancelRun',
        signalArgs: [],
      });
      const result = (await handle.result()) as DailyRunResult;
      assert.equal(result.cancelled, true);
      const failedTasks = ((await handle.fetchHistory()).events ?? []).filter(
        (e) => e.workflowTaskFailedEventAttributes,
      );
      assert.deepEqual(failedTasks, []);
    },
  );
});
