/**
 * The fault-injection suite: the same day applied cleanly, then again under each fault, on the real servers, and
 * compared. Each scenario gets its own database, inbox, task queue, notification receiver and worker process.
 * After a scenario the endpoint is healthy and the outbox relay runs once; then the checks:
 *
 * - TIS people as in the clean run, versions included (only `updatedAt`, a wall-clock stamp, is left out);
 * - every changed person notified with exactly one eventId, and no one else notified;
 * - no change set applied and not notified;
 * - no PENDING event left;
 * - every trainee's recorded outcome (and reason) as in the clean run.
 *
 * The clean run itself is first checked against what the day's data says (every other trainee's mobile number
 * changes: UPDATED, the new number in TIS, one event; the rest NO_CHANGE, untouched, nothing sent), so a
 * regression that stopped every update cannot pass by matching itself. Faults are injected by count or condition
 * (a number of events or outcomes seen; a receiver's next N answers), never by clock windows, and each is shown
 * to have happened: a kill or a cancel lands while the run still runs with work left, a receiver's scripted
 * answers are all used.
 */
import { WorkflowFailedError, type Client } from '@temporalio/client';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDaily } from '../../cli/run-daily';
import { startResync } from '../../cli/resync-trainee';
import { startFerretDb, type RunningFerretDb } from '../../servers/ferretdb-server';
import { startNotificationReceiver, type NotificationReceiver } from '../../servers/notification-receiver';
import { freePort } from '../../servers/ports';
import { startTemporalDevServer, type RunningTemporal } from '../../servers/temporal-dev-server';
import { loadConfig, type Config } from '../../src/config';
import type { PersonDocument } from '../../src/tis/person-document';
import { dailyRunId } from '../../src/workflow-ids';
import { openStore, type Store } from '../../store/store';
import { writeWorkflowBundle } from '../../workers/bundle';
import { connectTemporalClient } from '../../workers/temporal-connection';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { post, tisPerson } from '../support/tis-person';
import { transientServerError } from '../support/transient-error';
import { waitUntil } from '../support/wait-until';
import { startWorkerProcess, workerProcessEnv, type WorkerProcess } from './worker-process';

const SECRET = 'fault-secret-0123456789abcdef';
const DATE = '2026-12-10';
const POST = 'EOE/RGT00/IMT/CT1/001';

/** One scenario's slice of the servers, with its worker process. */
export interface FaultEnv {
  config: Config;
  client: Client;
  store: Store;
  receiver: NotificationReceiver;
  worker: WorkerProcess;
  trainees: string[];
  /** How many trainees have a change (every other one). */
  changed: number;
  /** SIGKILLs the worker and starts a new one. */
  restartWorker(): Promise<void>;
  /** Starts one more worker process on the scenario's task queue (stopped with the scenario). */
  addWorker(): Promise<WorkerProcess>;
  /** SIGKILLs the scenario's own FerretDB (the database server the service talks to), and starts it again. */
  restartDatabase(downMs: number): Promise<void>;
  /** SIGKILLs the scenario's own Temporal dev server, and starts it again on the same port and database file. */
  restartTemporal(downMs: number): Promise<void>;
  runDay(): Promise<unknown>;
  /** Records that a fault landed mid-run (work left, the run still running), or why it did not. */
  assertMidRun(fault: string): Promise<void>;
  /** Scripts the receiver's next `count` answers, and records that each must be used by the end. */
  scriptAnswers(fault: string, answers: NotificationReceiver['script']): void;
  /** Faults that did not happen as planned, one line each. */
  notLanded: string[];
}

export interface Scenario {
  name: string;
  /** Runs on a FerretDB of its own (over the harness's PostgreSQL), so that it can be killed. */
  ownDatabase?: boolean;
  /** Runs on a Temporal dev server of its own (its SQLite file kept), so that it can be killed. */
  ownTemporal?: boolean;
  /** What it does, for the table. */
  faults: string;
  run(env: FaultEnv): Promise<void>;
}

export interface Snapshot {
  people: Record<string, unknown>;
  eventIdsByPerson: Record<string, string[]>;
  appliedUnnotified: number;
  pending: number;
  outcomes: Record<string, string>;
}

