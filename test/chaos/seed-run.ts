/**
 * One seed of the chaos campaign (`npm run chaos`): the seed's day is applied cleanly, checked against what the
 * day's data says should happen, then applied again under the seed's faults and checked against the clean run
 * (test/chaos/invariants.ts). Both on the seed's own Temporal and FerretDB (killed and restarted on their data),
 * with the worker as a real process (SIGKILLed) and the notification receiver as a real local server.
 *
 * Faults fire when a number of trainees' outcomes are recorded (a condition), and each is shown to have happened:
 * a kill or a cancel while the run was still running with work left; a receiver fault by the answers it gave.
 */
import type { Client } from '@temporalio/client';
import { WorkflowFailedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { runDaily } from '../../cli/run-daily';
import { startResync } from '../../cli/resync-trainee';
import { drawChaosDay, type ChaosDay } from '../../src/chaos/chaos-day';
import {
  describeFault,
  drawFaultSchedule,
  isReceiverFault,
  type Fault,
  type ReceiverFault,
} from '../../src/chaos/fault-schedule';
import { loadConfig } from '../../src/config';
import type { PersonDocument } from '../../src/tis/person-document';
import { dailyRunId } from '../../src/workflow-ids';
import { startNotificationReceiver, type NotificationReceiver } from '../../servers/notification-receiver';
import { openStore, type Store } from '../../store/store';
import { createWorker } from '../../workers/create-worker';
import { connectTemporalClient } from '../../workers/temporal-connection';
import { createLogger } from '../../src/logger';
import { decideFileUpdate, progressQuery, type DailyRunResult } from '../../workflows/esr-daily-run';
import { startWorkerProcess, workerProcessEnv, type WorkerProcess } from '../faults/worker-process';
import { baseRow, extractName, extractText, perLine } from '../support/per-line';
import { post, tisPerson } from '../support/tis-person';
import { waitUntil } from '../support/wait-until';
import { startChaosServers, type ChaosServers } from './chaos-servers';
import { checkAgainstClean, checkCleanRun, type DayState, type Problem } from './invariants';
import { transientServerError } from '../support/transient-error';

const SECRET = 'chaos-secret-0123456789abcdef';
const POST = 'EOE/RGT00/IMT/CT1/001';
/** Short, so that a slow receiver is slow past it within seconds. */
const NOTIFY_TIMEOUT_MS = 1_500;
/** Small pages and a narrow window: the day spans several pages and lasts long enough for faults to land in it. */
const RUN_SHAPE = { pageSize: 10, concurrency: 4 };

export interface SeedOptions {
  seed: number;
  trainees: number;
  /** How long the day (and each resync) may take before it counts as not ending. */
  boundMs: number;
  bundlePath: string;
  dataDir: string;
  postgresUrl: string;
  /** The harness's MongoDB URI: the seed's own FerretDB takes its user and password. */
  mongodbUri: string;
}

export interface SeedReport {
  seed: number;
  trainees: number;
  faults: string[];
  problems: Problem[];
  seconds: number;
}

type People = Record<string, Record<string, unknown>>;

/** The seed's TIS people as they are before the day (older-shaped ones included), by _id. */
function originalPeople(day: ChaosDay): People {
  const people: People = {};
  for (const t of day.trainees) {
    const doc: Record<string, unknown> = {
      ...tisPerson({ _id: t.tisPersonId, identifiers: { gmcNumber: t.gmcNumber } }),
    };
    if (t.olderShape === 'CONTACT_DETAILS_STRING') doc.contactDetails = 'see the paper record';
    if (t.olderShape === 'NO_VERSION') delete doc.version;
    if (t.olderShape === 'PLACEMENTS_NULL') doc.placements = null;
    people[t.tisPersonId] = doc;
  }
  return people;
}

async function seedDay(store: Store, inboxDir: string, day: ChaosDay, people: People): Promise<void> {
  await store.posts.insertOne(post(POST));
  await store.people.insertMany(Object.values(people) as unknown as PersonDocument[]);
  for (const office of ['EOE', 'LDN'] as const) {
    const lines = day.trainees
      .filter((t) => t.office === office)
      .map((t) =>
        perLine(
          baseRow({
            esrPersonId: t.esrPersonId,
            gmcNumber: t.gmcNumber,
            ...(t.mobilePhone ? { mobilePhone: t.mobilePhone } : {}),
            ...(t.surname ? { surname: t.surname } : {}),
          }),
        ),
      );
    const name = extractName(office, day.extractDate);
    fs.writeFileSync(path.join(inboxDir, name), extractText({ office, date: day.extractDate, lines }));
  }
}

/** Retries `fn` while the servers answer with the errors of a restart; any other error is thrown at once. */
async function retrying<T>(what: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!transientServerError(err) || Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface DayRun {
  state: DayState;
  problems: Problem[];
}

/** Applies the day once, injecting `faults`; returns its end state and what went wrong on the way. */
async function applyDay(
  label: 'clean' | 'chaos',
  servers: ChaosServers,
  day: ChaosDay,
  people: People,
  faults: Fault[],
  opts: SeedOptions,
): Promise<DayRun> {
  const problems: Problem[] = [];
  const suffix = `${opts.seed}_${label}_${randomUUID().slice(0, 6)}`;
  const inboxDir = fs.mkdtempSync(path.join(opts.dataDir, `chaos-inbox-`));
  const receiver = await startNotificationReceiver({ secret: SECRET });
  receiver.conflictWhileInProgress = true;
  receiver.refusePeople = new Set(day.trainees.filter((t) => t.kind === 'REFUSED').map((t) => t.tisPersonId));
  const config = loadConfig({
    ...process.env,
    MONGODB_URI: servers.mongodbUri,
    TEMPORAL_ADDRESS: servers.temporalAddress,
    TEMPORAL_NAMESPACE: 'default',
    TIS_DB: `chaos_${suffix}`,
    TEMPORAL_TASK_QUEUE: `chaos-${suffix}`,
    ESR_INBOX_DIR: inboxDir,
    REPORTS_DIR: fs.mkdtempSync(path.join(opts.dataDir, 'chaos-reports-')),
    ESR_EXPECTED_OFFICES: 'none',
    ESR_FILE_MIN_AGE_MS: '0',
    NOTIFY_URL: receiver.url,
    NOTIFY_SECRET: SECRET,
    NOTIFY_TIMEOUT_MS: String(NOTIFY_TIMEOUT_MS),
    OUTBOX_RELAY_GRACE_MS: '0',
    // A file of a few rows most of which change a legal name is held; the trust-share check is off.
    MASS_CHANGE_MIN_ROWS: '2',
    MASS_CHANGE_TRUST_SHARE: '1',
    APPROVAL_TIMEOUT: '24h',
    WORKFLOW_BUNDLE_PATH: opts.bundlePath,
    LOG_LEVEL: 'silent',
  });
  const workerEnv = workerProcessEnv(config);
  const inProcessWorker = async () => {
    const running = await createWorker(config, createLogger({ level: 'silent' }));
    const stop = async () => {
      await running.shutdown();
    };
    return { kill: stop, stop };
  };
  const store = await openStore(config.MONGODB_URI, config.TIS_DB);
  const client: Client = await connectTemporalClient(config);
  let worker: Pick<WorkerProcess, 'kill' | 'stop'> | undefined;
  const total = day.trainees.length;
  const handle = () => client.workflow.getHandle(dailyRunId(day.extractDate));
  const outcomes = () => retrying('outcomes', () => store.outcomes.countDocuments({ extractDate: day.extractDate }));
  const status = () => retrying('run status', async () => (await handle().describe()).status.name);
  try {
    await seedDay(store, inboxDir, day, people);
    // The clean run needs no process to kill: its worker runs in this process, which starts in a fraction of the time.
    worker = label === 'clean' ? await inProcessWorker() : await startWorkerProcess(workerEnv);

    /** The day's run, re-joined (USE_EXISTING) after a Temporal restart breaks the wait on its result. */
    const runOnce = async (): Promise<DailyRunResult> => {
      for (;;) {
        try {
          return (await runDaily(client, config, { extractDate: day.extractDate, ...RUN_SHAPE })).result;
        } catch (err) {
          if (!transientServerError(err)) throw err;
          await retrying('Temporal back', () => client.workflowService.getSystemInfo({}));
        }
      }
    };
    let ended = false;
    let current = runOnce();
    const track = (p: Promise<DailyRunResult>) =>
      p.then(
        () => (ended = true),
        () => undefined,
      );
    void track(current);
    const started = Date.now();
    const left = () => Math.max(1, opts.boundMs - (Date.now() - started));
    const resyncs: Promise<unknown>[] = [];
    /** A workflow's end, waited for again when a Temporal restart breaks the wait; its failure is its own matter. */
    const settled = async (workflowId: string) => {
      for (;;) {
        try {
          return await client.workflow.getHandle(workflowId).result();
        } catch (err) {
          if (!transientServerError(err)) return err;
          await retrying('Temporal back', () => client.workflowService.getSystemInfo({}));
        }
      }
    };
    const landed = (fault: Fault, note: string) =>
      problems.push({ invariant: 'faults-landed', detail: `${describeFault(fault)}: ${note}` });
    /** Work left and the run still running: the fault lands mid-run. */
    const midRun = async (fault: Fault) => {
      const [done, state] = await Promise.all([outcomes(), status()]);
      if (done >= total || state !== 'RUNNING') landed(fault, `not mid-run (${done}/${total} outcomes, run ${state})`);
    };
    /** The receiver's faults, each once it has had its number of requests: watched for on their own. */
    const receiverFaults = faults.filter(isReceiverFault).map((fault) => ({ fault, from: -1 }));
    let watching = true;
    const watchReceiver = (async () => {
      for (const entry of receiverFaults) {
        const { fault } = entry;
        while (watching && receiver.requests.length < fault.atRequests) await new Promise((r) => setTimeout(r, 50));
        if (!watching) return;
        entry.from = receiver.requests.length;
        receiver.script.push(...answersOf(fault));
      }
    })();

    for (const fault of faults) {
      if (isReceiverFault(fault)) continue; // watched for above
      // The trigger: this many outcomes recorded (the run cannot end before it: see drawFaultSchedule).
      try {
        await waitUntil(
          `${fault.atOutcomes} outcomes for ${describeFault(fault)}`,
          async () => ended || (await outcomes()) >= fault.atOutcomes,
          left(),
        );
      } catch (err) {
        // Only the bound running out is a finding here; anything else is the campaign's own failure.
        if (!(err instanceof Error && err.message.startsWith('timed out'))) throw err;
        problems.push({ invariant: 'bounded', detail: `${describeFault(fault)} never reached within the bound` });
        break;
      }
      if (ended) {
        landed(fault, 'the run had ended before its trigger');
        continue;
      }
      switch (fault.kind) {
        case 'KILL_WORKER':
          await midRun(fault);
          await worker.kill();
          // The clean run needs no process to kill: its worker runs in this process, which starts in a fraction of the time.
          worker = label === 'clean' ? await inProcessWorker() : await startWorkerProcess(workerEnv);
          break;
        case 'KILL_DATABASE':
          await midRun(fault);
          await servers.killDatabase(fault.downMs);
          break;
        case 'KILL_TEMPORAL':
          await midRun(fault);
          await servers.killTemporal(fault.downMs);
          break;
        case 'CANCEL_AND_RERUN': {
          await midRun(fault);
          await retrying('cancel', () => handle().cancel());
          const cancelled = await current.then(
            () => false,
            (err: unknown) => err instanceof WorkflowFailedError,
          );
          if (!cancelled) landed(fault, 'the run was not cancelled');
          // Run the date again the moment the cancelled run closes.
          ended = false;
          current = runOnce();
          void track(current);
          break;
        }
        case 'RESYNC_RACE':
          await midRun(fault);
          for (const id of fault.esrPersonIds) {
            const resync = await retrying('resync', () => startResync(client, config, store, id));
            resyncs.push(settled(resync.workflowId));
          }
          break;
        case 'APPROVE_HELD': {
          const file = extractName('LDN', day.extractDate);
          // The current run (a re-run holds the file again) must have registered the hold before it can decide.
          await waitUntil(
            'the held file waiting in the current run',
            async () => {
              // The run may not have started yet: that is "not yet", nothing else is.
              const p = await retrying('progress', () => handle().query(progressQuery)).catch((err: unknown) => {
                if (err instanceof WorkflowNotFoundError) return undefined;
                throw err;
              });
              return p?.files.some((f) => f.name === file && f.status === 'AWAITING_APPROVAL') ?? false;
            },
            left(),
          );
          try {
            const decided = await retrying('approve', () =>
              handle().executeUpdate(decideFileUpdate, { args: [{ file, decision: 'APPROVE', by: 'chaos' }] }),
            );
            if (decided.decision !== 'APPROVED') landed(fault, `decided ${decided.decision}`);
          } catch (err) {
            const why = err instanceof WorkflowUpdateFailedError ? (err.cause?.message ?? err.message) : String(err);
            landed(fault, `the approval failed: ${why}`);
          }
          break;
        }
      }
    }

    const timedOut = Symbol('timed out');
    const bounded = <T>(p: Promise<T>) =>
      Promise.race([p, new Promise<typeof timedOut>((r) => setTimeout(() => r(timedOut), left()).unref())]);
    let counts: DayState['counts'];
    const outcome = await bounded(
      current.then(
        (r) => r,
        (err: unknown) => err as Error,
      ),
    );
    if (outcome === timedOut) {
      problems.push({ invariant: 'bounded', detail: `the daily run did not end within ${opts.boundMs / 1000} s` });
    } else if (outcome instanceof Error) {
      problems.push({ invariant: 'bounded', detail: `the daily run failed: ${outcome.name}` });
    } else counts = outcome.counts.total;
    const resyncEnd = await bounded(Promise.all(resyncs));
    if (resyncEnd === timedOut)
      problems.push({ invariant: 'bounded', detail: 'a resync did not end within the bound' });
    watching = false;
    await watchReceiver;
    for (const { fault, from } of receiverFaults) {
      if (from < 0) {
        landed(fault, `never reached: ${receiver.requests.length} request(s) in all`);
        continue;
      }
      const answered = receiver.requests.slice(from);
      const happened =
        fault.kind === 'SLOW_RECEIVER'
          ? answered.some((r) => r.delayMs)
          : answered.some((r) => r.status === (fault.kind === 'BURST_5XX' ? fault.status : 429));
      if (!happened) landed(fault, 'the receiver never gave those answers');
    }

    // Whatever is still running now has run past its bound: say so, then stop it so the checks see an end state.
    const running = await runningWorkflows(client, config.TEMPORAL_TASK_QUEUE);
    for (const id of running) {
      try {
        await client.workflow.getHandle(id).terminate('past the chaos bound');
      } catch (err) {
        // It may have ended between the listing and now: that, and only that, is fine.
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    receiver.script.length = 0;
    await retrying('the outbox relay', () =>
      client.workflow.execute('esrOutboxRelay', {
        workflowId: `esr-outbox-relay/chaos-${suffix}`,
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        args: [{}],
      }),
    );
    return { state: await readState(store, receiver, running, counts), problems };
  } finally {
    await worker?.stop();
    await client.connection.close();
    await store.db.dropDatabase();
    await store.close();
    await receiver.close();
  }
}

async function runningWorkflows(client: Client, taskQueue: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const w of client.workflow.list({ query: `ExecutionStatus = 'Running' AND TaskQueue = '${taskQueue}'` }))
    ids.push(w.workflowId);
  // The list is read from visibility, which can lag a run that has just closed (seed 502's clean run once listed
  // its finished daily run): each is confirmed by describe, which reads the execution itself.
  const running: string[] = [];
  for (const id of ids) {
    const status = await client.workflow
      .getHandle(id)
      .describe()
      .then((d) => d.status.name)
      .catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError) return 'NOT_FOUND';
        throw err;
      });
    if (status === 'RUNNING') running.push(id);
  }
  return running;
}

