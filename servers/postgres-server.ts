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
import { createHash, randomBytes } from 'node:crypto';
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
  /**
   * The database FerretDB uses, without credentials (e.g. postgres://127.0.0.1:54321/ferretdb): FerretDB passes
   * each MongoDB client's own to PostgreSQL, so a client without them gets nothing.
   */
  url: string;
  /** A libpq password file (PGPASSFILE, 0600) with the superuser's and FerretDB role's passwords, for psql. */
  passFile: string;
  /** FerretDB's PostgreSQL role, which MongoDB clients authenticate as (PLAIN, passed on to PostgreSQL). */
  mongoCredentials: { username: string; password: string };
  port: number;
  clusterDir: string;
  binDir: string;
  process: ManagedProcess;
  /** Fast shutdown (SIGINT); a throw-away cluster kept outside dataDir is then removed. */
  stop(): Promise<void>;
}

/** The database FerretDB keeps its schemas (one per MongoDB database) in. */
export const FERRETDB_DATABASE = 'ferretdb';
/** FerretDB's PostgreSQL role, the MongoDB user name. */
export const FERRETDB_ROLE = 'esr';
const SUPERUSER = 'postgres';

interface ClusterSecrets {
  superuser: string;
  ferretdb: string;
}

/**
 * The cluster's passwords, generated on first use and kept in dataDir (0600; dataDir itself is 0700): the
 * superuser's in postgres-password, FerretDB's role's in mongodb-password.
 */
function clusterSecrets(dataDir: string): ClusterSecrets {
  const secret = (name: string) => {
    const file = path.join(dataDir, name);
    try {
      // wx: a fresh file, never through a link someone left; base64url: safe in a pgpass line and a URI.
      fs.writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.uid !== process.getuid?.() || st.mode & 0o077)
      throw new Error(`${file} must be a file of this account readable by it alone (0600)`);
    return fs.readFileSync(file, 'utf8').trim();
  };
  return { superuser: secret('postgres-password'), ferretdb: secret('mongodb-password') };
}

/** libpq's password file for this start's port: psql and createdb read it (PGPASSFILE), no password in argv. */
function writePassFile(file: string, port: number, secrets: ClusterSecrets): void {
  fs.rmSync(file, { force: true });
  const lines = [
    `127.0.0.1:${port}:*:${SUPERUSER}:${secrets.superuser}`,
    `127.0.0.1:${port}:*:${FERRETDB_ROLE}:${secrets.ferretdb}`,
  ];
  fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
}

/** Password (scram-sha-256) over TCP on loopback, nothing else: no trust, no peer, no socket. */
function writeHba(file: string, user: ServerUser): void {
  fs.writeFileSync(
    file,
    '# Written by servers/postgres-server.ts at each start.\n' +
      'host all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n',
    { mode: 0o600 },
  );
  if (user.uid !== undefined) fs.chownSync(file, user.uid, user.gid!);
}

/** initdb reads the superuser's password from a file the server's user can read: a private one, gone at once. */
async function withPasswordFile(user: ServerUser, password: string, use: (file: string) => Promise<void>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esr-pw-'));
  try {
    const file = path.join(dir, 'pwfile');
    fs.writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
    if (user.uid !== undefined) {
      fs.chownSync(dir, user.uid, user.gid!);
      fs.chownSync(file, user.uid, user.gid!);
    }
    await use(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** FerretDB's role, made or brought in line; the superuser's password set too when the cluster had none (trust). */
const rolesSql = (secrets: ClusterSecrets, setSuperuser: boolean) => `
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${FERRETDB_ROLE}') THEN CREATE ROLE ${FERRETDB_ROLE}; END IF;
END $$;
ALTER ROLE ${FERRETDB_ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD ${sqlString(secrets.ferretdb)};
${setSuperuser ? `ALTER ROLE ${SUPERUSER} PASSWORD ${sqlString(secrets.superuser)};` : ''}
`;

/** In FerretDB's database: it and every schema and table FerretDB made belong to its role (clusters made earlier). */
const OWNERSHIP_SQL = `
ALTER DATABASE ${FERRETDB_DATABASE} OWNER TO ${FERRETDB_ROLE};
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT nspname FROM pg_namespace
    WHERE nspname NOT LIKE 'pg\\_%' AND nspname NOT IN ('information_schema', 'public')
      AND nspowner <> (SELECT oid FROM pg_roles WHERE rolname = '${FERRETDB_ROLE}') LOOP
    EXECUTE format('ALTER SCHEMA %I OWNER TO ${FERRETDB_ROLE}', r.nspname);
  END LOOP;
  FOR r IN SELECT schemaname, tablename FROM pg_tables
    WHERE schemaname NOT LIKE 'pg\\_%' AND schemaname <> 'information_schema' AND tableowner <> '${FERRETDB_ROLE}' LOOP
    EXECUTE format('ALTER TABLE %I.%I OWNER TO ${FERRETDB_ROLE}', r.schemaname, r.tablename);
  END LOOP;
END $$;
`;

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
  opts: { uid?: number; gid?: number; logFile?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      uid: opts.uid,
      gid: opts.gid,
      cwd: '/',
      env: opts.env,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    // SQL holding a password goes in on stdin, never as an argument (which ps shows every account).
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    let output = '';
    child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
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
  const secrets = clusterSecrets(opts.dataDir);
  const passFile = path.join(opts.dataDir, 'pgpass');
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
      await withPasswordFile(user, secrets.superuser, async (pwfile) => {
        const args = ['-D', dir, '-U', SUPERUSER, '--auth=scram-sha-256', `--pwfile=${pwfile}`, '-E', 'UTF8'];
        args.push('--no-locale', ...(opts.durable ? [] : ['--no-sync']));
        await run(bin('initdb'), args, { uid: user.uid, gid: user.gid, logFile });
      });
    }
    // A cluster made before passwords (initdb --auth=trust) starts as it was once more, to be given them below.
    const hba = path.join(dir, 'pg_hba.conf');
    const wasTrust = /^\s*host\S*\s.*\strust\s*$/m.test(fs.readFileSync(hba, 'utf8'));
    if (!wasTrust) writeHba(hba, user);
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
    writePassFile(passFile, port, secrets);
    const client = ['-h', '127.0.0.1', '-p', String(port), '-U', SUPERUSER];
    const env = { ...process.env, PGPASSFILE: passFile, PGPASSWORD: '' };
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
    const psql = (database: string, sql: string) =>
      run(bin('psql'), [...client, '-d', database, '-XAtq', '-v', 'ON_ERROR_STOP=1'], { env, input: sql });
    // FerretDB's role: no superuser (which could run programs as the cluster's owner), owning its one database.
    await psql('postgres', rolesSql(secrets, wasTrust));
    const exists = await psql('postgres', `SELECT 1 FROM pg_database WHERE datname = '${FERRETDB_DATABASE}';`);
    if (exists.trim() !== '1')
      await run(bin('createdb'), [...client, '--owner', FERRETDB_ROLE, FERRETDB_DATABASE], { env });
    await psql(FERRETDB_DATABASE, OWNERSHIP_SQL);
    if (wasTrust) {
      writeHba(hba, user);
      await psql('postgres', 'SELECT pg_reload_conf();');
    }
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
    url: `postgres://127.0.0.1:${port}/${FERRETDB_DATABASE}`,
    passFile,
    mongoCredentials: { username: FERRETDB_ROLE, password: secrets.ferretdb },
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
