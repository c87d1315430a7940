/**
 * Retention on the harness's real servers: the esrRetention workflow, as its Schedule starts it, archives processed
 * inbox files, deletes what is past RETENTION_DAYS (files, staged rows, row errors, findings, candidates) by query,
 * and trims finished change sets to their changed paths; recent data and unfinished change sets are left alone.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addDays, calendarDate } from '../../src/london-date';
import { RETENTION_SCHEDULE_ID } from '../../src/workflow-ids';
import type { ChangeSetDoc, EsrFileDoc } from '../../store/documents';
import { ensureRetentionSchedule } from '../../cli/retention-schedule';
import { baseRow, extractName } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { tisPerson } from '../support/tis-person';

const TODAY = calendarDate(new Date());
const OLD = addDays(TODAY, -40); // past RETENTION_DAYS=30
const RECENT = addDays(TODAY, -2);

describe('retention (esrRetention)', () => {
  let env: PipelineEnv;
  let archiveDir: string;
  before(async () => {
    archiveDir = path.join(
      fs.mkdtempSync(path.join(process.env.ESR_TEST_DATA_DIR ?? os.tmpdir(), 'archive-')),
      'archive',
    );
    env = await startPipelineEnv('retention', { RETENTION_DAYS: '30', ESR_ARCHIVE_DIR: archiveDir });
    const file = (date: string) => extractName('EOE', date);
    for (const date of [OLD, RECENT, TODAY]) fs.writeFileSync(path.join(env.inboxDir, file(date)), 'HDR|...\n');
    fs.writeFileSync(path.join(env.inboxDir, extractName('KSS', OLD)), 'never processed\n');
    fs.mkdirSync(archiveDir, { recursive: true });
    fs.writeFileSync(path.join(archiveDir, extractName('LDN', OLD)), 'archived long ago\n');
    const fileDoc = (date: string): EsrFileDoc => ({
      _id: `${file(date)}#x`,
      name: file(date),
      sha256: 'x',
      extractDate: date,
      status: 'ACCEPTED',
      dataLines: 1,
      rowsRead: 1,
      rowErrors: 0,
      trusts: ['RGT'],
      recordedAt: new Date().toISOString(),
      workflowId: 'w',
    });
    await env.store.files.insertMany([fileDoc(OLD), fileDoc(RECENT), fileDoc(TODAY)]);
    for (const date of [OLD, RECENT]) {
      const id = `${file(date)}#2`;
      await env.store.rows.insertOne({
        _id: id,
        file: file(date),
        line: 2,
        extractDate: date,
        trust: 'RGT',
        esrPersonId: '9001',
        row: baseRow({ esrPersonId: '9001' }),
        fileSeq: 1,
        fileGeneratedAt: `${date}T02:00:00Z`,
        accepted: true,
      });
      await env.store.personRows.insertOne({
        _id: `${date}#9001`,
        extractDate: date,
        esrPersonId: '9001',
        rowIds: [id],
      });
      await env.store.rowErrors.insertOne({
        _id: `${file(date)}#3`,
        file: file(date),
        line: 3,
        code: 'X',
        reason: 'r',
        extractDate: date,
        text: 'PER|raw',
      });
      await env.store.matchCandidates.insertOne({
        _id: id,
        extractDate: date,
        linked: [],
        registration: [],
        ninoDob: [],
      });
    }
    const person = tisPerson({ _id: 'tis-9001' });
    const changeSet = (id: string, status: ChangeSetDoc['status'], preparedAt: string): ChangeSetDoc => ({
      _id: id,
      personId: 'tis-9001',
      esrPersonId: '9001',
      extractDate: OLD,
      rowRef: { file: file(OLD), line: 2 },
      esrLastUpdated: `${OLD}T01:00:00Z`,
      baseVersion: 1,
      before: person,
      after: { ...person, version: 2 },
      changes: [{ path: 'contactDetails.mobileNumber', before: '+447700900123', after: '+447700900999' }],
      status,
      workflowId: 'w',
      preparedAt,
    });
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
    await env.store.changeSets.insertMany([
      changeSet('cs-notified', 'NOTIFIED', weekAgo),
      changeSet('cs-applied', 'APPLIED', weekAgo), // its notification is still owed: kept whole
      changeSet('cs-fresh', 'NOTIFIED', new Date().toISOString()), // a retry may still read it: kept a day
    ]);
  });
  after(async () => env?.close());

  test('the nightly Schedule starts esrRetention on the task queue', async () => {
    await ensureRetentionSchedule(env.client, env.config);
    const d = await env.client.schedule.getHandle(RETENTION_SCHEDULE_ID).describe();
    assert.equal(d.action.type === 'startWorkflow' && d.action.workflowType, 'esrRetention');
    assert.equal(d.action.type === 'startWorkflow' && d.action.taskQueue, env.config.TEMPORAL_TASK_QUEUE);
    assert.equal(d.policies.overlap, 'SKIP');
  });

  test('a run archives, purges and trims, and a second run finds nothing more to do', async () => {
    const run = () =>
      env.client.workflow.execute('esrRetention', {
        workflowId: `esr-retention-test-${Date.now()}`,
        taskQueue: env.config.TEMPORAL_TASK_QUEUE,
        args: [{}],
      });
    const first = await run();
    assert.equal(first.purgeBefore, addDays(TODAY, -30));
    // The inbox keeps today's file (its run may be to come); yesterday's processed file is archived; the old
    // processed one was archived then deleted with the old unprocessed one and the long-archived one.
    assert.deepEqual(fs.readdirSync(env.inboxDir), [extractName('EOE', TODAY)]);
    assert.deepEqual(fs.readdirSync(archiveDir), [extractName('EOE', RECENT)]);
    for (const c of [env.store.rows, env.store.personRows, env.store.rowErrors, env.store.matchCandidates]) {
      const dates = (await (c as typeof env.store.rows).find({}).toArray()).map((d) => d.extractDate);
      assert.deepEqual(dates, [RECENT], c.collectionName);
    }
    const cs = await env.store.changeSets.find({}).sort({ _id: 1 }).toArray();
    assert.deepEqual(
      cs.map((c) => [c._id, c.before !== undefined, c.after !== undefined, c.afterVersion]),
      [
        ['cs-applied', true, true, undefined],
        ['cs-fresh', true, true, undefined],
        ['cs-notified', false, false, 2],
      ],
    );
    assert.deepEqual(cs[2].changes, [
      { path: 'contactDetails.mobileNumber', before: '+447700900123', after: '+447700900999' },
    ]);
    const second = await run();
    assert.deepEqual(
      [
        second.archivedFiles,
        second.deletedFiles,
        second.changeSetsTrimmed,
        Object.values(second.purged).every((n) => n === 0),
      ],
      [0, 0, 0, true],
    );
  });
});
