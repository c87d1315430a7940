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
 * the harness started; with its own FerretDB, ESR_TEST_POSTGRES_URL names the PostgreSQL database under it.
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
import { startCodecServer, type RunningCodecServer } from '../servers/codec-server';
import { EncryptionCodec } from '../src/codec/encryption-codec';
import { formatPayloadKey, parsePayloadKeys } from '../src/codec/payload-keys';

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
  let codec: RunningCodecServer | undefined;
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
      durable: false,
    });
    if (uiPort) {
      codec = await startCodecServer({
        codec: new EncryptionCodec(parsePayloadKeys(env.TEMPORAL_PAYLOAD_KEYS!)),
        token: codecToken,
        allowedOrigin: `http://localhost:${uiPort}`,
        port: codecPort,
      });
      env.ESR_TEST_CODEC_URL = codec.url;
      env.ESR_TEST_CODEC_TOKEN = codecToken;
    }
    env.TEMPORAL_ADDRESS = stack.temporalAddress;
    env.MONGODB_URI = stack.mongodbUri;
    env.ESR_TEST_DATA_DIR = dataDir;
    env.ESR_TEST_STARTED = stack.started.join(',');
    if (stack.postgresUrl) env.ESR_TEST_POSTGRES_URL = stack.postgresUrl;
    const uiUrl = stack.uiUrl ?? process.env.TEMPORAL_UI_URL;
    if (uiUrl) env.ESR_TEST_TEMPORAL_UI_URL = uiUrl;
    if (stack.uiUrl) env.TEMPORAL_UI_URL = stack.uiUrl;
    const which = stack.started.length ? `started ${stack.started.join(', ')}` : 'using external servers';
    console.log(
      `test harness: ${which} in ${Date.now() - started} ms (Temporal ${stack.temporalAddress}, MongoDB ${stack.mongodbUri}${uiUrl ? `, Web UI ${uiUrl}` : ''})`,
    );
  }
  const stop = async () => {
    await codec?.close();
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
    // One file at a time: integration tests share the servers, and the machine has two cores.
    const nodeArgs = ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files];
    const child = spawn(process.execPath, nodeArgs, { cwd: root, env, stdio: 'inherit' });
    return await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`test harness: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
