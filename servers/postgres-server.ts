/**
 * A PostgreSQL cluster the project manages itself, for FerretDB to keep its data in. It runs Debian's
 * `postgresql` binaries (the newest /usr/lib/postgresql/<major>/bin, or POSTGRES_BIN_DIR), which are not on PATH.
 *
 * PostgreSQL refuses to run as root, so as root initdb and postgres run as the `postgres` system user; otherwise as
 * the current user. The cluster lives in <dataDir>/postgres when that user can reach it. When it cannot (a checkout
 * under a private home, or a data folder made by mkdtemp, mode 0700 and owned by root), it lives outside:
 * - a durable cluster in /var/tmp/esr-person-update-pg/<first 12 hex of sha256(absolute dataDir)>/postgres, the same
 *   folder each time for the same data folder (a file `data-dir` beside it names that folder);
 * - a throw-away cluster in a fresh mkdtemp folder under the temporary folder, removed when it stops.
 * A log line says which.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProcess, readyOrExited, type ManagedProcess } from './managed-process';
import { assertPortFree, freePort, waitUntil } from './ports';
import { postgresBinDir } from './tools';

export interface PostgresOptions {
  /** The project's data folder; the cluster goes in <dataDir>/postgres when the server's user can reach it. */
  dataDir: string;
  /** Omitted: a free port. */
  port?: number;
  /**
   * true (`npm start`): PostgreSQL's crash-safe defaults. false (tests, benchmarks): a throw-away cluster with
   * fsync, synchronous_commit and full_page_writes off, which a crash of the machine may corrupt.
   */
  durable: boolean;
  /** Where the "cluster in …" line goes; console.log by default. */
  log?: (line: string) => void;
}

export interface RunningPostgres {
  /** The database FerretDB uses, e.g. postgres://postgres@127.0.0.1:54321/ferretdb. */
  url: string;
  port: number;
  clusterDir: string;
  binDir: string;
  process: ManagedProcess;
  /** Fast shutdown (SIGINT); a throw-away cluster kept outside dataDir is then removed. */
  stop(): Promise<void>;
}

/** The database FerretDB keeps its schemas (one per MongoDB database) in. */
export const FERRETDB_DATABASE = 'ferretdb';

/** Settings sized for the 2-core, 24 GiB development machines; nothing measured finer than that. */
const SETTINGS = ['shared_buffers=256MB', 'max_connections=200', 'listen_addresses=127.0.0.1'];
const THROW_AWAY_SETTINGS = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];

interface ServerUser {
  name: string;
  /** Set when we are root and the server runs as `postgres`. */
  uid?: number;
  gid?: number;
}

function serverUser(): ServerUser {
  if (process.getuid?.() !== 0) return { name: os.userInfo().username };
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { name: 'postgres', uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      "PostgreSQL refuses to run as root and there is no `postgres` user to run it as: install Debian's postgresql " +
        'package (`npm run setup` does, as root), or set MONGODB_URI to a MongoDB of your own',
    );
  }
}

/** Whether uid/gid (no supplementary groups: spawn drops them) can search dir and every folder above it. */
function reachable(dir: string, uid: number, gid: number): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    let st: fs.Stats;
    try {
      st = fs.statSync(d);
    } catch {
      return false;
    }
    const bit = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

interface Location {
  dir: string;
  /** Made for this run only and removed when it stops. */
  throwAway: boolean;
  /** Why the cluster is not in <dataDir>/postgres, for the log line. */
  why?: string;
}

