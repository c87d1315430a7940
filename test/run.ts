/**
 * `npm test`: starts a throw-away Temporal dev server, and FerretDB on a throw-away PostgreSQL cluster, on free
 * ports (unless TEMPORAL_ADDRESS / MONGODB_URI name servers to use instead), runs every test file with node's test runner against them,
 * and stops them afterwards, also when tests fail or the run is interrupted.
 *
 * Node's runner because it needs no extra dependency, runs TypeScript through tsx, and its closing summary
 * is what CI reads. `--unit` runs the server-free unit tests only; file arguments run just those files
 * (`npx tsx test/run.ts test/integration/cli.test.ts`), starting the servers only if one of them needs them.
 *
 * The embedded dev server gets a Web UI port, exported as ESR_TEST_TEMPORAL_UI_URL for the browser test; with an
 * external TEMPORAL_ADDRESS the UI is whatever TEMPORAL_UI_URL names (or none). ESR_TEST_STARTED lists the servers
 * the harness started; with its own FerretDB, ESR_TEST_POSTGRES_URL names the PostgreSQL database under it (no
 * credentials: PGPASSFILE names the 0600 password file psql reads), and MONGODB_URI carries FerretDB's user.
 *
 * Every test process encrypts Temporal payloads with one throw-away key (TEMPORAL_PAYLOAD_KEYS, unless set), and the
 * harness runs the codec server the embedded Web UI decodes through: ESR_TEST_CODEC_URL, ESR_TEST_CODEC_TOKEN.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack, type Stack } from '../servers/embedded-stack';
import { freePort } from '../servers/ports';
import { startCodecProcess, type RunningCodecProcess } from '../servers/codec-process';
import { formatPayloadKey } from '../src/codec/payload-keys';
import { maskedUri } from '../src/masked-uri';

// Every file and folder this process creates (reports, the archive, .data) is for this account only: 0600/0700.
process.umask(0o077);

const root = path.resolve(__dirname, '..');

function testFiles(dir: string): string[] {
  const full = path.join(root, 'test', dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => path.join('test', dir, f));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const named = args.filter((a) => a.endsWith('.test.ts')).map((f) => path.relative(root, path.resolve(f)));
  for (const f of named) if (!fs.existsSync(path.join(root, f))) throw new Error(`no test file ${f}`);
  const unitOnly = named.length
    ? named.every((f) => f.startsWith(path.join('test', 'unit') + path.sep))
    : args.includes('--unit');
  const files = named.length ? named : [...testFiles('unit'), ...(unitOnly ? [] : testFiles('integration'))];
  let stack: Stack | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esr-test-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    TEMPORAL_PAYLOAD_KEYS: process.env.TEMPORAL_PAYLOAD_KEYS || formatPayloadKey({ id: 'test', key: randomBytes(32) }),
  };
  let codec: RunningCodecProcess | undefined;
  if (!unitOnly) {
    const started = Date.now();
    const uiPort = process.env.TEMPORAL_ADDRESS ? undefined : await freePort();
    const codecPort = await freePort();
    const codecToken = randomBytes(24).toString('base64url');
    stack = await startStack({
      dataDir,
      temporalPort: await freePort(),
      uiPort,
      codecEndpoint: `http://127.0.0.1:${codecPort}/${codecToken}`,
      mongoPort: await freePort(),
      temporalAddress: process.env.TEMPORAL_ADDRESS,
      mongodbUri: process.env.MONGODB_URI,
      extraNamespaces: LANE_NAMESPACES.slice(1),
      durable: false,
    });
    if (uiPort) {
      codec = await startCodecProcess({
        port: codecPort,
        token: codecToken,
        allowedOrigin: `http://localhost:${uiPort}`,
        namespaces: LANE_NAMESPACES,
        payloadKeys: env.TEMPORAL_PAYLOAD_KEYS,
        logFile: path.join(dataDir, 'codec.log'),
      });
      env.ESR_TEST_CODEC_URL = codec.url;
      env.ESR_TEST_CODEC_TOKEN = codecToken;
    }
    env.TEMPORAL_ADDRESS = stack.temporalAddress;
    env.MONGODB_URI = stack.mongodbUri;
    env.ESR_TEST_DATA_DIR = dataDir;
    env.ESR_TEST_STARTED = stack.started.join(',');
    if (stack.postgresUrl) env.ESR_TEST_POSTGRES_URL = stack.postgresUrl;
    // psql in a test finds the cluster's passwords here (no password on a command line).
    if (stack.postgresPassFile) env.PGPASSFILE = stack.postgresPassFile;
    const uiUrl = stack.uiUrl ?? process.env.TEMPORAL_UI_URL;
    if (uiUrl) env.ESR_TEST_TEMPORAL_UI_URL = uiUrl;
    if (stack.uiUrl) env.TEMPORAL_UI_URL = stack.uiUrl;
    const which = stack.started.length ? `started ${stack.started.join(', ')}` : 'using external servers';
    console.log(
      `test harness: ${which} in ${Date.now() - started} ms (Temporal ${stack.temporalAddress}, MongoDB ${maskedUri(stack.mongodbUri)}${uiUrl ? `, Web UI ${uiUrl}` : ''})`,
    );
  }
  const stop = async () => {
    await codec?.process.stop();
    await stack?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  // process.on, not once: tsx relays a Ctrl-C to this process a second time, and with no listener left that second
  // SIGINT would kill it before the servers are stopped and the throw-away PostgreSQL cluster removed.
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      void stop().finally(() => process.exit(130));
    });
  }
  try {
    // Side by side only on our own dev server, where each lane gets a namespace of its own (workflow and Schedule
    // ids repeat across files); against external servers, or for one file (`npm run faults`), one file at a time in
    // the namespace given, its output shown as it comes.
    const sideBySide = stack?.started.includes('temporal') && files.length > 1;
    if (!sideBySide) return await runFiles(files, env, 'inherit').then((r) => r.code);
    return await runInLanes(files, env, LANE_NAMESPACES);
  } finally {
    await stop();
  }
}

/** Node's runner on some files, one at a time; output shown as it comes, or kept to be shown whole. */
function runFiles(
  files: string[],
  env: NodeJS.ProcessEnv,
  output: 'inherit' | 'keep',
): Promise<{ code: number; output: string }> {
  const nodeArgs = ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files];
  const child = spawn(process.execPath, nodeArgs, { cwd: root, env, stdio: output === 'inherit' ? 'inherit' : 'pipe' });
  let kept = '';
  child.stdout?.on('data', (c: Buffer) => (kept += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (kept += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, output: kept })));
}