export interface ScenarioReport {
  name: string;
  faults: string;
  seconds: number;
  checks: {
    people: boolean;
    oneEventEach: boolean;
    noneUnnotified: boolean;
    noPending: boolean;
    outcomes: boolean;
    faultsLanded: boolean;
  };
  problems: string[];
}

const eventsFor = (env: FaultEnv) => env.receiver.events.length;

/** Waits until at least `share` of the changed trainees' events have arrived. */
export const afterEvents = (env: FaultEnv, share: number) =>
  waitUntil(
    `${Math.round(share * 100)}% of the events`,
    () => eventsFor(env) >= Math.ceil(env.changed * share),
    120_000,
  );

/**
 * Once a share of the changed trainees' events are out, injects `fault` while the receiver holds every later
 * delivery in flight (answered once the fault is over): the run surely has work left when the fault lands, however
 * fast the rest of the day would have gone.
 */
async function atShareOfEvents(env: FaultEnv, share: number, name: string, fault: () => Promise<void>): Promise<void> {
  const count = Math.ceil(env.changed * share);
  const held = env.receiver.hold(() => env.receiver.events.length >= count);
  try {
    await afterEvents(env, share);
    await env.assertMidRun(name);
    await fault();
  } finally {
    held.release();
  }
}

/** Waits until this many trainees have recorded an outcome for the day. */
export const afterOutcomes = (env: FaultEnv, count: number) =>
  waitUntil(
    `${count} outcomes`,
    async () => (await env.store.outcomes.countDocuments({ extractDate: DATE })) >= count,
    120_000,
  );

