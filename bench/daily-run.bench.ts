/**
 * `npm run bench:daily -- --trainees N --people M --concurrency C [--first-load]`: the whole daily pipeline at a
 * chosen scale, on the embedded servers (or on TEMPORAL_ADDRESS / MONGODB_URI), with the figures that say how far
 * it is from what the servers allow. Figures, not assertions.
 *
 * 1. TIS holds M people, of whom the demo generator's N trainees appear in the day's files; the rest are filler
 *    people (demo/generate-filler-people.ts). By default the day is a delta: everyone who matches is already
 *    linked to their ESR person, as earlier runs leave them (and filler people to ESR ids nobody sends today).
 *    `--first-load`: nobody is linked, so every trainee is matched by GMC/GDC number or NINO.
 * 2. The daily workflow runs the day: outcomes, wall time, trainees/s; MongoDB commands per trainee by command,
 *    collection and filter fields (the driver's command events, during the run only); parent and child history
 *    lengths; the process's peak RSS during the run.
 * 3. The no-op ceiling on the same servers: N children of eight no-op regular activities each, under a parent with
 *    the same sliding window, paging and continue-as-new (bench/noop-workflows.ts), on a worker with the same limits.
 * 4. The plain-script rate: what one might write without Temporal (read the files, one pass over `people`
 *    building maps, one version-guarded updateOne per eligible row), run against the pipeline's database after it.
 * Ends with one line for a README table. Always stops what it started and removes its temp dirs, also on Ctrl-C
 * (which prints the figures so far). `npm run bench:daily` runs it as `node --import tsx`: the tsx command relays a
 * signal and SIGKILLs a child that is slow (30 ms) to acknowledge it, which a loaded machine is.
 */
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { MongoClient, type Db } from 'mongodb';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runDaily } from '../cli/run-daily';
import { generateDemoData } from '../demo/generate-demo-data';
import {
  fillerEsrPersonId,
  fillerPeopleBatch,
  fillerPostCount,
  fillerPostsBatch,
  fillerTisId,
  MAX_FILLER_PEOPLE,
} from '../demo/generate-filler-people';
import { startStack } from '../servers/embedded-stack';
import { startNotificationReceiver } from '../servers/notification-receiver';
import { freePort } from '../servers/ports';
import { loadConfig, type Config } from '../src/config';
import { readExtractFile } from '../src/extract/read-extract';
import type { PerRow } from '../src/extract/types';
import { assignmentSkipReason } from '../src/rules/eligibility';
import type { PersonDocument, PostDocument } from '../src/tis/person-document';
import { validatePersonFields } from '../src/validation/validate-person';
import { dailyRunId, traineeRunId } from '../src/workflow-ids';
import type { EsrLinkDoc } from '../store/documents';
import type { CommandStats } from './command-counter';
import type { WorkerFigures } from './bench-worker';
import { writeWorkflowBundle } from '../workers/bundle';
import { cpuBetween, sampleTree, type ProcessSample } from './process-cpu';
import { forkBenchWorker, type WorkerProcess } from './worker-process';
import {
  connectTemporalClient,
  temporalConnectionOptions,
  temporalDataConverter,
} from '../workers/temporal-connection';
import type { NoopActivities, NoopRunInput, NoopRunResult } from './noop-workflows';
import { maskedUri } from '../src/masked-uri';

const EXTRACT_DATE = '2026-11-25';
const LINKED_AT = '2026-11-24T06:30:00.000Z';
const BATCH = 2_000;
const CHILD_SAMPLE = 20;
const MiB = 1024 * 1024;
/** The production worker's heap limit (Dockerfile, `npm run worker`): V8 otherwise grows towards a quarter of RAM. */
const WORKER_HEAP_MIB = 256;

const USAGE = `usage: npm run bench:daily -- [--trainees N] [--people M] [--concurrency C] [--first-load]
  [--continue-as-new-after EVENTS] [--worker-heap MIB] [--workers W]
  --trainees     trainees in the day's files (default 500)
  --people       TIS people in all, at least the demo's own (default 4 × trainees)
  --concurrency  trainees in flight (default CHILD_CONCURRENCY, 50)
  --first-load   nobody linked yet: every trainee is matched by registration number or NINO
  --continue-as-new-after  parent history length that triggers continue-as-new (default the workflow's, 10,000)
  --worker-heap  the worker process's V8 old-space limit in MiB, as the production worker runs (default ${WORKER_HEAP_MIB})
  --workers      worker processes sharing the task queue (default 1)`;

