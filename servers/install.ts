/**
 * `npm run setup` (after `npm install`): installs the pinned embedded servers into .tools/bin.
 * Skips a server already installed at its pinned version, and one the environment points elsewhere
 * (TEMPORAL_ADDRESS, MONGODB_URI). Safe and quick to run twice.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PINNED, STAMP_FILE, TOOLS_BIN, chromiumPath, ferretdbBinary, temporalBinary } from './tools';

type Stamp = Partial<Record<keyof typeof PINNED, string>>;

function readStamp(): Stamp {
  try {
    return JSON.parse(fs.readFileSync(STAMP_FILE, 'utf8')) as Stamp;
  } catch {
    return {};
  }
}

function goAvailable(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
}

function goEnv(): NodeJS.ProcessEnv {
  // GOTOOLCHAIN=local: never let a go.mod trigger a toolchain download, which this network cannot fetch.
  return { ...process.env, GOTOOLCHAIN: 'local', GOBIN: TOOLS_BIN, CGO_ENABLED: process.env.CGO_ENABLED ?? '0' };
}

function installTemporal(): void {
  const { module, version } = PINNED.temporal;
  execFileSync('go', ['install', `${module}@${version}`], { env: goEnv(), stdio: 'inherit' });
}

function installFerretDb(): void {
  const source = path.join(__dirname, 'ferretdb');
  execFileSync('go', ['build', '-o', ferretdbBinary(), '.'], { cwd: source, env: goEnv(), stdio: 'inherit' });
}

/** The browser test drives Debian's Chromium; no test tool may download a browser of its own here. */
function ensureChromium(): void {
  const browser = chromiumPath();
  if (fs.existsSync(browser)) {
    console.log(`setup: chromium present at ${browser}`);
    return;
  }
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.error(
      `setup: ${browser} not found; install Debian's chromium package (or set CHROMIUM_PATH) for the UI test`,
    );
    process.exit(1);
  }
  console.log('setup: installing Debian chromium for the UI browser test…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
}

function main(): void {
  fs.mkdirSync(TOOLS_BIN, { recursive: true });
  ensureChromium();
  const stamp = readStamp();
  const wanted: { name: keyof typeof PINNED; external?: string; binary: string; install: () => void }[] = [
    { name: 'temporal', external: process.env.TEMPORAL_ADDRESS, binary: temporalBinary(), install: installTemporal },
    { name: 'ferretdb', external: process.env.MONGODB_URI, binary: ferretdbBinary(), install: installFerretDb },
  ];
  const todo = wanted.filter((w) => {
    if (w.external) {
      console.log(
        `setup: ${w.name} skipped, the environment points at ${w.name === 'temporal' ? 'TEMPORAL_ADDRESS' : 'MONGODB_URI'}`,
      );
      return false;
    }
    if (stamp[w.name] === PINNED[w.name].version && fs.existsSync(w.binary)) {
      console.log(`setup: ${w.name} ${PINNED[w.name].version} already installed`);
      return false;
    }
    return true;
  });
  if (todo.length === 0) return;
  if (!goAvailable()) {
    console.error(
      'setup: Go is needed to build the embedded Temporal dev server and FerretDB, and `go` was not found.\n' +
        'Either install Go (1.23 or later), or run against servers of your own: `docker compose up -d` starts\n' +
        'MongoDB, Temporal and its UI; or set TEMPORAL_ADDRESS and MONGODB_URI to servers you already have.',
    );
    process.exit(1);
  }
  for (const w of todo) {
    const started = Date.now();
    console.log(`setup: building ${w.name} ${PINNED[w.name].version} (a cold Go build takes a few minutes)…`);
    w.install();
    stamp[w.name] = PINNED[w.name].version;
    fs.writeFileSync(STAMP_FILE, JSON.stringify(stamp, null, 2));
    console.log(`setup: ${w.name} ready in ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

main();