/** The dev server's namespaces, one per lane: the first is the Web UI's. */
const LANE_NAMESPACES = ['default', 'esr-test-lane-2'];
/** Files about the `default` namespace itself, or the Web UI, which the harness opens on it. */
const DEFAULT_NAMESPACE_ONLY = new Set(['servers.test.ts', 'ui-browser.test.ts']);
/** Seconds each slow file took (idle machine, one at a time): the slowest start first so the lanes end together. */
const MEASURED_SECONDS: Record<string, number> = {
  'cli.test.ts': 75,
  'faults-short.test.ts': 85,
  'chaos-short.test.ts': 75,
  'unit tests': 40,
  'durable-delivery.test.ts': 40,
  'guards.test.ts': 36,
  'resync.test.ts': 29,
  'portal-browser.test.ts': 40,
  'demo-history.test.ts': 30,
  'ui-browser.test.ts': 24,
  'hot-path.test.ts': 21,
  'saga-and-replay.test.ts': 19,
  'delivery-paths.test.ts': 15,
};
const SUMMARY = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo'] as const;

/**
 * Two lanes, each running one job at a time (the unit files together, or one integration file) against the same
 * servers in its own namespace; each job's output is shown whole when it ends, and the totals at the end are in
 * the runner's own summary form, for CI.
 */
async function runInLanes(files: string[], env: NodeJS.ProcessEnv, namespaces: string[]): Promise<number> {
  const started = Date.now();
  const unit = files.filter((f) => f.startsWith(path.join('test', 'unit') + path.sep));
  const jobs = [
    ...(unit.length ? [{ label: 'unit tests', files: unit }] : []),
    ...files.filter((f) => !unit.includes(f)).map((f) => ({ label: path.basename(f), files: [f] })),
  ].sort((a, b) => (MEASURED_SECONDS[b.label] ?? 5) - (MEASURED_SECONDS[a.label] ?? 5));
  console.log(
    `test harness: ${files.length} files in ${namespaces.length} lanes (namespaces ${namespaces.join(', ')})`,
  );
  const totals = Object.fromEntries(SUMMARY.map((k) => [k, 0])) as Record<(typeof SUMMARY)[number], number>;
  let failed = 0;
  const lane = async (namespace: string, index: number) => {
    for (;;) {
      const next = jobs.findIndex((j) => index === 0 || !DEFAULT_NAMESPACE_ONLY.has(j.label));
      if (next === -1) return;
      const [job] = jobs.splice(next, 1);
      const jobStarted = Date.now();
      const result = await runFiles(job.files, { ...env, TEMPORAL_NAMESPACE: namespace }, 'keep');
      const seconds = ((Date.now() - jobStarted) / 1000).toFixed(1);
      console.log(
        `\n── ${job.label} (lane ${index + 1}, ${seconds} s, exit ${result.code}) ──\n${result.output.trimEnd()}`,
      );
      for (const key of SUMMARY) {
        totals[key] += Number(new RegExp(`^ℹ ${key} (\\d+)$`, 'm').exec(result.output)?.[1] ?? 0);
      }
      if (result.code !== 0) failed += 1;
    }
  };
  await Promise.all(namespaces.map((ns, i) => lane(ns, i)));
  console.log('\n── all lanes ──');
  for (const key of SUMMARY) console.log(`ℹ ${key} ${totals[key]}`);
  console.log(`ℹ duration_ms ${Date.now() - started}`);
  if (failed) console.log(`test harness: ${failed} job(s) failed`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`test harness: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