export const SCENARIOS: Record<string, Scenario> = {
  clean: { name: 'clean', faults: 'none', run: async (env) => void (await env.runDay()) },
  workerKill: {
    name: 'worker SIGKILL ×2',
    faults: 'worker SIGKILLed after ~1/4 and ~2/3 of the events (later deliveries held in flight), restarted each time',
    run: async (env) => {
      const day = env.runDay();
      await atShareOfEvents(env, 0.25, 'worker SIGKILL', () => env.restartWorker());
      await atShareOfEvents(env, 0.66, 'worker SIGKILL', () => env.restartWorker());
      await day;
    },
  },
  workerKillOnce: {
    name: 'worker SIGKILL',
    faults: 'worker SIGKILLed after ~1/3 of the events (later deliveries held in flight), restarted',
    run: async (env) => {
      const day = env.runDay();
      await atShareOfEvents(env, 0.33, 'worker SIGKILL', () => env.restartWorker());
      await day;
    },
  },
  databaseKill: {
    name: 'database SIGKILL',
    faults:
      'the FerretDB server SIGKILLed at ~1/3 of the events (later deliveries held in flight), down 5 s, restarted',
    ownDatabase: true,
    run: async (env) => {
      const day = env.runDay();
      await atShareOfEvents(env, 0.33, 'database SIGKILL', () => env.restartDatabase(5_000));
      await day;
    },
  },
  temporalRestart: {
    name: 'Temporal restart',
    faults:
      'the Temporal dev server SIGKILLed at ~1/3 of the events (later deliveries held), down 3 s, restarted on its database file',
    ownTemporal: true,
    run: async (env) => {
      const day = env.runDay();
      await atShareOfEvents(env, 0.33, 'Temporal SIGKILL', () => env.restartTemporal(3_000));
      await day;
    },
  },
  endpoint503: {
    name: 'endpoint 503',
    faults: 'the endpoint answers 503 to as many requests as there are changes',
    run: async (env) => {
      env.scriptAnswers('503s', Array<number>(env.changed).fill(503));
      await env.runDay();
    },
  },
  endpoint429: {
    name: 'endpoint 429 + Retry-After',
    faults: 'the endpoint answers 429 Retry-After: 2 to as many requests as there are changes',
    run: async (env) => {
      env.scriptAnswers(
        '429s',
        Array.from({ length: env.changed }, () => ({ status: 429, retryAfter: '2' })),
      );
      await env.runDay();
    },
  },
  endpointTimeout: {
    name: 'endpoint timeouts',
    faults:
      'for as many requests as there are changes, the endpoint takes the event but answers after the 2 s timeout (409 to a repeat meanwhile)',
    run: async (env) => {
      env.scriptAnswers(
        'slow answers',
        Array.from({ length: env.changed }, () => ({ status: 200, delayMs: 2_500 })),
      );
      await env.runDay();
    },
  },
  cancelRerun: {
    name: 'cancel + re-run',
    faults:
      'the first deliveries answered 503; the run cancelled from the client (as the Web UI does) once ~10% of the trainees have an outcome, then run again at once',
    run: async (env) => {
      env.scriptAnswers('503s', Array<number>(Math.ceil(env.changed / 2)).fill(503));
      const day = env.runDay();
      await afterOutcomes(env, Math.max(1, Math.ceil(env.trainees.length * 0.1)));
      await env.assertMidRun('cancel');
      await env.client.workflow.getHandle(dailyRunId(DATE)).cancel();
      await assert.rejects(day, WorkflowFailedError, 'the first run ends cancelled');
      await env.runDay();
    },
  },
  sameDateTwice: {
    name: 'same date twice',
    faults: 'the same date started twice at once',
    run: async (env) => void (await Promise.all([env.runDay(), env.runDay()])),
  },
  twoWorkers: {
    name: 'two workers, one SIGKILLed',
    faults:
      'two worker processes on the task queue; one SIGKILLed once a third of the outcomes are recorded, the other finishes the day; a fresh second one joins for the relay',
    run: async (env) => {
      await env.addWorker();
      const day = env.runDay();
      const third = Math.ceil(env.trainees.length / 3);
      await waitUntil(
        `${third} outcomes recorded`,
        async () => (await env.store.outcomes.countDocuments()) >= third,
        120_000,
        50,
      );
      await env.assertMidRun('worker SIGKILL');
      await env.assertMidRun('worker SIGKILL');
      await env.worker.kill();
      await day;
      await env.addWorker(); // a fresh second one, so the outbox relay runs with two workers
    },
  },
  resyncRace: {
    name: 'resync racing daily',
    faults: 'resyncs of 4 changed trainees started while the daily run works',
    run: async (env) => {
      const day = env.runDay();
      // Once the day's rows are staged (the first events are out), resync changed trainees the run has not reached.
      await afterEvents(env, 0.05);
      await env.assertMidRun('resyncs');
      const picked = env.trainees.filter((_, i) => i % 2 === 0).slice(-4);
      const resyncs = await Promise.all(picked.map((id) => startResync(env.client, env.config, env.store, id)));
      await Promise.all([day, ...resyncs.map((r) => r.result())]);
    },
  },
};

async function seed(store: Store, inboxDir: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => String(8000 + i));
  await store.posts.insertOne(post(POST));
  await store.people.insertMany(
    ids.map((id) => tisPerson({ _id: `tis-${id}`, identifiers: { gmcNumber: `700${id}` } })),
  );
  const lines = ids.map((id, i) =>
    perLine(
      baseRow({
        esrPersonId: id,
        gmcNumber: `700${id}`,
        ...(i % 2 === 0 ? { mobilePhone: `07700 9${id.padStart(5, '0')}` } : {}),
      }),
    ),
  );
  fs.writeFileSync(path.join(inboxDir, extractName('EOE', DATE)), extractText({ office: 'EOE', date: DATE, lines }));
  return ids;
}

async function snapshot(env: FaultEnv): Promise<Snapshot> {
  const people: Record<string, unknown> = {};
  for (const p of await env.store.people.find().sort({ _id: 1 }).toArray()) {
    const copy: Record<string, unknown> = { ...p };
    delete copy.updatedAt;
    people[p._id] = copy;
  }
  const eventIdsByPerson: Record<string, string[]> = {};
  for (const e of env.receiver.events) (eventIdsByPerson[e.personId] ??= []).push(e.eventId);
  const outcomes: Record<string, string> = {};
  for (const o of await env.store.outcomes.find().toArray())
    outcomes[o.esrPersonId] = `${o.outcome}${o.reason ? ` ${o.reason}` : ''}`;
  return {
    people,
    eventIdsByPerson,
    appliedUnnotified: await env.store.changeSets.countDocuments({ status: 'APPLIED' }),
    pending: await env.store.outbox.countDocuments({ status: 'PENDING' }),
    outcomes,
  };
}