interface Args {
  trainees: number;
  people: number;
  concurrency: number;
  firstLoad: boolean;
  continueAsNewAfterEvents?: number;
  workerHeapMiB: number;
  workers: number;
}

function parse(config: Config): Args {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        trainees: { type: 'string' },
        people: { type: 'string' },
        concurrency: { type: 'string' },
        'continue-as-new-after': { type: 'string' },
        'worker-heap': { type: 'string' },
        workers: { type: 'string' },
        'first-load': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    // An unknown flag, or the old positional form (`-- 500 50`).
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, fallback: number, min: number) => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min) {
      console.error(`--${name} must be an integer of at least ${min}\n${USAGE}`);
      process.exit(2);
    }
    return n;
  };
  const trainees = int('trainees', values.trainees, 500, 1);
  return {
    trainees,
    people: int('people', values.people, 4 * trainees, 0),
    concurrency: int('concurrency', values.concurrency, config.CHILD_CONCURRENCY, 1),
    firstLoad: values['first-load'] ?? false,
    workerHeapMiB: int('worker-heap', values['worker-heap'], WORKER_HEAP_MIB, 64),
    workers: int('workers', values.workers, 1, 1),
    ...(values['continue-as-new-after'] !== undefined
      ? { continueAsNewAfterEvents: int('continue-as-new-after', values['continue-as-new-after'], 0, 100) }
      : {}),
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const since = (started: number) => (Date.now() - started) / 1000;

/** Inserts in batches of BATCH, so that memory stays flat whatever the count. */
async function insertBatched<T extends { _id: string }>(
  db: Db,
  collection: string,
  count: number,
  batch: (from: number, to: number) => T[],
): Promise<void> {
  for (let from = 0; from < count; from += BATCH) {
    const docs = batch(from, Math.min(from + BATCH, count));
    if (docs.length) await db.collection<T>(collection).insertMany(docs as never[], { ordered: false });
  }
}

interface Seeded {
  people: number;
  filler: number;
  posts: number;
  links: number;
  seconds: number;
}

/** TIS as the day finds it: the demo's people and posts, filler people and their posts, and earlier runs' links. */
async function seed(db: Db, demo: ReturnType<typeof generateDemoData>, args: Args, inboxDir: string): Promise<Seeded> {
  const started = Date.now();
  const linked = !args.firstLoad;
  const esrIdOf = new Map(demo.expected.flatMap((e) => (e.tisPersonId ? [[e.tisPersonId, e.esrPersonId]] : [])));
  const demoPeople: PersonDocument[] = demo.people.map((p) => {
    const esrPersonId = linked ? esrIdOf.get(p._id) : undefined;
    return esrPersonId ? { ...p, identifiers: { ...p.identifiers, esrPersonId } } : p;
  });
  const filler = Math.max(0, args.people - demo.people.length);
  if (filler > MAX_FILLER_PEOPLE) throw new RangeError(`at most ${MAX_FILLER_PEOPLE} filler people`);
  const fillerOpts = { seed: 1, extractDate: EXTRACT_DATE, linked };

  await insertBatched(db, 'people', demoPeople.length, (from, to) => demoPeople.slice(from, to));
  await insertBatched(db, 'people', filler, (from, to) => fillerPeopleBatch(from, to, filler, fillerOpts));
  await insertBatched<PostDocument>(db, 'posts', demo.posts.length, (from, to) => demo.posts.slice(from, to));
  const fillerPosts = filler ? fillerPostCount(filler) : 0;
  await insertBatched(db, 'posts', fillerPosts, (from, to) => fillerPostsBatch(from, to, filler));

  let links = 0;
  if (linked) {
    const demoLinks: EsrLinkDoc[] = [...esrIdOf].map(([personId, esrPersonId]) => ({
      _id: esrPersonId,
      personId,
      linkedAt: LINKED_AT,
    }));
    await insertBatched(db, 'esr_links', demoLinks.length, (from, to) => demoLinks.slice(from, to));
    await insertBatched<EsrLinkDoc>(db, 'esr_links', filler, (from, to) =>
      Array.from({ length: to - from }, (_, j) => ({
        _id: fillerEsrPersonId(from + j),
        personId: fillerTisId(from + j),
        linkedAt: LINKED_AT,
      })),
    );
    links = demoLinks.length + filler;
  }

  fs.mkdirSync(inboxDir, { recursive: true });
  for (const f of demo.extracts) fs.writeFileSync(path.join(inboxDir, f.name), f.content);
  return {
    people: demoPeople.length + filler,
    filler,
    posts: demo.posts.length + fillerPosts,
    links,
    seconds: since(started),
  };
}

/** Commands per trainee, time per trainee, and the top 10 by time. */
function printCommands(
  byKey: Map<string, CommandStats>,
  trainees: number,
): { perTrainee: number; msPerTrainee: number } {
  const commands = [...byKey.entries()];
  const total = commands.reduce((s, [, c]) => s + c.count, 0);
  const totalMs = commands.reduce((s, [, c]) => s + c.ms, 0);
  const per = (n: number) => n / Math.max(1, trainees);
  console.log(
    `  MongoDB:           ${per(total).toFixed(1)} commands/trainee, ${per(totalMs).toFixed(1)} ms/trainee ` +
      `(summed over concurrent commands; ${fmt(total)} commands)`,
  );
  console.log('  MongoDB time by command, collection and filter fields (top 10):');
  for (const [key, { count, ms, maxMs }] of commands.sort((a, b) => b[1].ms - a[1].ms).slice(0, 10)) {
    console.log(
      `    ${key.padEnd(52)} ${fmt(count).padStart(7)} calls ${per(count).toFixed(2).padStart(6)}/trainee ` +
        `${(ms / 1000).toFixed(1).padStart(7)} s ${(ms / count).toFixed(1).padStart(7)} ms/call ` +
        `(max ${fmt(maxMs)})`,
    );
  }
  return { perTrainee: per(total), msPerTrainee: per(totalMs) };
}

/** Several workers' figures as one: commands summed, memory the largest of them. */
function mergeFigures(all: WorkerFigures[]): WorkerFigures {
  const commands = new Map<string, CommandStats>();
  for (const f of all)
    for (const [key, c] of f.commands) {
      const known = commands.get(key);
      commands.set(
        key,
        known ? { count: known.count + c.count, ms: known.ms + c.ms, maxMs: Math.max(known.maxMs, c.maxMs) } : c,
      );
    }
  const most = (pick: (f: WorkerFigures) => number) => Math.max(0, ...all.map(pick));
  return {
    commands: [...commands.entries()],
    commandsInFlight: all.reduce((n, f) => n + f.commandsInFlight, 0),
    peakRunRss: most((f) => f.peakRunRss),
    peakRss: most((f) => f.peakRss),
    peakHeapUsed: most((f) => f.peakHeapUsed),
    heapLimit: most((f) => f.heapLimit),
  };
}

/**
 * CPU seconds each process spent during the pipeline (from /proc), per trainee: what a trainee costs each server,
 * whatever the machine. The embedded servers are this process's descendants; external ones are not measured.
 */
function printCpu(
  before: Map<number, ProcessSample>,
  after: Map<number, ProcessSample>,
  workers: WorkerProcess[],
  trainees: number,
  seconds: number,
): [string, number][] {
  const classify = (p: ProcessSample): string | undefined => {
    const i = workers.findIndex((w) => w.pid === p.pid);
    if (i >= 0) return workers.length > 1 ? `worker ${i + 1}` : 'worker';
    if (p.pid === process.pid) return 'bench client';
    if (p.comm === 'temporal') return 'Temporal server';
    if (p.comm === 'ferretdb') return 'FerretDB';
    if (p.comm.startsWith('postgres')) return 'PostgreSQL';
    return undefined;
  };
  const used = [...cpuBetween(before, after, classify).entries()].sort((a, b) => b[1] - a[1]);
  if (!used.length) {
    console.log('  CPU per process:   not measured (no /proc)');
    return [];
  }
  const total = used.reduce((n, [, s]) => n + s, 0);
  console.log(
    `  CPU per process:   ${total.toFixed(1)} CPU s in ${seconds.toFixed(1)} s of wall time ` +
      `(${(total / seconds).toFixed(2)} cores busy on average), ${((1000 * total) / trainees).toFixed(1)} CPU ms/trainee in all`,
  );
  for (const [name, s] of used)
    console.log(
      `    ${name.padEnd(18)} ${s.toFixed(1).padStart(7)} CPU s ${((1000 * s) / trainees).toFixed(1).padStart(7)} CPU ms/trainee ` +
        `${((100 * s) / total).toFixed(0).padStart(3)} %`,
    );
  return used;
}

interface Histories {
  runs: { runId: string; historyLength: number }[];
  largestChild: { esrPersonId: string; outcome: string; events: number };
  updatedChild?: { esrPersonId: string; events: number };
  sampled: number;
}

async function histories(client: Client, demo: ReturnType<typeof generateDemoData>): Promise<Histories> {
  const workflowId = dailyRunId(EXTRACT_DATE);
  let runs: Histories['runs'] = [];
  // Visibility is eventually consistent: the continue-as-new chain may take a moment to be listed whole.
  for (let attempt = 0; attempt < 10; attempt++) {
    runs = [];
    for await (const ex of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      runs.push({ runId: ex.runId, historyLength: ex.historyLength });
    }
    if (runs.length && runs.every((r) => r.historyLength > 0)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!runs.length) {
    const d = await client.workflow.getHandle(workflowId).describe();
    runs = [{ runId: d.runId, historyLength: d.historyLength }];
  }

  // A sample of children: the first of each expected outcome, then evenly spaced ones.
  const picked = new Map<string, string>();
  for (const e of demo.expected) if (![...picked.values()].includes(e.outcome)) picked.set(e.esrPersonId, e.outcome);
  const step = Math.max(1, Math.floor(demo.expected.length / CHILD_SAMPLE));
  for (let i = 0; i < demo.expected.length && picked.size < CHILD_SAMPLE; i += step) {
    picked.set(demo.expected[i].esrPersonId, demo.expected[i].outcome);
  }
  let largestChild = { esrPersonId: '', outcome: '', events: 0 };
  let updatedChild: Histories['updatedChild'];
  for (const [esrPersonId, outcome] of picked) {
    const d = await client.workflow.getHandle(traineeRunId(EXTRACT_DATE, esrPersonId)).describe();
    if (d.historyLength > largestChild.events) largestChild = { esrPersonId, outcome, events: d.historyLength };
    if (outcome === 'UPDATED' && !updatedChild) updatedChild = { esrPersonId, events: d.historyLength };
  }
  return { runs, largestChild, updatedChild, sampled: picked.size };
}

/** N children of eight no-op activities under the same window, on a worker with the pipeline worker's limits. */
async function noopCeiling(
  config: Config,
  client: Client,
  args: Args,
  stamp: number,
): Promise<{ seconds: number; result: NoopRunResult }> {
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const taskQueue = `${config.TEMPORAL_TASK_QUEUE}-noop`;
  const activities: NoopActivities = {
    noopStep: async () => {},
    noopPage: async ({ page, pageSize, children }) => {
      const from = page * pageSize;
      return Array.from({ length: Math.max(0, Math.min(pageSize, children - from)) }, (_, j) => from + j);
    },
  };
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue,
    workflowsPath: require.resolve('./noop-workflows'),
    // The same encrypted payloads as the pipeline's: the client that starts the run encrypts its input.
    dataConverter: temporalDataConverter(config),
    activities,
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_WORKFLOW_TASKS,
    ...(config.WORKER_MAX_ACTIVITIES_PER_SECOND
      ? { maxActivitiesPerSecond: config.WORKER_MAX_ACTIVITIES_PER_SECOND }
      : {}),
  });
  const running = worker.run();
  try {
    const input: NoopRunInput = {
      idPrefix: `bench-noop/${stamp}`,
      children: args.trainees,
      concurrency: args.concurrency,
      continueAsNewAfterEvents: args.continueAsNewAfterEvents,
    };
    const started = Date.now();
    const handle = await client.workflow.start('noopDailyRun', {
      workflowId: input.idPrefix,
      taskQueue,
      args: [input],
    });
    const result = (await handle.result()) as NoopRunResult;
    return { seconds: since(started), result };
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
  }
}