async function readState(
  store: Store,
  receiver: NotificationReceiver,
  running: string[],
  counts: DayState['counts'],
): Promise<DayState> {
  const people: DayState['people'] = {};
  for (const p of await store.people.find().toArray()) {
    const copy: Record<string, unknown> = { ...p };
    delete copy.updatedAt;
    people[p._id] = copy;
  }
  const outcomes: DayState['outcomes'] = {};
  for (const o of await store.outcomes.find().toArray())
    outcomes[o.esrPersonId] = { outcome: o.outcome, ...(o.reason ? { reason: o.reason } : {}) };
  const delivered = new Set(receiver.requests.filter((r) => r.status < 300 && r.eventId).map((r) => r.eventId!));
  const deliveredByPerson: DayState['deliveredByPerson'] = {};
  for (const e of receiver.events) if (delivered.has(e.eventId)) (deliveredByPerson[e.personId] ??= []).push(e.eventId);
  return {
    people,
    outcomes,
    changeSets: (
      await store.changeSets
        .find({}, { projection: { personId: 1, status: 1, workflowId: 1, baseVersion: 1 } })
        .toArray()
    ).map((c) => ({
      _id: c._id,
      personId: c.personId,
      status: c.status,
      workflowId: c.workflowId,
      baseVersion: c.baseVersion,
    })),
    outbox: (await store.outbox.find().toArray()).map((e) => ({
      _id: e._id,
      changeSetId: e.changeSetId,
      personId: e.personId,
      status: e.status,
    })),
    delivered,
    deliveredByPerson,
    leases: (await store.traineeLeases.find().toArray()).map((l) => l._id),
    running,
    counts,
  };
}

