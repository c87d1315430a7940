/**
 * Retention removes every personal value, wherever it was copied: every kind of record is seeded with known
 * values (a NINO, a date of birth, a name, a phone number, an address, an operator's note), the worker's clock
 * (its injected `now`) is moved past RETENTION_DAYS, the nightly workflow runs, and none of those values is left
 * in any collection of the service's database, in any file under the inbox, archive, reports and log folders, or
 * in the retention workflow's history as Temporal stores it. A dry run first counts and changes nothing. TIS's own
 * `people` and `posts` are TIS's records, not copies, and are left out.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { ApplyRetentionResult } from '../../activities/apply-retention';
import { calendarDate } from '../../src/london-date';
import type { ChangeSetDoc, ChangeSetStatus } from '../../store/documents';
import { baseRow, extractName } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { tisPerson } from '../support/tis-person';

const RETENTION_DAYS = 30;
const TODAY = calendarDate(new Date());
/** The worker's clock: RETENTION_DAYS and two more after everything below was written. */
const LATER = new Date(Date.now() + (RETENTION_DAYS + 2) * 86_400_000);

/** The values seeded everywhere; none may survive. */
const VALUES = {
  nino: 'ZR481516C',
  dateOfBirth: '1987-02-29',
  surname: 'Quellbrook-Vantrea',
  forenames: 'Ysolde',
  mobile: '+447700900481',
  email: 'ysolde.quellbrook@nhs.example',
  address: '42 Wyvern Hollow',
  note: 'Spoke to Dr Quellbrook-Vantrea about the NINO',
} as const;
const person = () =>
  tisPerson({
    _id: 'tis-4815',
    contactDetails: {
      forenames: VALUES.forenames,
      surname: VALUES.surname,
      legalSurname: VALUES.surname,
      mobileNumber: VALUES.mobile,
      workEmail: VALUES.email,
      address1: VALUES.address,
    },
    personalDetails: { dateOfBirth: VALUES.dateOfBirth, nationalInsuranceNumber: VALUES.nino },
  });
const row = () =>
  baseRow({
    esrPersonId: '4815',
    surname: VALUES.surname,
    forenames: VALUES.forenames,
    nino: VALUES.nino,
    dateOfBirth: VALUES.dateOfBirth,
    mobilePhone: VALUES.mobile,
    email: VALUES.email,
    addressLine1: VALUES.address,
  });
const text = Object.values(VALUES).join('|');

