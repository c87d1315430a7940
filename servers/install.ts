/**
 * `npm run setup` (after `npm install`): installs the pinned embedded servers into .tools/bin.
 * Skips a server already installed at its pinned version, and one the environment points elsewhere
 * (TEMPORAL_ADDRESS, MONGODB_URI). Safe and quick to run twice.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { applyPatches } from './ferretdb/patches';
import {
  PINNED,
  STAMP_FILE,
  TOOLS_BIN,
  TOOLS_DIR,
  chromiumPath,
  ferretdbBinary,
  postgresBinDir,
  promtoolBinary,
  temporalBinary,
} from './tools';

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

/**
 * promtool, for the alert rules' test. Without service discovery (`remove_all_sd`), which promtool's rule checks
 * never use: the cloud providers' SDKs are most of a full build's time.
 */
function installPromtool(): void {
  const { module, version } = PINNED.promtool;
  execFileSync('go', ['install', '-tags', 'remove_all_sd', '-trimpath', `${module}@${version}`], {
    env: goEnv(),
    stdio: 'inherit',
  });
}

const FERRETDB_SOURCE = path.join(__dirname, 'ferretdb');

/**
 * What set-up stamps for a server: the pinned tag, and for FerretDB also a hash of its main.go, go.mod and go.sum,
 * so a change to the wrapper (the SQLite build becoming the PostgreSQL one, say) rebuilds on machines that have
 * the old binary.
 */
function stampOf(name: keyof typeof PINNED): string {
  if (name !== 'ferretdb') return PINNED[name].version;
  const hash = createHash('sha256');
  for (const file of ['main.go', 'go.mod', 'go.sum', 'patches.ts'])
    hash.update(fs.readFileSync(path.join(FERRETDB_SOURCE, file)));
  return `${PINNED.ferretdb.version}+${hash.digest('hex').slice(0, 12)}`;
}

/**
 * FerretDB is built from a patched copy of the pinned module (servers/ferretdb/patches.ts says why), through an
 * alternate go.mod that replaces the module with that copy; servers/ferretdb itself stays a plain module.
 */
function installFerretDb(): void {
  const { module, version } = PINNED.ferretdb;
  const env = goEnv();
  const download = execFileSync('go', ['mod', 'download', '-json', `${module}@${version}`], {
    cwd: FERRETDB_SOURCE,
    env,
    encoding: 'utf8',
  });
  const pristine = (JSON.parse(download) as { Dir: string }).Dir;
  const patched = path.join(TOOLS_DIR, 'src', `ferretdb-${version}`);
  fs.rmSync(patched, { recursive: true, force: true });
  fs.cpSync(pristine, patched, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', patched]);
  applyPatches(
    (file) => fs.readFileSync(path.join(patched, file), 'utf8'),
    (file, text) => fs.writeFileSync(path.join(patched, file), text),
  );
  const modfile = path.join(TOOLS_DIR, 'ferretdb.go.mod');
  const goMod = fs.readFileSync(path.join(FERRETDB_SOURCE, 'go.mod'), 'utf8');
  fs.writeFileSync(modfile, `${goMod}\nreplace ${module} ${version} => ${patched}\n`);
  fs.copyFileSync(path.join(FERRETDB_SOURCE, 'go.sum'), path.join(TOOLS_DIR, 'ferretdb.go.sum'));
  execFileSync('go', ['build', `-modfile=${modfile}`, '-o', ferretdbBinary(), '.'], {
    cwd: FERRETDB_SOURCE,
    env,
    stdio: 'inherit',
  });
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

/** FerretDB keeps its data in a PostgreSQL cluster the project starts itself, from Debian's `postgresql` binaries. */
function ensurePostgres(): void {
  if (process.env.MONGODB_URI) {
    console.log('setup: postgresql skipped, the environment points at MONGODB_URI');
    return;
  }
  const bin = postgresBinDir();
  if (bin) {
    console.log(`setup: postgresql present in ${bin}`);
    return;
  }
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) {
    console.error(
      "setup: no PostgreSQL found (/usr/lib/postgresql/*/bin/initdb); install Debian's postgresql package (as root:\n" +
        '`apt-get install postgresql`), or set POSTGRES_BIN_DIR to a folder holding initdb, postgres, pg_isready and\n' +
        'psql, or set MONGODB_URI to a MongoDB of your own. The embedded FerretDB keeps its data in PostgreSQL.',
    );
    process.exit(1);
  }
  console.log("setup: installing Debian's postgresql for the embedded FerretDB…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], {
    stdio: 'inherit',
    env,
  });
  console.log(`setup: postgresql installed in ${postgresBinDir() ?? '(not found after installing!)'}`);
}

function main(): void {
  fs.mkdirSync(TOOLS_BIN, { recursive: true });
  ensureChromium();
  ensurePostgres();
  const stamp = readStamp();
  const wanted: { name: keyof typeof PINNED; external?: string; binary: string; install: () => void }[] = [
    { name: 'temporal', external: process.env.TEMPORAL_ADDRESS, binary: temporalBinary(), install: installTemporal },
    { name: 'ferretdb', external: process.env.MONGODB_URI, binary: ferretdbBinary(), install: installFerretDb },
    { name: 'promtool', binary: promtoolBinary(), install: installPromtool },
  ];
  const todo = wanted.filter((w) => {
    if (w.external) {
      console.log(
        `setup: ${w.name} skipped, the environment points at ${w.name === 'temporal' ? 'TEMPORAL_ADDRESS' : 'MONGODB_URI'}`,
      );
      return false;
    }
    if (stamp[w.name] === stampOf(w.name) && fs.existsSync(w.binary)) {
      console.log(`setup: ${w.name} ${stampOf(w.name)} already installed`);
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
    console.log(`setup: building ${w.name} ${stampOf(w.name)} (a cold Go build takes a few minutes)…`);
    w.install();
    stamp[w.name] = stampOf(w.name);
    fs.writeFileSync(STAMP_FILE, JSON.stringify(stamp, null, 2));
    console.log(`setup: ${w.name} ready in ${Math.round((Date.now() - started) / 1000)} s`);
  }
}

main();