interface PlainResult {
  rows: number;
  eligible: number;
  updated: number;
  stale: number;
  unmatched: number;
  readSeconds: number;
  scanSeconds: number;
  updateSeconds: number;
  seconds: number;
}

/**
 * What a user might write without Temporal: read the day's files, one pass over `people` (and `posts`) building
 * maps, then one version-guarded updateOne per eligible row. No audit, no change sets, no events, no retries.
 */
async function plainScript(db: Db, inboxDir: string): Promise<PlainResult> {
  const started = Date.now();
  const rows: { file: string; line: number; row: PerRow }[] = [];
  for (const name of fs.readdirSync(inboxDir).sort()) {
    const fileRows: typeof rows = [];
    let accepted = false;
    for await (const item of readExtractFile(path.join(inboxDir, name))) {
      if (item.kind === 'row') fileRows.push({ file: name, line: item.ref.line, row: item.row });
      if (item.kind === 'end') accepted = item.summary.status === 'ACCEPTED';
    }
    if (accepted) rows.push(...fileRows);
  }
  const readSeconds = since(started);

  const scanStarted = Date.now();
  const postStatus = new Map<string, string>();
  for await (const post of db.collection<PostDocument>('posts').find({}, { projection: { status: 1 } })) {
    postStatus.set(post._id, post.status);
  }
  const AMBIGUOUS = '';
  const byEsr = new Map<string, string>();
  const byGmc = new Map<string, string>();
  const byGdc = new Map<string, string>();
  const byNinoDob = new Map<string, string>();
  const version = new Map<string, number>();
  const put = (map: Map<string, string>, key: string | undefined, id: string) => {
    if (key) map.set(key, map.has(key) ? AMBIGUOUS : id);
  };
  const people = db.collection<PersonDocument>('people').find(
    {},
    {
      projection: {
        version: 1,
        identifiers: 1,
        'personalDetails.nationalInsuranceNumber': 1,
        'personalDetails.dateOfBirth': 1,
      },
      batchSize: 5_000,
    },
  );
  for await (const p of people) {
    version.set(p._id, p.version);
    put(byEsr, p.identifiers?.esrPersonId, p._id);
    put(byGmc, p.identifiers?.gmcNumber, p._id);
    put(byGdc, p.identifiers?.gdcNumber, p._id);
    const { nationalInsuranceNumber: nino, dateOfBirth } = p.personalDetails ?? {};
    if (nino && dateOfBirth) put(byNinoDob, `${nino}|${dateOfBirth}`, p._id);
  }
  const scanSeconds = since(scanStarted);

  const updateStarted = Date.now();
  let eligible = 0;
  let updated = 0;
  let stale = 0;
  let unmatched = 0;
  const peopleCollection = db.collection<PersonDocument>('people');
  for (const { file, line, row } of rows) {
    if (assignmentSkipReason(row, EXTRACT_DATE) || postStatus.get(row.deaneryPostNumber.trim()) !== 'CURRENT') {
      continue;
    }
    eligible += 1;
    const { values, identifiers } = validatePersonFields(row, { file, line, extractDate: EXTRACT_DATE });
    const id =
      byEsr.get(identifiers.esrPersonId) ??
      (identifiers.gmcNumber ? byGmc.get(identifiers.gmcNumber) : undefined) ??
      (identifiers.gdcNumber ? byGdc.get(identifiers.gdcNumber) : undefined) ??
      (values.nino && values.dateOfBirth ? byNinoDob.get(`${values.nino}|${values.dateOfBirth}`) : undefined);
    if (!id) {
      unmatched += 1;
      continue;
    }
    const v = version.get(id)!;
    const { modifiedCount } = await peopleCollection.updateOne(
      { _id: id, version: v },
      {
        $set: values.mobilePhone
          ? { 'contactDetails.mobileNumber': values.mobilePhone }
          : { updatedAt: new Date().toISOString() },
        $inc: { version: 1 },
      },
    );
    if (modifiedCount === 1) {
      updated += 1;
      version.set(id, v + 1);
    } else stale += 1;
  }
  return {
    rows: rows.length,
    eligible,
    updated,
    stale,
    unmatched,
    readSeconds,
    scanSeconds,
    updateSeconds: since(updateStarted),
    seconds: since(started),
  };
}