function clusterLocation(dataDir: string, durable: boolean, user: ServerUser): Location {
  const absolute = path.resolve(dataDir);
  const wanted = path.join(absolute, 'postgres');
  if (user.uid === undefined || reachable(absolute, user.uid, user.gid!)) return { dir: wanted, throwAway: false };
  const why = `the ${user.name} user cannot reach ${absolute}`;
  if (durable) {
    const base = path.join(SHARED_CLUSTER_ROOT, 'esr-person-update-pg');
    const mine = path.join(base, createHash('sha256').update(absolute).digest('hex').slice(0, 12));
    // The shared folder: ours, searchable (not listable) by the server's user; its cluster folder: that user's, 0700.
    privateFolder(base, { owners: [process.getuid!()], mode: 0o711 });
    privateFolder(mine, { owners: [process.getuid!(), user.uid], mode: 0o700, chownTo: user });
    const note = fs.openSync(
      path.join(mine, 'data-dir'),
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW,
      0o600,
    );
    fs.writeSync(note, `${absolute}\n`);
    fs.closeSync(note);
    return { dir: path.join(mine, 'postgres'), throwAway: false, why };
  }
  const tmp = [os.tmpdir(), '/var/tmp', '/tmp'].find((d) => reachable(d, user.uid!, user.gid!));
  if (!tmp) throw new Error(`no temporary folder the ${user.name} user can reach for a throw-away PostgreSQL cluster`);
  removeAbandoned(tmp, [process.getuid?.(), user.uid]);
  return { dir: fs.mkdtempSync(path.join(tmp, THROW_AWAY_PREFIX)), throwAway: true, why };
}

/** Thrown when a folder the cluster would live in is not safely ours: a symlink, another account's, or open to others. */
export class UnsafeClusterFolderError extends Error {
  constructor(
    readonly folder: string,
    reason: string,
  ) {
    super(`refusing to use ${folder} for the PostgreSQL cluster: ${reason}; remove it or set MONGODB_URI`);
    this.name = 'UnsafeClusterFolderError';
  }
}

/** Where a durable cluster goes when the server's user cannot reach the data folder. */
const SHARED_CLUSTER_ROOT = '/var/tmp';

/**
 * Makes `dir` (mode `mode`) or checks the one there, in a world-writable parent where anyone could have made it
 * first: it must be a real folder (lstat: a symlink is never followed), owned by one of `owners`, writable by no
 * one else; only then is its mode set (and its owner, to `chownTo`), through a descriptor opened with O_NOFOLLOW.
 */
export function privateFolder(
  dir: string,
  opts: { owners: (number | undefined)[]; mode: number; chownTo?: { uid?: number; gid?: number } },
): void {
  try {
    fs.mkdirSync(dir, { mode: opts.mode });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const st = fs.lstatSync(dir);
  if (st.isSymbolicLink()) throw new UnsafeClusterFolderError(dir, 'it is a symbolic link');
  if (!st.isDirectory()) throw new UnsafeClusterFolderError(dir, 'it is not a folder');
  if (!opts.owners.includes(st.uid))
    throw new UnsafeClusterFolderError(dir, `it belongs to another account (${st.uid})`);
  if (st.mode & 0o022 && st.uid !== process.getuid?.())
    throw new UnsafeClusterFolderError(dir, 'others may write to it');
  const fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW);
  try {
    const again = fs.fstatSync(fd);
    if (again.ino !== st.ino || again.dev !== st.dev)
      throw new UnsafeClusterFolderError(dir, 'it changed while checked');
    if (opts.chownTo?.uid !== undefined) fs.fchownSync(fd, opts.chownTo.uid, opts.chownTo.gid!);
    fs.fchmodSync(fd, opts.mode);
  } finally {
    fs.closeSync(fd);
  }
}

const THROW_AWAY_PREFIX = 'esr-pg-';
/** In a throw-away cluster's folder: the id of the process that started it. */
const OWNER_FILE = 'esr-owner.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes throw-away clusters left behind by a process that was killed before it could stop them: those whose
 * owner is gone and whose postmaster is not running. Folders without an owner file are left alone.
 */
function removeAbandoned(tmp: string, owners: (number | undefined)[]): void {
  for (const name of fs.readdirSync(tmp)) {
    if (!name.startsWith(THROW_AWAY_PREFIX)) continue;
    const dir = path.join(tmp, name);
    try {
      // Only real folders of ours or of the server's user: anyone can make a folder of that name here.
      const st = fs.lstatSync(dir);
      if (!st.isDirectory() || !owners.includes(st.uid)) continue;
      const owner = Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8'));
      if (!owner || alive(owner)) continue;
      const postmaster = path.join(dir, 'postmaster.pid');
      if (fs.existsSync(postmaster) && alive(Number(fs.readFileSync(postmaster, 'utf8').split('\n')[0]))) continue;
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // not ours, not readable, or gone meanwhile
    }
  }
}