function compare(clean: Snapshot, got: Snapshot): { checks: ScenarioReport['checks']; problems: string[] } {
  const problems: string[] = [];
  const differing = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  const people = differing(clean.people, got.people);
  if (people.length) problems.push(`people differ: ${people.join(', ')}`);
  const changed = Object.keys(clean.eventIdsByPerson).sort();
  const notified = Object.keys(got.eventIdsByPerson).sort();
  const oneEach =
    JSON.stringify(changed) === JSON.stringify(notified) &&
    Object.values(got.eventIdsByPerson).every((ids) => ids.length === 1);
  if (!oneEach)
    problems.push(`events: expected one each for ${changed.length}, got ${JSON.stringify(got.eventIdsByPerson)}`);
  if (got.appliedUnnotified) problems.push(`${got.appliedUnnotified} change set(s) applied, not notified`);
  if (got.pending) problems.push(`${got.pending} event(s) PENDING`);
  const outcomes = differing(clean.outcomes, got.outcomes);

  if (outcomes.length)
    problems.push(
      `outcomes differ: ${outcomes.map((k) => `${k} ${clean.outcomes[k]} → ${got.outcomes[k]}`).join('; ')}`,
    );
  return {
    checks: {
      people: people.length === 0,
      oneEventEach: oneEach,
      noneUnnotified: got.appliedUnnotified === 0,
      noPending: got.pending === 0,
      outcomes: outcomes.length === 0,
      faultsLanded: true,
    },
    problems,
  };
}

/**
 * The clean run against what the seeded day says: every other trainee (even index) changes the mobile number, so
 * is UPDATED, holds the new number at version 2 and had one event; the others are NO_CHANGE at version 1, no event.
 */
function checkAgainstData(got: Snapshot, trainees: string[]): string[] {
  const problems: string[] = [];
  trainees.forEach((id, i) => {
    const person = got.people[`tis-${id}`] as PersonDocument | undefined;
    const changes = i % 2 === 0;
    const want = changes
      ? { outcome: 'UPDATED', mobile: `+447700${`9${id.padStart(5, '0')}`}`, version: 2, events: 1 }
      : { outcome: 'NO_CHANGE', mobile: '+447700900123', version: 1, events: 0 };
    const have = {
      outcome: got.outcomes[id],
      mobile: person?.contactDetails?.mobileNumber,
      version: person?.version,
      events: got.eventIdsByPerson[`tis-${id}`]?.length ?? 0,
    };
    if (JSON.stringify(have) !== JSON.stringify(want))
      problems.push(
        `${id}: ${JSON.stringify({ ...have, mobile: have.mobile === want.mobile })}, expected ${want.outcome}`,
      );
  });
  return problems;
}