describe('retention removes every personal value past RETENTION_DAYS', () => {
  let env: PipelineEnv;
  let root: string;
  let archiveDir: string;
  let logDir: string;
  const file = extractName('EOE', TODAY);
  const otherFile = extractName('KSS', TODAY);

  before(async () => {
    root = fs.mkdtempSync(path.join(process.env.ESR_TEST_DATA_DIR ?? os.tmpdir(), 'retention-values-'));
    archiveDir = path.join(root, 'archive');
    logDir = path.join(root, 'logs');
    env = await startPipelineEnv(
      'retention_values',
      { RETENTION_DAYS: String(RETENTION_DAYS), ESR_ARCHIVE_DIR: archiveDir, ESR_LOG_DIR: logDir },
      { now: () => LATER },
    );
    const s = env.store;
    // Files: a processed extract in the inbox, one already archived, a trust's report and the day's index, a log.
    fs.writeFileSync(path.join(env.inboxDir, file), `PER|${text}\n`);
    fs.mkdirSync(archiveDir, { recursive: true });
    fs.writeFileSync(path.join(archiveDir, otherFile), `PER|${text}\n`);
    fs.mkdirSync(path.join(env.reportsDir, 'RGT'), { recursive: true });
    fs.writeFileSync(path.join(env.reportsDir, 'RGT', `${TODAY}.csv`), `line,${VALUES.note}\n`);
    fs.writeFileSync(path.join(env.reportsDir, 'RGT', `${TODAY}.html`), `<p>${VALUES.note}</p>`);
    fs.writeFileSync(path.join(env.reportsDir, `${TODAY}.html`), `<p>rejected by ${VALUES.note}</p>`);
    fs.mkdirSync(logDir, { recursive: true });
    fs.writeFileSync(path.join(logDir, 'ferretdb.2026-01-01T00-00-00.log'), `${text}\n`);

    const at = new Date().toISOString();
    await s.files.insertOne({
      _id: `${file}#x`,
      name: file,
      sha256: 'x',
      extractDate: TODAY,
      status: 'ACCEPTED',
      dataLines: 1,
      rowsRead: 1,
      rowErrors: 1,
      trusts: ['RGT'],
      recordedAt: at,
      workflowId: 'w',
      massChange: {
        state: 'APPROVED',
        reasons: ['IDENTITY_SHARE'],
        checkedAt: at,
        decidedBy: 'operator',
        decidedAt: at,
        decisionReason: VALUES.note,
      },
    });
    const rowId = `${file}#2`;
    await s.rows.insertOne({
      _id: rowId,
      file,
      line: 2,
      extractDate: TODAY,
      trust: 'RGT',
      esrPersonId: '4815',
      row: row(),
      fileSeq: 1,
      fileGeneratedAt: `${TODAY}T02:00:00Z`,
      accepted: true,
    });
    await s.personRows.insertOne({ _id: `${TODAY}#4815`, extractDate: TODAY, esrPersonId: '4815', rowIds: [rowId] });
    await s.traineePages.insertOne({ _id: `${TODAY}#0`, extractDate: TODAY, page: 0, esrPersonIds: ['4815'] });
    await s.matchCandidates.insertOne({ _id: rowId, extractDate: TODAY, linked: [], registration: [], ninoDob: [] });
    await s.rowErrors.insertOne({
      _id: `${file}#3`,
      file,
      line: 3,
      code: 'FIELD_COUNT',
      reason: 'r',
      extractDate: TODAY,
      text: `PER|${text}`,
    });
    await s.findings.insertOne({
      _id: `${file}#2#nino`,
      file,
      line: 2,
      trust: 'RGT',
      esrPersonId: '4815',
      field: 'nino',
      rule: 'NINO_FORMAT',
      extractDate: TODAY,
    });
    await s.outcomes.insertOne({
      _id: `${TODAY}#4815`,
      extractDate: TODAY,
      esrPersonId: '4815',
      trust: 'RGT',
      outcome: 'HELD',
      reason: 'AMBIGUOUS_MATCH',
      detail: VALUES.note,
      changedFields: [],
      conflictFields: [],
      workflowId: 'w',
      recordedAt: at,
    });
    // A change set in every state, each with the whole documents and the changed values.
    const statuses: ChangeSetStatus[] = [
      'PREPARED',
      'APPLIED',
      'NOTIFIED',
      'COMPENSATED',
      'COMPENSATION_FAILED',
      'SUPERSEDED',
      'ABANDONED',
    ];
    const changeSet = (status: ChangeSetStatus): ChangeSetDoc => ({
      _id: `cs-${status}`,
      personId: 'tis-4815',
      esrPersonId: '4815',
      extractDate: TODAY,
      rowRef: { file, line: 2 },
      esrLastUpdated: at,
      baseVersion: 1,
      before: person(),
      after: { ...person(), version: 2 },
      changes: [
        { path: 'contactDetails.mobileNumber', before: VALUES.mobile, after: '+447700900999' },
        { path: 'personalDetails.nationalInsuranceNumber', after: VALUES.nino },
      ],
      status,
      workflowId: 'w',
      preparedAt: at,
    });
    await s.changeSets.insertMany(statuses.map(changeSet));
    await s.audit.insertOne({
      _id: 'cs-NOTIFIED#contactDetails.mobileNumber#APPLIED',
      changeSetId: 'cs-NOTIFIED',
      personId: 'tis-4815',
      esrPersonId: '4815',
      workflowId: 'w',
      extractDate: TODAY,
      file,
      line: 2,
      field: 'contactDetails.mobileNumber',
      before: VALUES.mobile,
      after: VALUES.dateOfBirth,
      action: 'APPLIED',
      at,
    });
    await s.outbox.insertMany([
      {
        _id: 'evt-delivered',
        changeSetId: 'cs-NOTIFIED',
        personId: 'tis-4815',
        changedFields: ['contactDetails.mobileNumber'],
        occurredAt: at,
        status: 'REFUSED',
        attempts: 1,
        refusal: { status: 422, answer: `unknown mobile ${VALUES.mobile}`, at },
      },
      {
        _id: 'evt-pending',
        changeSetId: 'cs-APPLIED',
        personId: 'tis-4815',
        changedFields: ['contactDetails.mobileNumber'],
        occurredAt: at,
        status: 'PENDING',
        attempts: 3,
        lastError: `receiver said: bad NINO ${VALUES.nino}`,
      },
    ]);
    // An operator's note: its text in esr_operator_notes, referred to by id from the append-only audit.
    await s.operatorNotes.insertOne({ _id: 'NOTE#1', text: VALUES.note, by: 'os:operator', at });
    await s.operatorActions.insertMany([
      { _id: 'NOTE#1', action: 'NOTE', by: 'os:operator', at, reason: 'note:NOTE#1' },
      { _id: `${file}#x#decision`, action: 'APPROVE_FILE', by: 'os:operator', at, reason: 'note:NOTE#1', file },
    ]);
  });
  after(async () => {
    await env?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const retention = (dryRun: boolean) =>
    env.client.workflow.execute('esrRetention', {
      workflowId: `esr-retention-values-${dryRun ? 'dry' : 'purge'}-${Date.now()}`,
      taskQueue: env.config.TEMPORAL_TASK_QUEUE,
      args: [{ dryRun }],
    }) as Promise<ApplyRetentionResult>;

  /** Every document of every collection but TIS's own, as text. */
  async function databaseText(): Promise<string> {
    const names = (await env.store.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const texts = await Promise.all(
      names
        .filter((n) => n !== 'people' && n !== 'posts')
        .map(async (n) => `${n}:${JSON.stringify(await env.store.db.collection(n).find({}).toArray())}`),
    );
    return texts.join('\n');
  }
  const filesText = () =>
    [env.inboxDir, archiveDir, env.reportsDir, logDir]
      .flatMap((dir) =>
        (fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) : []).map((f) =>
          path.join(dir, f),
        ),
      )
      .filter((f) => fs.statSync(f).isFile())
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
  const found = (haystack: string) => Object.values(VALUES).filter((v) => haystack.includes(v));

  test('the dry run counts what would go and changes nothing', async () => {
    const beforeText = await databaseText();
    const dry = await retention(true);
    assert.equal(dry.dryRun, true);
    assert.equal(dry.deletedFiles, 2);
    assert.equal(dry.deletedReports, 3);
    assert.equal(dry.deletedLogs, 1);
    assert.equal(dry.purged.esr_rows, 1);
    assert.equal(dry.valuesRemoved.esr_change_sets, 7);
    assert.equal(dry.valuesRemoved.esr_audit, 1);
    assert.deepEqual(found(await databaseText()), found(beforeText));
    assert.equal(await databaseText(), beforeText);
    assert.equal(found(filesText()).length, Object.keys(VALUES).length);
  });

  test('the purge leaves none of the values in MongoDB, the files or the retention history', async () => {
    assert.ok(found(await databaseText()).length > 0, 'the values are there before');
    const result = await retention(false);
    assert.equal(result.dryRun, false);
    // Stuck change sets were raised (ids only) before their values went.
    assert.deepEqual(result.stuckChangeSets, ['cs-APPLIED', 'cs-COMPENSATION_FAILED', 'cs-PREPARED']);
    assert.deepEqual(found(await databaseText()), []);
    assert.deepEqual(found(filesText()), []);
    // What is kept says who did what, when: the audit entry and the decision stay, without their values.
    const audit = await env.store.audit.findOne({ changeSetId: 'cs-NOTIFIED' });
    assert.deepEqual(
      [audit?.field, audit?.action, audit?.before, audit?.after],
      ['contactDetails.mobileNumber', 'APPLIED', undefined, undefined],
    );
    const decision = await env.store.operatorActions.findOne({ action: 'APPROVE_FILE' });
    assert.deepEqual([decision?.by, decision?.reason], ['os:operator', 'note:NOTE#1']);
    assert.equal(await env.store.operatorNotes.countDocuments({}), 0);
    const cs = await env.store.changeSets.findOne({ _id: 'cs-APPLIED' });
    assert.deepEqual(
      cs?.changes.map((c) => c.path),
      ['contactDetails.mobileNumber', 'personalDetails.nationalInsuranceNumber'],
    );
    assert.equal(cs?.status, 'APPLIED');
    assert.equal(await env.store.outbox.countDocuments({ _id: 'evt-pending' }), 1, 'a pending event is still sent');

    // Temporal: the retention runs' histories, as the server stores them (no codec), hold counts and ids only.
    const connection = await Connection.connect({ address: env.config.TEMPORAL_ADDRESS });
    try {
      const raw = new Client({ connection, namespace: env.config.TEMPORAL_NAMESPACE });
      let histories = 0;
      for await (const wf of raw.workflow.list({
        query: `WorkflowType = "esrRetention" AND TaskQueue = "${env.config.TEMPORAL_TASK_QUEUE}"`,
      })) {
        const history = await raw.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
        assert.deepEqual(found(JSON.stringify(history)), [], wf.workflowId);
        histories += 1;
      }
      assert.ok(histories >= 1, 'read the retention histories');
    } finally {
      await connection.close();
    }

    const again = await retention(false);
    assert.deepEqual(
      [again.deletedFiles, again.deletedReports, again.deletedLogs, again.changeSetsTrimmed],
      [0, 0, 0, 0],
      'a second run finds nothing more to do',
    );
  });
});