/** Runs one seed: the clean day (checked against the data), then the day under its faults (checked against clean). */
export async function runSeed(opts: SeedOptions): Promise<SeedReport> {
  const started = Date.now();
  const day = drawChaosDay(opts.seed, opts.trainees);
  const faults = drawFaultSchedule(opts.seed, day, { notifyTimeoutMs: NOTIFY_TIMEOUT_MS });
  const people = originalPeople(day);
  const report = (problems: Problem[]): SeedReport => ({
    seed: opts.seed,
    trainees: opts.trainees,
    faults: faults.map(describeFault),
    problems,
    seconds: (Date.now() - started) / 1000,
  });
  const servers = await startChaosServers(opts.dataDir, opts.postgresUrl, opts.mongodbUri);
  try {
    return await runDays();
  } catch (err) {
    // The campaign's own driver failed: this seed fails, saying how, and the next seeds still run.
    return report([
      { invariant: 'campaign', detail: err instanceof Error ? `${err.name}: ${err.message}` : String(err) },
    ]);
  } finally {
    await servers.stop();
  }
  async function runDays(): Promise<SeedReport> {
    const approveAtOnce: Fault[] = [{ kind: 'APPROVE_HELD', atOutcomes: 0 }];
    const clean = await applyDay('clean', servers, day, people, approveAtOnce, opts);
    const cleanProblems = [
      ...clean.problems.map((p) => ({ ...p, invariant: 'clean-run' as const, detail: `clean run: ${p.detail}` })),
      ...checkCleanRun(day, people, clean.state),
    ];
    // A clean run that is wrong already says the code is wrong; the faults would only blur it.
    if (cleanProblems.length) return report(cleanProblems);
    const chaos = await applyDay('chaos', servers, day, people, faults, opts);
    return report([...chaos.problems, ...checkAgainstClean(day, people, clean.state, chaos.state)]);
  }
}

/** One line per seed: what it injected and which invariants held. */
export function seedLine(r: SeedReport): string {
  const verdict = r.problems.length ? `FAIL (${[...new Set(r.problems.map((p) => p.invariant))].join(', ')})` : 'PASS';
  return `seed ${r.seed}: ${verdict}, ${r.trainees} trainees, ${r.seconds.toFixed(1)} s; faults: ${r.faults.join(', ')}`;
}

/** The answers a receiver fault scripts. */
function answersOf(fault: ReceiverFault): NotificationReceiver['script'] {
  switch (fault.kind) {
    case 'SLOW_RECEIVER':
      return Array.from({ length: fault.requests }, () => ({ status: 200, delayMs: fault.delayMs }));
    case 'BURST_5XX':
      return Array<number>(fault.requests).fill(fault.status);
    case 'THROTTLE_429':
      return Array.from({ length: fault.requests }, () => ({
        status: 429,
        retryAfter: String(fault.retryAfterSeconds),
      }));
  }
}
