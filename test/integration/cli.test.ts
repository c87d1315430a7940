/**
 * `npm run esr -- <command>` as an operator runs it: each sub-command in its own process against the harness's
 * real Temporal and database, this test's worker doing the work, and its JSON output checked.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DAILY_SCHEDULE_ID, dailyRunId, resyncRunId } from '../../src/workflow-ids';
import { esrProgram } from '../../cli/esr-program';
import { readOperatorNote } from '../../store/operator-notes';
import { runCli } from '../support/cli-process';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';
import { post, tisPerson } from '../support/tis-person';

const DATE = '2026-09-14';
const RGT_POST = 'EOE/RGT00/IMT/CT1/001';
const RGN_POST = 'EOE/RGN00/GIM/ST3/002';
const placement = (nationalPostNumber: string) => [
  { nationalPostNumber, startDate: '2026-08-05', endDate: '2027-08-04' },
];

type Counts = Record<'UPDATED' | 'NO_CHANGE' | 'SKIPPED' | 'HELD' | 'COMPENSATED' | 'FAILED', number>;
interface RunJson {
  workflowId: string;
  date: string;
  counts: Counts;
  files: { name: string; status: string; rows: number; reason?: string }[];
}
interface HeldJson {
  held: { extractDate: string; esrPersonId: string; trust: string; reason: string; tisPersonId?: string }[];
}

describe('operator CLI (npm run esr)', () => {
  let env: PipelineEnv;
  let outDir: string;
  const esr = (...args: string[]) => runCli('esr.ts', args, env.config);

  before(async () => {
    env = await startPipelineEnv('cli');
    outDir = fs.mkdtempSync(path.join(process.env.ESR_TEST_DATA_DIR ?? os.tmpdir(), 'cli-report-'));
    await env.store.posts.insertMany([post(RGT_POST), post(RGN_POST, 'CURRENT', 'RGN')]);
    await env.store.people.insertMany([
      // 3001: not findable by matching (no GMC, no NINO in ESR): HELD NO_MATCH until an operator links it.
      tisPerson({ _id: 'tis-3001', identifiers: {} }),
      tisPerson({ _id: 'tis-3002', identifiers: { gmcNumber: '7003002' } }),
      tisPerson({ _id: 'tis-3003', identifiers: { gmcNumber: '7003003' } }),
      tisPerson({ _id: 'tis-3005', identifiers: { gmcNumber: '7003005' } }),
      tisPerson({ _id: 'tis-3006a', identifiers: { gmcNumber: '7003006' }, placements: placement(RGN_POST) }),
      tisPerson({ _id: 'tis-3006b', identifiers: { gmcNumber: '7003006' }, placements: placement(RGN_POST) }),
      tisPerson({ _id: 'tis-3009', identifiers: {} }),
    ]);
    const row = (id: string, over: Parameters<typeof baseRow>[0] = {}) =>
      perLine(baseRow({ esrPersonId: id, gmcNumber: `700${id}`, nino: '', ...over }));
    const day = (date: string, lines: string[], seq = 1, trailerCount?: number) =>
      fs.writeFileSync(
        path.join(env.inboxDir, extractName('EOE', date, seq)),
        extractText({ office: 'EOE', date, seq, lines, trailerCount }),
      );
    day(DATE, [
      row('3001', { gmcNumber: '', mobilePhone: '07700 900301' }),
      row('3002', { mobilePhone: '07700 900302' }),
      row('3003'),
      row('3004', { employerRole: 'HOST' }),
      row('3005', { postcode: 'ZZ99 ZZZ9' }),
      row('3006', { employingTrust: 'RGN', deaneryPostNumber: RGN_POST }),
      'PER|RGT|3007|too|few|fields',
    ]);
    // A truncated second file: rejected whole.
    day(DATE, [row('3002', { mobilePhone: '07700 900399' })], 2, 5);
    day('2026-09-15', [row('3003', { lastUpdated: '2026-09-14T10:00:00+00:00' })]);
  });

  after(async () => {
    await env?.client.schedule
      .getHandle(DAILY_SCHEDULE_ID)
      .delete()
      .catch(() => undefined);
    await env?.close();
  });

  test('every sub-command has --help', async () => {
    const commands = [
      [],
      ['run'],
      ['backfill'],
      ['status'],
      ['check'],
      ['approve'],
      ['reject'],
      ['cancel'],
      ['schedule'],
      ['schedule', 'pause'],
      ['report'],
      ['held'],
      ['link'],
      ['unlink'],
      ['retention'],
    ];
    // Each help as commander prints it, in this process; then --help itself, as an operator runs it, in two.
    for (const command of commands) {
      let found = esrProgram();
      for (const name of command) found = found.commands.find((c) => c.name() === name) ?? assert.fail(name);
      assert.match(found.helpInformation(), new RegExp(`^Usage: esr ${command.join(' ')}`), command.join(' '));
    }
    const runs = await Promise.all([esr('--help'), esr('schedule', 'pause', '--help')]);
    for (const [k, run] of runs.entries()) {
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, k === 0 ? /^Usage: esr \[options\] \[command\]/ : /^Usage: esr schedule pause/);
    }
  });

  test('run: the operating contract JSON, exit 0', async () => {
    const run = await esr('run', '--date', DATE, '--json');
    assert.equal(run.code, 0, run.stderr);
    const out = run.json<RunJson>();
    assert.deepEqual(Object.keys(out), ['workflowId', 'date', 'counts', 'files']);
    assert.equal(out.workflowId, dailyRunId(DATE));
    assert.equal(out.date, DATE);
    assert.deepEqual(out.counts, { UPDATED: 1, NO_CHANGE: 2, SKIPPED: 1, HELD: 2, COMPENSATED: 0, FAILED: 0 });
    assert.deepEqual(out.files[0], { name: extractName('EOE', DATE, 1), status: 'APPLIED', rows: 6 });
    assert.deepEqual(Object.keys(out.files[1]), ['name', 'status', 'rows', 'reason']);
    assert.equal(out.files[1].name, extractName('EOE', DATE, 2));
    assert.equal(out.files[1].status, 'REJECTED');
    assert.match(out.files[1].reason ?? '', /trailer|TRL/i);
    assert.equal((await env.store.people.findOne({ _id: 'tis-3002' }))?.contactDetails.mobileNumber, '+447700900302');
  });

  test('run: a bad date or an unreachable Temporal is a clear error, non-zero', async () => {
    const bad = await esr('run', '--date', '2026-02-30', '--json');
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /"2026-02-30" is not a date/);
    const down = await runCli('esr.ts', ['run', '--date', DATE, '--json'], {
      ...env.config,
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    });
    assert.notEqual(down.code, 0);
    assert.equal(down.stdout, '');
    assert.match(down.stderr, /cannot reach Temporal/);
  });

  test('status: counts per trust and outcome of a finished run', async () => {
    for (const args of [['--once'], []]) {
      const run = await esr('status', '--date', DATE, ...args, '--json');
      assert.equal(run.code, 0, run.stderr);
      const out = run.json<{
        workflowId: string;
        status: string;
        done: boolean;
        trainees: number;
        counts: { total: Counts; byTrust: Record<string, Counts>; byReason: Record<string, number> };
        files: { name: string; status: string; rows: number; rowErrors: number; reason?: string }[];
      }>();
      assert.deepEqual(
        out.files.map((f) => [f.name, f.status, f.rows, f.rowErrors]),
        [
          [extractName('EOE', DATE, 1), 'APPLIED', 6, 1],
          [extractName('EOE', DATE, 2), 'REJECTED', 1, 0],
        ],
      );
      assert.match(out.files[1].reason ?? '', /\w/);
      assert.deepEqual([out.workflowId, out.status, out.done, out.trainees], [dailyRunId(DATE), 'COMPLETED', true, 6]);
      assert.deepEqual(out.counts.byTrust.RGT, {
        UPDATED: 1,
        NO_CHANGE: 2,
        SKIPPED: 1,
        HELD: 1,
        COMPENSATED: 0,
        FAILED: 0,
      });
      assert.deepEqual(out.counts.byTrust.RGN, {
        UPDATED: 0,
        NO_CHANGE: 0,
        SKIPPED: 0,
        HELD: 1,
        COMPENSATED: 0,
        FAILED: 0,
      });
      assert.equal(out.counts.byReason['SKIPPED:HOST_RECORD'], 1);
    }
    const text = await esr('status', '--workflow-id', dailyRunId(DATE), '--once');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^esr-daily\/2026-09-14: COMPLETED, 6 trainees done/);
    assert.match(text.stdout, /\nRGT\s+1\s+2\s+1\s+1\s+0\s+0\n/);
    assert.match(text.stdout, /\n {2}\S+: REJECTED, 1 rows read, 0 unreadable lines \(.+\)/);
    const none = await esr('status', '--date', '2027-01-01', '--once');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no workflow esr-daily\/2027-01-01/);
  });

  test('held: trainees held for review with their reasons, by date and trust', async () => {
    const run = await esr('held', '--date', DATE, '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      run.json<HeldJson>().held.map((h) => [h.esrPersonId, h.trust, h.reason]),
      [
        ['3006', 'RGN', 'AMBIGUOUS_MATCH'],
        ['3001', 'RGT', 'NO_MATCH'],
      ],
    );
    const rgn = await esr('held', '--trust', 'rgn', '--json');
    assert.deepEqual(
      rgn.json<HeldJson>().held.map((h) => h.esrPersonId),
      ['3006'],
    );
    const text = await esr('held', '--date', DATE);
    assert.match(text.stdout, /2026-09-14\s+RGT\s+3001\s+NO_MATCH/);
  });

  test("report: the trust's CSV and HTML, with problems but no personal values", async () => {
    const run = await esr('report', '--trust', 'RGT', '--date', DATE, '--out', outDir, '--json');
    assert.equal(run.code, 0, run.stderr);
    const out = run.json<Record<string, unknown>>();
    assert.deepEqual(
      [out.trust, out.date, out.files, out.rowsRead, out.eligible, out.skipped, out.findings, out.rowErrors, out.held],
      ['RGT', DATE, [extractName('EOE', DATE, 1)], 5, 4, { HOST_RECORD: 1 }, 1, 1, 1],
    );
    const csv = fs.readFileSync(out.csv as string, 'utf8');
    const html = fs.readFileSync(out.html as string, 'utf8');
    assert.equal(path.dirname(out.csv as string), outDir);
    assert.deepEqual(csv.trim().split('\n'), [
      'file,line,esrPersonId,field,rule',
      `${extractName('EOE', DATE, 1)},6,3005,postcode,POSTCODE_INVALID`,
      `${extractName('EOE', DATE, 1)},8,3007,,FIELD_COUNT`,
    ]);
    assert.match(html, /ESR data quality: RGT, 2026-09-14/);
    for (const value of ['ZZ99', '900302', '1 Test Street', '1995-04-12'])
      assert.ok(!html.includes(value) && !csv.includes(value), `${value} in the report`);
    const none = await esr('report', '--trust', 'RXX', '--date', DATE, '--out', outDir);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no accepted extract file holds trust RXX/);
  });

  test('link: records the link without a version bump, resyncs, and refuses to relink', async () => {
    const run = await esr('link', '3001', 'tis-3001', '--json');
    assert.equal(run.code, 0, run.stderr);
    const out = run.json<Record<string, unknown>>();
    assert.deepEqual(
      [out.link, out.workflowId, out.personId, out.outcome, out.changedFields],
      ['LINKED', resyncRunId('3001'), 'tis-3001', 'UPDATED', ['contactDetails.mobileNumber']],
    );
    const person = await env.store.people.findOne({ _id: 'tis-3001' });
    assert.equal(person?.identifiers.esrPersonId, '3001');
    assert.equal(person?.version, 2, 'one bump, for the update; none for the link');
    assert.equal((await env.store.links.findOne({ _id: '3001' }))?.personId, 'tis-3001');

    const refusals: [string[], RegExp][] = [
      [['3002', 'tis-3001'], /TIS person tis-3001 is already linked to ESR person 3001/],
      [['3001', 'tis-3009'], /ESR person 3001 is already linked to TIS person tis-3001/],
      [['3004', 'tis-3003'], /TIS person tis-3003 is already linked to ESR person 3003/],
      [['9999999', 'tis-3009'], /no trainee found for "9999999"|no ESR data for ESR person 9999999/],
      [['3004', 'tis-nobody'], /no TIS person tis-nobody/],
    ];
    for (const [args, message] of refusals) {
      const refused = await esr('link', ...args, '--json');
      assert.equal(refused.code, 2, args.join(' '));
      assert.equal(refused.stdout, '');
      assert.match(refused.stderr, message);
    }
    assert.equal((await env.store.people.findOne({ _id: 'tis-3009' }))?.identifiers.esrPersonId, undefined);

    const held = await esr('held', '--date', DATE, '--json');
    assert.deepEqual(
      held.json<HeldJson>().held.map((h) => h.esrPersonId),
      ['3006'],
    );
  });

  test('unlink: removes a wrong link, audited, refused while the trainee runs; link moves it only after', async () => {
    // A resync on a queue no worker polls stays running: the trainee is busy.
    const busy = await env.client.workflow.start('esrTrainee', {
      workflowId: resyncRunId('3001'),
      taskQueue: `${env.config.TEMPORAL_TASK_QUEUE}-unpolled`,
      args: [{ extractDate: DATE, esrPersonId: '3001', kind: 'RESYNC' }],
    });
    try {
      const refused = await esr('unlink', '3001');
      assert.equal(refused.code, 3, refused.stderr);
      assert.match(refused.stderr, /ESR person 3001 has a workflow running \(esr-resync\/3001\)/);
    } finally {
      await busy.terminate('test over');
    }
    assert.equal((await env.store.links.findOne({ _id: '3001' }))?.personId, 'tis-3001', 'still linked');

    const run = await esr('unlink', '3001', '--reason', 'INC456: linked to the wrong person', '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.json().unlinkedFrom, ['tis-3001']);
    const person = await env.store.people.findOne({ _id: 'tis-3001' });
    assert.deepEqual([person?.identifiers.esrPersonId, person?.version], [undefined, 2]);
    assert.equal(await env.store.links.findOne({ _id: '3001' }), null);
    const audit = await env.store.operatorActions.findOne({ action: 'UNLINK', esrPersonId: '3001' });
    // The reason is an operator note (purged with retention), the audit keeps its reference and who: this account.
    assert.match(audit?.reason ?? '', /^note:NOTE#/);
    assert.deepEqual(
      [audit?.tisPersonId, await readOperatorNote(env.store, audit?.reason), audit?.by],
      ['tis-3001', 'INC456: linked to the wrong person', `os:${os.userInfo().username}`],
    );
    assert.ok(audit?.at);

    const moved = await esr('link', '3001', 'tis-3009', '--json');
    assert.equal(moved.code, 0, moved.stderr);
    assert.deepEqual([moved.json().link, moved.json().personId], ['LINKED', 'tis-3009']);
    const none = await esr('unlink', '3004');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /ESR person 3004 is not linked to any TIS person/);
  });

  test('backfill: each date its own run, a date without files included', async () => {
    const run = await esr('backfill', '--from', '2026-09-15', '--to', '2026-09-16', '--concurrency', '2', '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '', 'no progress bar with --json');
    const out = run.json<{ from: string; to: string; runs: RunJson[] }>();
    assert.deepEqual(
      out.runs.map((r) => [r.workflowId, r.date, r.counts.NO_CHANGE, r.files.map((f) => f.status)]),
      [
        [dailyRunId('2026-09-15'), '2026-09-15', 1, ['APPLIED']],
        [dailyRunId('2026-09-16'), '2026-09-16', 0, []],
      ],
    );
    const backwards = await esr('backfill', '--from', '2026-09-16', '--to', '2026-09-15');
    assert.equal(backwards.code, 2);
    assert.match(backwards.stderr, /--to 2026-09-15 is before --from 2026-09-16/);
  });

  test('check: exit 0 for a day that needs nobody, 3 saying what for one that does', async () => {
    const [clean, day, never] = await Promise.all([
      esr('check', '--date', '2026-09-15'),
      esr('check', '--date', DATE, '--json'),
      esr('check', '--date', '2027-01-01', '--json'),
    ]);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /^2026-09-15: nothing needs an operator \(run COMPLETED\)/);
    assert.equal(day.code, 3, day.stderr);
    const needs = day.json<{ needs: { kind: string; subject: string }[] }>().needs;
    assert.deepEqual(
      needs.map((n) => [n.kind, n.subject]),
      [
        ['FILE_REJECTED', extractName('EOE', DATE, 2)],
        ['TRAINEES_HELD', '3006'],
      ],
    );
    assert.equal(never.code, 3);
    assert.deepEqual(
      never.json<{ needs: { kind: string }[] }>().needs.map((n) => n.kind),
      ['NO_RUN'],
    );
  });

  test('cancel: signals a running run; a finished one is refused', async () => {
    // A run on a queue no worker polls stays running, so the signal's arrival can be checked in its history.
    const date = '2026-09-30';
    const handle = await env.client.workflow.start('esrDailyRun', {
      workflowId: dailyRunId(date),
      taskQueue: `${env.config.TEMPORAL_TASK_QUEUE}-unpolled`,
      args: [{ extractDate: date }],
    });
    try {
      const run = await esr('cancel', '--date', date, '--reason', 'inbox incomplete', '--json');
      assert.equal(run.code, 0, run.stderr);
      const out = run.json<{ reasonRef: string }>();
      assert.match(out.reasonRef, /^note:NOTE#/);
      assert.deepEqual(out, {
        workflowId: dailyRunId(date),
        signalled: true,
        reason: 'inbox incomplete',
        reasonRef: out.reasonRef,
      });
      const history = await handle.fetchHistory();
      const signals = (history.events ?? []).flatMap((e) =>
        e.workflowExecutionSignaledEventAttributes ? [e.workflowExecutionSignaledEventAttributes] : [],
      );
      assert.deepEqual(
        signals.map((s) => s.signalName),
        ['cancelRun'],
      );
      // The run is given a reference; the text stays in MongoDB, with who sent it.
      assert.deepEqual(
        await env.client.options.loadedDataConverter.payloadConverter.fromPayload(
          (await env.client.options.loadedDataConverter.payloadCodecs[0].decode(signals[0].input?.payloads ?? []))[0],
        ),
        { reason: out.reasonRef },
      );
      // The text in esr_operator_notes; the audit's NOTE record says who and when, and refers to it.
      const id = out.reasonRef.slice('note:'.length);
      assert.equal((await env.store.operatorNotes.findOne({ _id: id }))?.text, 'inbox incomplete');
      const note = await env.store.operatorActions.findOne({ _id: id });
      assert.deepEqual([note?.action, note?.reason], ['NOTE', out.reasonRef]);
    } finally {
      await handle.terminate('test over');
    }
    const done = await esr('cancel', '--date', DATE);
    assert.equal(done.code, 2);
    assert.match(done.stderr, /esr-daily\/2026-09-14 is not running \(COMPLETED\)/);
  });

  test('schedule: ensure, show, pause and unpause the daily schedule', async () => {
    const ensured = await esr('schedule', 'ensure', '--json');
    assert.equal(ensured.code, 0, ensured.stderr);
    const e = ensured.json<{ result: string; schedule: Record<string, unknown> }>();
    assert.ok(['created', 'updated'].includes(e.result));
    assert.deepEqual(
      [e.schedule.scheduleId, e.schedule.paused, e.schedule.taskQueue, e.schedule.timezone, e.schedule.workflowType],
      [DAILY_SCHEDULE_ID, false, env.config.TEMPORAL_TASK_QUEUE, 'Europe/London', 'esrScheduledRun'],
    );
    assert.deepEqual(e.schedule.times, [env.config.DAILY_RUN_TIME]);
    const paused = await esr('schedule', 'pause', '--note', 'ESR outage', '--json');
    assert.equal(paused.code, 0, paused.stderr);
    assert.deepEqual([paused.json().paused, paused.json().note], [true, 'ESR outage']);
    // Temporal keeps a schedule's note in clear: it holds a reference, the text is in MongoDB.
    const stored = (await env.client.schedule.getHandle(DAILY_SCHEDULE_ID).describe()).state.note ?? '';
    assert.match(stored, /^note:NOTE#/);
    const shown = await esr('schedule', 'show', '--json');
    assert.equal(shown.json().paused, true);
    const text = await esr('schedule', 'show');
    assert.match(text.stdout, /^esr-daily: PAUSED \(ESR outage\)/);
    assert.match(text.stdout, new RegExp(`at ${env.config.DAILY_RUN_TIME} Europe/London, overlap BUFFER_ALL`));
    const unpaused = await esr('schedule', 'unpause', '--json');
    assert.equal(unpaused.json().paused, false);
    assert.equal((await env.client.schedule.getHandle(DAILY_SCHEDULE_ID).describe()).state.paused, false);
  });
});