/** Runs the clean day, then each scenario, and reports each against the clean one. */
export async function runFaultSuite(opts: { trainees: number; scenarios: Scenario[] }): Promise<ScenarioReport[]> {
  const base = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const dataDir = process.env.ESR_TEST_DATA_DIR ?? os.tmpdir();
  const bundle = path.join(fs.mkdtempSync(path.join(dataDir, 'faults-')), 'workflow-bundle.js');
  await writeWorkflowBundle(bundle);
  const client = await connectTemporalClient(base);
  const reports: ScenarioReport[] = [];
  let clean: Snapshot | undefined;
  try {
    for (const scenario of [SCENARIOS.clean, ...opts.scenarios]) {
      const started = Date.now();
      const suffix = randomUUID().slice(0, 8);
      const inboxDir = fs.mkdtempSync(path.join(dataDir, 'faults-inbox-'));
      const receiver = await startNotificationReceiver({ secret: SECRET });
      // Real receivers follow the Idempotency-Key convention: 409 to a repeat while the first is in progress.
      receiver.conflictWhileInProgress = true;
      let database: RunningFerretDb | undefined;
      const databasePort = scenario.ownDatabase ? await freePort() : undefined;
      const startDatabase = async () => {
        if (!process.env.ESR_TEST_POSTGRES_URL) throw new Error('needs the harness PostgreSQL (ESR_TEST_POSTGRES_URL)');
        database = await startFerretDb({
          port: databasePort!,
          dataDir: fs.mkdtempSync(path.join(dataDir, 'faults-ferretdb-')),
          postgresqlUrl: process.env.ESR_TEST_POSTGRES_URL,
          credentials: mongoCredentials(process.env.MONGODB_URI!),
        });
      };
      if (scenario.ownDatabase) await startDatabase();
      let temporal: RunningTemporal | undefined;
      const temporalPort = scenario.ownTemporal ? await freePort() : undefined;
      const temporalDir = fs.mkdtempSync(path.join(dataDir, 'faults-temporal-'));
      const startTemporal = async () => {
        // The lane's namespace (the harness runs files in two, `default` and esr-test-lane-2), so the worker finds it.
        temporal = await startTemporalDevServer({
          port: temporalPort!,
          dataDir: temporalDir,
          namespace: process.env.TEMPORAL_NAMESPACE || 'default',
        });
      };
      if (scenario.ownTemporal) await startTemporal();
      const scenarioClient = temporal
        ? await connectTemporalClient({ ...base, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: 'default' })
        : client;
      const config = loadConfig({
        ...process.env,
        ...(database ? { MONGODB_URI: database.uri } : {}),
        ...(temporal ? { TEMPORAL_ADDRESS: temporal.address } : {}),
        TIS_DB: `faults_${suffix}`,
        TEMPORAL_TASK_QUEUE: `faults-${suffix}`,
        // A dev server of the scenario's own has the default namespace only (the harness's lane may be another).
        ...(temporal ? { TEMPORAL_NAMESPACE: 'default' } : {}),
        ESR_INBOX_DIR: inboxDir,
        REPORTS_DIR: fs.mkdtempSync(path.join(dataDir, 'faults-reports-')),
        ESR_EXPECTED_OFFICES: 'none',
        ESR_FILE_MIN_AGE_MS: '0',
        NOTIFY_URL: receiver.url,
        NOTIFY_SECRET: SECRET,
        NOTIFY_TIMEOUT_MS: '2000',
        OUTBOX_RELAY_GRACE_MS: '0',
        WORKFLOW_BUNDLE_PATH: bundle,
        LOG_LEVEL: 'silent',
      });
      const workerEnv = workerProcessEnv(config);
      const extraWorkers: WorkerProcess[] = [];
      const store = await openStore(config.MONGODB_URI, config.TIS_DB);
      const trainees = await seed(store, inboxDir, opts.trainees);
      let firstWorker: WorkerProcess;
      try {
        firstWorker = await startWorkerProcess(workerEnv);
      } catch (err) {
        // The scenario never started: stop what it has started so far, then say why.
        await store.close();
        await receiver.close();
        await database?.process.stop();
        if (scenarioClient !== client) await scenarioClient.connection.close();
        await temporal?.process.stop();
        throw err;
      }
      const scripted: { fault: string; from: number; count: number }[] = [];
      const env: FaultEnv = {
        config,
        client: scenarioClient,
        store,
        receiver,
        worker: firstWorker,
        trainees,
        changed: Math.ceil(trainees.length / 2),
        notLanded: [],
        async assertMidRun(fault) {
          const [done, running] = await Promise.all([
            store.outcomes.countDocuments({ extractDate: DATE }),
            scenarioClient.workflow
              .getHandle(dailyRunId(DATE))
              .describe()
              .then((d) => d.status.name),
          ]);
          if (done >= trainees.length || running !== 'RUNNING')
            env.notLanded.push(`${fault}: not mid-run (${done}/${trainees.length} outcomes, run ${running})`);
        },
        scriptAnswers(fault, answers) {
          scripted.push({ fault, from: receiver.requests.length, count: answers.length });
          receiver.script.push(...answers);
        },
        async restartWorker() {
          await env.worker.kill();
          env.worker = await startWorkerProcess(workerEnv);
        },
        async addWorker() {
          const worker = await startWorkerProcess(workerEnv);
          extraWorkers.push(worker);
          return worker;
        },
        async restartDatabase(downMs: number) {
          if (!database) throw new Error(`${scenario.name}: no database of its own to kill`);
          const gone = new Promise<void>((resolve) => database!.process.child.once('exit', () => resolve()));
          database.process.child.kill('SIGKILL');
          await gone;
          // The fault's length: the database stays down this long before it comes back.
          await new Promise((r) => setTimeout(r, downMs));
          await startDatabase();
        },
        async restartTemporal(downMs: number) {
          if (!temporal) throw new Error(`${scenario.name}: no Temporal server of its own to kill`);
          const gone = new Promise<void>((resolve) => temporal!.process.child.once('exit', () => resolve()));
          temporal.process.child.kill('SIGKILL');
          await gone;
          await new Promise((r) => setTimeout(r, downMs)); // the fault's length
          await startTemporal();
        },
        runDay: async () => {
          // Waiting on a run through a server that is restarted fails; start-or-join again (USE_EXISTING).
          for (let attempt = 1; ; attempt++) {
            try {
              return await runDaily(scenarioClient, config, { extractDate: DATE });
            } catch (err) {
              if (!scenario.ownTemporal || attempt >= 10 || (err as Error).name === 'WorkflowFailedError') throw err;
              await waitUntil(
                'Temporal back',
                async () => {
                  await scenarioClient.workflowService.getSystemInfo({});
                  return true;
                },
                60_000,
                250,
                transientServerError,
              );
            }
          }
        },
      };
      try {
        let failure: string | undefined;
        try {
          await scenario.run(env);
        } catch (err) {
          failure = `the scenario itself failed: ${err instanceof Error ? err.message : String(err)}`;
        }
        // Every scripted answer used: the receiver's fault happened, in full.
        if (receiver.script.length)
          env.notLanded.push(
            `${scripted.map((f) => f.fault).join(', ')}: ${receiver.script.length} answer(s) never used`,
          );
        receiver.script.length = 0;
        await scenarioClient.workflow.execute('esrOutboxRelay', {
          workflowId: `esr-outbox-relay/faults-${suffix}`,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          args: [{}],
        });
        const got = await snapshot(env);
        const expected = clean ? [] : checkAgainstData(got, trainees);
        if (!clean) clean = got;
        const { checks, problems } = compare(clean, got);
        if (failure) problems.unshift(failure);
        problems.push(...expected.map((p) => `clean run against the data: ${p}`));
        problems.push(...env.notLanded.map((p) => `fault did not land: ${p}`));
        checks.faultsLanded = env.notLanded.length === 0;
        reports.push({
          name: scenario.name,
          faults: scenario.faults,
          seconds: (Date.now() - started) / 1000,
          checks,
          problems,
        });
      } finally {
        await env.worker.stop();
        for (const worker of extraWorkers) await worker.stop();
        await store.db.dropDatabase();
        await store.close();
        await receiver.close();
        await database?.process.stop();
        if (scenarioClient !== client) await scenarioClient.connection.close();
        await temporal?.process.stop();
      }
    }
  } finally {
    await client.connection.close();
  }
  return reports;
}

/** The table printed after a run (and pasted into the README). */
export function faultTable(reports: ScenarioReport[]): string {
  const mark = (ok: boolean) => (ok ? 'yes' : '**NO**');
  const rows = [
    '| scenario | faults injected | fault landed | people same (versions) | one eventId per changed person | none applied-unnotified | no PENDING | outcomes same | time (s) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...reports.map(
      (r) =>
        `| ${r.name} | ${r.faults} | ${mark(r.checks.faultsLanded)} | ${mark(r.checks.people)} | ${mark(r.checks.oneEventEach)} | ${mark(r.checks.noneUnnotified)} | ${mark(r.checks.noPending)} | ${mark(r.checks.outcomes)} | ${r.seconds.toFixed(1)} |`,
    ),
  ];
  return rows.join('\n');
}

/** The user and password in the harness's MONGODB_URI, for a FerretDB of the scenario's own on the same cluster. */
function mongoCredentials(uri: string): { username: string; password: string } {
  const url = new URL(uri);
  return { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
}