async function main(): Promise<void> {
  const baseConfig = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const args = parse(baseConfig);
  const stamp = Date.now();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esr-bench-'));
  const cleanups: (() => Promise<void>)[] = [async () => fs.rmSync(dataDir, { recursive: true, force: true })];
  // One cleanup, however many callers (the end of main, an interrupt, main failing because the servers went away).
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const c of cleanups.splice(0).reverse()) await c().catch((err: unknown) => console.error('cleanup:', err));
    })());
  // Interrupted (Ctrl-C, a timeout): print what was measured so far, then stop the servers and remove the temp dirs.
  // Listeners stay on: tsx relays a SIGINT a second time, which would kill the process mid-cleanup without one.
  let onInterrupt: () => void = () => {};
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      console.log(`\n${signal}: stopping; figures so far:`);
      onInterrupt();
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    const stack = await startStack({
      dataDir,
      temporalPort: await freePort(),
      mongoPort: await freePort(),
      temporalAddress: process.env.TEMPORAL_ADDRESS,
      mongodbUri: process.env.MONGODB_URI,
    });
    cleanups.push(() => stack.stop());
    const secret = 'bench-secret-0123456789';
    const receiver = await startNotificationReceiver({ secret });
    cleanups.push(() => receiver.close());
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: stack.temporalAddress,
      MONGODB_URI: stack.mongodbUri,
      TIS_DB: `bench_${stamp}`,
      TEMPORAL_TASK_QUEUE: `bench-${stamp}`,
      ESR_INBOX_DIR: path.join(dataDir, 'inbox'),
      NOTIFY_URL: receiver.url,
      NOTIFY_SECRET: secret,
      // The benchmark writes its day and runs it at once.
      ESR_FILE_MIN_AGE_MS: '0',
      LOG_LEVEL: 'warn',
      // The synthetic day touches far more of each trust's linked trainees than a real one, so the mass-change
      // hold would stop it for approval; the benchmark measures throughput, so the hold is off unless asked for.
      MASS_CHANGE_MIN_ROWS: process.env.MASS_CHANGE_MIN_ROWS ?? '1000000000',
    };
    // The worker loads a prebuilt workflow bundle, as the production image does (bundling at start-up is a
    // development convenience that costs the worker process its largest allocation).
    if (!env.WORKFLOW_BUNDLE_PATH) {
      env.WORKFLOW_BUNDLE_PATH = path.join(dataDir, 'workflow-bundle.js');
      await writeWorkflowBundle(env.WORKFLOW_BUNDLE_PATH);
    }
    const config = loadConfig(env);
    const servers = stack.started.length ? `embedded ${stack.started.join(' + ')}` : 'external';
    console.log(`servers:       ${servers}; Temporal ${stack.temporalAddress}, MongoDB ${maskedUri(stack.mongodbUri)}`);
    console.log(
      `machine:       ${os.cpus().length} CPU(s), node ${process.version}; worker limits: ${config.WORKER_MAX_ACTIVITIES} activities, ${config.WORKER_MAX_WORKFLOW_TASKS} workflow tasks${config.WORKER_MAX_ACTIVITIES_PER_SECOND ? `, ${config.WORKER_MAX_ACTIVITIES_PER_SECOND} activities/s` : ''}`,
    );

    const workers: WorkerProcess[] = [];
    for (let i = 0; i < args.workers; i++) {
      const w = await forkBenchWorker(env, [`--max-old-space-size=${args.workerHeapMiB}`]);
      cleanups.push(() => w.stop());
      workers.push(w);
    }
    const worker = {
      count: (on: boolean) => workers.forEach((w) => w.count(on)),
      figures: async () => mergeFigures(await Promise.all(workers.map((w) => w.figures()))),
      latest: () => mergeFigures(workers.flatMap((w) => w.latest() ?? [])),
      stop: async () => void (await Promise.all(workers.map((w) => w.stop()))),
    };
    const mongo = await MongoClient.connect(config.MONGODB_URI, { serverSelectionTimeoutMS: 10_000 });
    cleanups.push(() => mongo.close());
    const db = mongo.db(config.TIS_DB);
    const client = await connectTemporalClient(config);
    cleanups.push(() => client.connection.close());

    // 1. Seed.
    const demo = generateDemoData({ seed: 1, extractDate: EXTRACT_DATE, trainees: args.trainees });
    if (args.people < demo.people.length) {
      console.log(`note:          --people ${args.people} is below the demo's own ${demo.people.length}; using those`);
    }
    const seeded = await seed(db, demo, args, config.ESR_INBOX_DIR);
    console.log(
      `seeded:        ${fmt(seeded.people)} people (${fmt(seeded.filler)} filler), ${fmt(seeded.posts)} posts, ` +
        `${fmt(seeded.links)} ESR links (${args.firstLoad ? 'first load: nobody linked' : 'daily delta: matched people linked'}) ` +
        `in ${seeded.seconds.toFixed(1)} s`,
    );

    // 2. The pipeline.
    worker.count(true);
    const cpuBefore = sampleTree(process.pid);
    const started = Date.now();
    // A line every 15 s on stderr: how far the run is, and the command that has cost most so far.
    let done = 0;
    const progress = setInterval(() => {
      void Promise.all([
        client.workflow.getHandle(dailyRunId(EXTRACT_DATE)).query<{ trainees: number; inFlight: number }>('progress'),
        worker.figures(),
      ])
        .then(([p, w]) => {
          done = p.trainees;
          const [worst, stats] = w.commands.sort((a, b) => b[1].ms - a[1].ms)[0] ?? ['-', undefined];
          console.error(
            `  … ${since(started).toFixed(0)} s: ${fmt(p.trainees)}/${fmt(args.trainees)} trainees done, ${p.inFlight} in flight, ` +
              `${w.commandsInFlight} MongoDB commands pending, worker RSS peak ${fmt(w.peakRunRss / MiB)} MiB; most time so far: ${worst}` +
              (stats ? ` (${fmt(stats.count)} calls, ${(stats.ms / stats.count).toFixed(0)} ms/call)` : ''),
          );
        })
        .catch(() => {});
    }, 15_000);
    onInterrupt = () => {
      console.log(`  pipeline: ${fmt(done)} trainees done in ${since(started).toFixed(0)} s`);
      printCommands(new Map(worker.latest().commands), done);
    };
    let outcome: Awaited<ReturnType<typeof runDaily>>;
    try {
      outcome = await runDaily(client, config, {
        extractDate: EXTRACT_DATE,
        concurrency: args.concurrency,
        continueAsNewAfterEvents: args.continueAsNewAfterEvents,
      });
    } finally {
      worker.count(false);
      clearInterval(progress);
      onInterrupt = () => {};
    }
    const seconds = since(started);
    const cpuAfter = sampleTree(process.pid);
    const { result } = outcome;
    const rate = result.trainees / seconds;
    const byOutcome = Object.entries(result.counts.total)
      .filter(([, n]) => n > 0)
      .map(([o, n]) => `${o} ${fmt(n)}`)
      .join(', ');
    console.log(`\npipeline (${args.firstLoad ? 'first load' : 'daily delta'}, ${args.concurrency} in flight)`);
    console.log(`  trainees:          ${fmt(result.trainees)} (${byOutcome})`);
    console.log(`  wall time:         ${seconds.toFixed(1)} s`);
    console.log(`  throughput:        ${rate.toFixed(2)} trainees/s`);

    const figures = await worker.figures();
    const mongoFigures = printCommands(new Map(figures.commands), result.trainees);

    const h = await histories(client, demo);
    const largestRun = Math.max(...h.runs.map((r) => r.historyLength));
    console.log(
      `  parent histories:  ${h.runs.length} run(s), continued as new ${result.continuedAsNew} times; ` +
        `largest ${fmt(largestRun)} events (${h.runs.map((r) => fmt(r.historyLength)).join(', ')})`,
    );
    console.log(
      `  child histories:   largest of ${h.sampled} sampled ${h.largestChild.events} events (${h.largestChild.outcome}); ` +
        `an UPDATED one ${h.updatedChild?.events ?? '?'} events`,
    );
    console.log(
      `  worker peak RSS:   ${fmt(figures.peakRunRss / MiB)} MiB during the run (the worker's own process; ` +
        `${fmt(figures.peakRss / MiB)} MiB high-water mark including start-up; V8 heap in use at most ` +
        `${fmt(figures.peakHeapUsed / MiB)} MiB of a ${fmt(figures.heapLimit / MiB)} MiB limit)`,
    );
    if (workers.length > 1)
      console.log(
        `  per worker:        peak RSS ${workers.map((w) => `${fmt((w.latest()?.peakRunRss ?? 0) / MiB)} MiB`).join(', ')}`,
      );
    const cpu = printCpu(cpuBefore, cpuAfter, workers, result.trainees, seconds);
    await worker.stop();

    // 3. The no-op ceiling.
    const noop = await noopCeiling(config, client, args, stamp);
    const ceiling = noop.result.completed / noop.seconds;
    console.log(
      `\nno-op ceiling (${fmt(args.trainees)} children × 8 no-op regular activities, same window and worker limits; ` +
        'local activities cost less, so a pipeline running steps as local activities can pass it)',
    );
    console.log(
      `  children:          ${fmt(noop.result.completed)} completed, ${noop.result.failed} failed, continued as new ${noop.result.continuedAsNew} times`,
    );
    console.log(`  wall time:         ${noop.seconds.toFixed(1)} s`);
    console.log(`  throughput:        ${ceiling.toFixed(2)} children/s`);
    console.log(`  pipeline/ceiling:  ${((100 * rate) / ceiling).toFixed(0)} %`);

    // 4. The plain script.
    const plain = await plainScript(db, config.ESR_INBOX_DIR);
    const plainRate = plain.rows / plain.seconds;
    console.log(`\nplain script (no Temporal; run on the pipeline's database after the pipeline)`);
    console.log(
      `  rows:              ${fmt(plain.rows)} read, ${fmt(plain.eligible)} eligible, ${fmt(plain.updated)} updated, ` +
        `${plain.stale} version-stale, ${plain.unmatched} unmatched`,
    );
    console.log(
      `  time:              ${plain.seconds.toFixed(1)} s (read ${plain.readSeconds.toFixed(1)} s, ` +
        `people and posts pass ${plain.scanSeconds.toFixed(1)} s, updates ${plain.updateSeconds.toFixed(1)} s)`,
    );
    console.log(`  throughput:        ${fmt(plainRate)} rows/s`);

    const mode = args.firstLoad ? 'first load' : 'delta';
    console.log(
      '\n| trainees | people | in flight | load | seed s | trainees/s | no-op children/s | pipeline/ceiling | plain rows/s | commands/trainee | ms/trainee | parent events (max) | child events (max) | CAN | worker peak RSS MiB |',
    );
    console.log(
      `| ${fmt(result.trainees)} | ${fmt(seeded.people)} | ${args.concurrency} | ${mode} | ${seeded.seconds.toFixed(0)} | ${rate.toFixed(2)} | ${ceiling.toFixed(1)} | ` +
        `${((100 * rate) / ceiling).toFixed(0)} % | ${fmt(plainRate)} | ${mongoFigures.perTrainee.toFixed(1)} | ` +
        `${mongoFigures.msPerTrainee.toFixed(0)} | ${fmt(largestRun)} | ${h.largestChild.events} | ${result.continuedAsNew} | ${fmt(figures.peakRunRss / MiB)} |`,
    );
    console.log(`\n| workers | ${cpu.map(([name]) => `${name} CPU ms/trainee`).join(' | ')} | all |`);
    console.log(
      `| ${args.workers} | ${cpu.map(([, s]) => ((1000 * s) / result.trainees).toFixed(1)).join(' | ')} | ` +
        `${((1000 * cpu.reduce((n, [, s]) => n + s, 0)) / result.trainees).toFixed(1)} |`,
    );
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