/** Runs a short command to its end; rejects with the tail of its output when it fails. */
function run(
  command: string,
  args: string[],
  opts: { uid?: number; gid?: number; logFile?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { uid: opts.uid, gid: opts.gid, cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (opts.logFile) fs.appendFileSync(opts.logFile, output);
      if (code === 0) resolve(output);
      else
        reject(
          new Error(`${path.basename(command)} ${args.join(' ')} failed (code ${code}): ${output.trim().slice(-800)}`),
        );
    });
  });
}

export async function startPostgres(opts: PostgresOptions): Promise<RunningPostgres> {
  const binDir = postgresBinDir();
  if (!binDir || !fs.existsSync(path.join(binDir, 'postgres'))) {
    throw new Error(
      `PostgreSQL not found (${binDir ?? '/usr/lib/postgresql/*/bin'}): run \`npm run setup\` (as root it installs ` +
        "Debian's postgresql), set POSTGRES_BIN_DIR, or set MONGODB_URI to a MongoDB of your own",
    );
  }
  const bin = (name: string) => path.join(binDir, name);
  const port = opts.port ?? (await freePort());
  await assertPortFree(port, 'PostgreSQL');
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const logFile = path.join(opts.dataDir, 'postgres.log');
  const user = serverUser();
  const where = clusterLocation(opts.dataDir, opts.durable, user);
  const dir = where.dir;
  const removeThrowAway = () => {
    if (where.throwAway) fs.rmSync(dir, { recursive: true, force: true });
  };

  let proc: ManagedProcess | undefined;
  let fresh = false;
  try {
    privateFolder(dir, { owners: [process.getuid?.(), user.uid], mode: 0o700, chownTo: user });
    fresh = !fs.existsSync(path.join(dir, 'PG_VERSION'));
    if (fresh) {
      const args = ['-D', dir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale'];
      if (!opts.durable) args.push('--no-sync');
      await run(bin('initdb'), args, { uid: user.uid, gid: user.gid, logFile });
    }
    if (where.throwAway) fs.writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
    const settings = [
      ...SETTINGS,
      `port=${port}`,
      // TCP only: no socket file, so no folder to share with the server's user and no path-length limit.
      'unix_socket_directories=',
      ...(opts.durable ? [] : THROW_AWAY_SETTINGS),
    ];
    const args = ['-D', dir, ...settings.flatMap((s) => ['-c', s])];
    proc = startProcess('PostgreSQL', bin('postgres'), args, logFile, {
      stopSignal: 'SIGINT',
      uid: user.uid,
      gid: user.gid,
      cwd: '/',
    });
    const client = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'];
    await readyOrExited(
      proc,
      waitUntil(
        `PostgreSQL on 127.0.0.1:${port}`,
        async () => {
          await run(bin('pg_isready'), [...client, '-d', 'postgres', '-q']);
          return true;
        },
        60_000,
      ),
    );
    const exists = await run(bin('psql'), [
      ...client,
      '-d',
      'postgres',
      '-XAtc',
      `SELECT 1 FROM pg_database WHERE datname = '${FERRETDB_DATABASE}'`,
    ]);
    if (exists.trim() !== '1') await run(bin('createdb'), [...client, FERRETDB_DATABASE]);
  } catch (err) {
    await proc?.stop();
    removeThrowAway();
    throw err;
  }

  const major = fs.readFileSync(path.join(dir, 'PG_VERSION'), 'utf8').trim();
  (opts.log ?? console.log)(
    `PostgreSQL ${major}: ${fresh ? 'new' : 'existing'} ${opts.durable ? 'durable' : 'throw-away'} cluster in ${dir}` +
      ` on 127.0.0.1:${port}, run as ${user.name}${where.why ? ` (outside the data folder: ${where.why})` : ''}`,
  );
  const running = proc;
  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${FERRETDB_DATABASE}`,
    port,
    clusterDir: dir,
    binDir,
    process: running,
    stop: () =>
      (stopping ??= (async () => {
        await running.stop();
        removeThrowAway();
      })()),
  };
}
