/**
 * `npm test`: starts a throw-away Temporal dev server and FerretDB on free ports (unless TEMPORAL_ADDRESS /
 * MONGODB_URI name servers to use instead), runs every test file with node's test runner against them,
 * and stops them afterwards, also when tests fail or the run is interrupted.
 *
 * Node's runner because it needs no extra dependency, runs TypeScript through tsx, and its closing summary
 * is what CI reads. `--unit` runs the server-free unit tests only.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack, type Stack } from '../servers/embedded-stack';
import { freePort } from '../servers/ports';

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
  const unitOnly = process.argv.includes('--unit');
  const files = [...testFiles('unit'), ...(unitOnly ? [] : testFiles('integration'))];
  let stack: Stack | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esr-test-'));
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' };
  if (!unitOnly) {
    const started = Date.now();
    stack = await startStack({
      dataDir,
      temporalPort: await freePort(),
      mongoPort: await freePort(),
      temporalAddress: process.env.TEMPORAL_ADDRESS,
      mongodbUri: process.env.MONGODB_URI,
    });
    env.TEMPORAL_ADDRESS = stack.temporalAddress;
    env.MONGODB_URI = stack.mongodbUri;
    env.ESR_TEST_DATA_DIR = dataDir;
    const which = stack.started.length ? `started ${stack.started.join(' and ')}` : 'using external servers';
    console.log(
      `test harness: ${which} in ${Date.now() - started} ms (Temporal ${stack.temporalAddress}, MongoDB ${stack.mongodbUri})`,
    );
  }
  const stop = async () => {
    await stack?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stop().finally(() => process.exit(130)));
  }
  try {
    // One file at a time: integration tests share the servers, and the machine has two cores.
    const args = ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1', ...files];
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
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
