/**
 * `npm run resync` as an operator runs it: the real script in its own process, against the harness's Temporal and
 * database, with this test's worker doing the work. Outcomes, exit codes and output, and two resyncs of one
 * trainee at once never applying twice.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { runDaily } from '../../cli/run-daily';
import { resyncRunId } from '../../src/workflow-ids';
import { runCli } from '../support/cli-process';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { post, tisPerson } from '../support/tis-person';

const DATE = '2026-09-07';
const RGT_POST = 'EOE/RGT00/IMT/CT1/001';

interface ResyncJson {
  workflowId: string;
  personId: string | null;
  esrPersonId: string;
  outcome: string;
  reason?: string;
  changedFields: string[];
  changes: { field: string; before: string | null; after: string }[];
}

describe('resync one trainee (npm run resync)', () => {
  let env: PipelineEnv;
  const resync = (...args: string[]) => runCli('resync.ts', args, env.config);

  before(async () => {
    env = await startPipelineEnv('resync');
    await env.store.posts.insertOne(post(RGT_POST));
    await env.store.people.insertMany([
      tisPerson({ _id: 'tis-2002', identifiers: { gmcNumber: '7002002' } }),
      tisPerson({ _id: 'tis-2003a', identifiers: { gmcNumber: '7002003' } }),
      tisPerson({ _id: 'tis-2003b', identifiers: { gmcNumber: '7002003' } }),
    ]);
    const row = (id: string, over: Parameters<typeof baseRow>[0] = {}) =>
      perLine(baseRow({ esrPersonId: id, gmcNumber: `700${id}`, nino: '', ...over }));
    const lines = [
      row('2001', { mobilePhone: '07700 900201' }), // no TIS person yet: HELD NO_MATCH, then resynced once TIS has them
      row('2002'), // identical: NO_CHANGE
      row('2003'), // two TIS people with its GMC number: HELD AMBIGUOUS_MATCH
      row('2004', { mobilePhone: '07700 900204' }), // as 2001, for the concurrent resyncs
      row('2005', { mobilePhone: '07700 900205' }), // as 2001, resynced with --reveal
    ];
    fs.writeFileSync(
      path.join(env.inboxDir, extractName('EOE', DATE)),
      extractText({ office: 'EOE', date: DATE, lines }),
    );
    const { result } = await runDaily(env.client, env.config, { extractDate: DATE });
    assert.deepEqual(result.counts.total, { UPDATED: 0, NO_CHANGE: 1, SKIPPED: 0, HELD: 4, COMPENSATED: 0, FAILED: 0 });
    // TIS staff add the missing trainees after the run.
    await env.store.people.insertMany([
      tisPerson({ _id: 'tis-2001', identifiers: { gmcNumber: '7002001' } }),
      tisPerson({ _id: 'tis-2004', identifiers: { gmcNumber: '7002004' } }),
      tisPerson({ _id: 'tis-2005', identifiers: { gmcNumber: '7002005' } }),
    ]);
  });

  after(async () => env?.close());

  test('an updated trainee: exit 0, the changed field, values masked, one version bump', async () => {
    const run = await resync('2001', '--json');
    assert.equal(run.code, 0, run.stderr);
    const out = run.json<ResyncJson>();
    assert.equal(out.workflowId, resyncRunId('2001'));
    assert.equal(out.personId, 'tis-2001');
    assert.equal(out.outcome, 'UPDATED');
    assert.deepEqual(out.changedFields, ['contactDetails.mobileNumber']);
    assert.deepEqual(out.changes, [{ field: 'contactDetails.mobileNumber', before: '•••', after: '•••' }]);
    assert.ok(!run.stdout.includes('900201'), 'no personal value in the output');
    const person = await env.store.people.findOne({ _id: 'tis-2001' });
    assert.equal(person?.version, 2);
    assert.equal(person?.contactDetails.mobileNumber, '+447700900201');
    assert.equal((await env.store.outcomes.findOne({ _id: `${DATE}#2001` }))?.outcome, 'UPDATED');
    assert.equal(env.receiver.events.filter((e) => e.personId === 'tis-2001').length, 1);
  });

  test('--reveal shows the values to an authorised operator, says so on stderr, and is audited', async () => {
    const run = await resync('2005', '--json', '--reveal');
    assert.equal(run.code, 0, run.stderr);
    const out = run.json<ResyncJson>();
    assert.deepEqual(out.changes, [
      { field: 'contactDetails.mobileNumber', before: '+447700900123', after: '+447700900205' },
    ]);
    assert.match(run.stderr, /--reveal: personal values shown unmasked to \S+; recorded in the operator audit/);
    const audit = await env.store.operatorActions.find({ action: 'REVEAL', esrPersonId: '2005' }).toArray();
    assert.deepEqual(
      audit.map((a) => [a.tisPersonId, a.workflowId, a.by]),
      [['tis-2005', resyncRunId('2005'), `os:${os.userInfo().username}`]],
    );
  });

  test('a trainee with no change, found by TIS person id: exit 0, nothing written', async () => {
    const run = await resync('tis-2002', '--json');
    assert.equal(run.code, 0, run.stderr);
    const out = run.json<ResyncJson>();
    assert.deepEqual(
      [out.outcome, out.personId, out.esrPersonId, out.changedFields],
      ['NO_CHANGE', 'tis-2002', '2002', []],
    );
    assert.equal((await env.store.people.findOne({ _id: 'tis-2002' }))?.version, 1);
  });

  test('the text output says the outcome in words', async () => {
    const run = await resync('2002');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ESR person 2002 \(TIS tis-2002\), extract 2026-09-07: NO_CHANGE/);
    assert.ok(
      run.stdout.includes(`/namespaces/${env.config.TEMPORAL_NAMESPACE}/workflows/esr-resync%2F2002`),
      run.stdout,
    );
  });

  test('a held trainee, found by GMC number: exit 1 with the reason', async () => {
    const run = await resync('7002003', '--json');
    assert.equal(run.code, 1, run.stderr);
    const out = run.json<ResyncJson>();
    assert.deepEqual(
      [out.outcome, out.reason, out.esrPersonId, out.personId],
      ['HELD', 'AMBIGUOUS_MATCH', '2003', null],
    );
    for (const id of ['tis-2003a', 'tis-2003b'])
      assert.equal((await env.store.people.findOne({ _id: id }))?.identifiers.esrPersonId, undefined);
  });

  test('an id matching nothing is a clear error, non-zero, nothing on stdout', async () => {
    const run = await resync('nobody-here', '--json');
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /no trainee found for "nobody-here"/);
    const digits = await resync('9999991');
    assert.equal(digits.code, 2);
    assert.match(digits.stderr, /no trainee found/);
  });

  test('two resyncs of one trainee at once: the second is refused, one change set is applied', async () => {
    // The receiver holds the first resync's delivery until the second has been refused: they surely overlap.
    const held = env.receiver.hold((e) => e.personId === 'tis-2004');
    const first = resync('2004', '--json');
    await held.arrived;
    assert.equal(
      (await env.client.workflow.getHandle(resyncRunId('2004')).describe()).status.name,
      'RUNNING',
      'the first resync is in flight',
    );
    const second = await resync('tis-2004', '--json');
    held.release();
    const one = await first;
    assert.equal(second.code, 3, second.stderr);
    assert.equal(second.stdout, '');
    assert.match(second.stderr, /already running \(esr-resync\/2004\)/);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(one.json<ResyncJson>().outcome, 'UPDATED');

    const person = await env.store.people.findOne({ _id: 'tis-2004' });
    assert.equal(person?.version, 2);
    const applied = await env.store.changeSets
      .find({ personId: 'tis-2004', status: { $in: ['APPLIED', 'NOTIFIED'] } })
      .toArray();
    assert.equal(applied.length, 1);
    const audit = await env.store.audit.find({ personId: 'tis-2004' }).toArray();
    assert.deepEqual(
      audit.map((a) => [a.field, a.action, a.changeSetId]),
      [['contactDetails.mobileNumber', 'APPLIED', applied[0]._id]],
    );
    assert.equal(env.receiver.events.filter((e) => e.personId === 'tis-2004').length, 1);

    // Once it has ended, the same trainee can be resynced again, and nothing changes.
    const again = await resync('2004', '--json');
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.json<ResyncJson>().outcome, 'NO_CHANGE');
    assert.equal((await env.store.people.findOne({ _id: 'tis-2004' }))?.version, 2);
  });
});
