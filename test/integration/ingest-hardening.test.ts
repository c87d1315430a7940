/**
 * A bad file cannot stop the day: a file that is not UTF-8 is rejected on its own (BAD_ENCODING) while the day's
 * other file is applied; a file still being written (modified too recently) is left for a re-run; rows staged by an
 * earlier, interrupted attempt at a file are cleared before it is staged again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runDaily } from '../../cli/run-daily';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { post, tisPerson } from '../support/tis-person';

const POST = 'EOE/RGT00/IMT/CT1/001';

describe('ingest that a bad file cannot stop', () => {
  let env: PipelineEnv;
  before(async () => {
    env = await startPipelineEnv('ingest');
    await env.store.posts.insertOne(post(POST));
    await env.store.people.insertMany([
      tisPerson({ _id: 'tis-9001', identifiers: { gmcNumber: '7009001' } }),
      tisPerson({ _id: 'tis-9002', identifiers: { gmcNumber: '7009002' } }),
    ]);
  });
  after(async () => env?.close());

  const row = (id: string) => perLine(baseRow({ esrPersonId: id, gmcNumber: `700${id}`, mobilePhone: '07700 900999' }));

  test('a file that is not UTF-8 is rejected alone; the other file of the day is applied', async () => {
    const date = '2026-12-20';
    const good = extractName('EOE', date, 1);
    const bad = extractName('EOE', date, 2);
    fs.writeFileSync(path.join(env.inboxDir, good), extractText({ office: 'EOE', date, seq: 1, lines: [row('9001')] }));
    const bytes = Buffer.from(extractText({ office: 'EOE', date, seq: 2, lines: [row('9002')] }), 'utf8');
    bytes[bytes.indexOf('Example')] = 0xe9;
    fs.writeFileSync(path.join(env.inboxDir, bad), bytes);
    const { result } = await runDaily(env.client, env.config, { extractDate: date });
    assert.deepEqual(
      result.files.map((f) => [f.name, f.status]),
      [
        [good, 'APPLIED'],
        [bad, 'REJECTED'],
      ],
    );
    assert.equal((await env.store.files.findOne({ name: bad }))?.reasonCode, 'BAD_ENCODING');
    assert.equal(result.counts.total.UPDATED, 1);
    assert.equal(await env.store.rows.countDocuments({ file: bad }), 0, 'nothing of the bad file is staged');
  });

  test('a file still changing past the wait is listed REJECTED, not read; a re-run reads it; stale staged rows are cleared first', async () => {
    const date = '2026-12-21';
    const name = extractName('EOE', date);
    const file = path.join(env.inboxDir, name);
    fs.writeFileSync(file, extractText({ office: 'EOE', date, lines: [row('9002')] }));
    // Still being copied in, as far as the run can tell: modified after the run looks (ESR_FILE_MIN_AGE_MS is 0 here).
    const future = new Date(Date.now() + 3_600_000);
    fs.utimesSync(file, future, future);
    // Rows an interrupted attempt staged, never accepted, under the same name.
    await env.store.rows.insertOne({
      _id: `${name}#99`,
      file: name,
      line: 99,
      extractDate: date,
      trust: 'RGT',
      esrPersonId: '9002',
      row: baseRow({ esrPersonId: '9002' }),
      fileSeq: 1,
      fileGeneratedAt: `${date}T02:00:00+00:00`,
      accepted: false,
    });
    // The run waits for it on a durable timer (2 s here, 30 minutes by default), then lists it: never silently left out.
    const first = await runDaily(env.client, env.config, { extractDate: date, fileSettleMaxMs: 2_000 });
    assert.deepEqual(
      first.result.files.map((f) => [f.name, f.status]),
      [[name, 'REJECTED']],
    );
    assert.match(first.result.files[0].reason ?? '', /still being written after 2s, so not read; run the date again/);
    assert.equal(first.result.trainees, 0);
    assert.equal(await env.store.files.countDocuments({ name }), 0, 'not recorded, so a re-run reads it');

    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(file, past, past);
    const again = await runDaily(env.client, env.config, { extractDate: date });
    assert.deepEqual(
      again.result.files.map((f) => [f.name, f.status]),
      [[name, 'APPLIED']],
    );
    assert.equal(again.result.counts.total.UPDATED, 1);
    assert.equal(await env.store.rows.countDocuments({ _id: `${name}#99` }), 0, 'the stale row is gone');
  });
});
