import { MongoClient } from 'mongodb';
import fs from 'node:fs';
import path from 'node:path';
import { startProcess, readyOrExited, type ManagedProcess } from './managed-process';
import { assertPortFree, waitUntil } from './ports';
import { ferretdbBinary } from './tools';

export interface RunningFerretDb {
  uri: string;
  process: ManagedProcess;
}

/**
 * Starts FerretDB on its PostgreSQL backend: each MongoDB database is a schema in the PostgreSQL database that
 * postgresqlUrl names (servers/postgres-server.ts starts one). Its log goes to dataDir/ferretdb.log.
 *
 * postgresqlUrl carries no credentials: FerretDB 1.24 passes each client's user and password (MongoDB's PLAIN
 * mechanism) on to PostgreSQL, which checks them (scram-sha-256), so a client without them reads nothing. The
 * returned uri carries `credentials`: it is a secret, handed to processes through their environment only.
 */
export async function startFerretDb(opts: {
  port: number;
  dataDir: string;
  postgresqlUrl: string;
  credentials: { username: string; password: string };
}): Promise<RunningFerretDb> {
  await assertPortFree(opts.port, 'FerretDB');
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const args = [`--listen-addr=127.0.0.1:${opts.port}`, `--postgresql-url=${opts.postgresqlUrl}`, '--log-level=error'];
  const proc = startProcess('FerretDB', ferretdbBinary(), args, path.join(opts.dataDir, 'ferretdb.log'));
  const { username, password } = opts.credentials;
  // PLAIN is the one mechanism FerretDB 1.24 takes with its PostgreSQL backend; it is over loopback only.
  const uri =
    `mongodb://${encodeURIComponent(username)}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/` +
    '?authMechanism=PLAIN&authSource=%24external';
  await readyOrExited(
    proc,
    waitUntil(
      `FerretDB at 127.0.0.1:${opts.port}`,
      async () => {
        const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 1000 });
        try {
          // ping answers without touching PostgreSQL; listing databases proves the credentials too.
          await client.db('admin').command({ listDatabases: 1, nameOnly: true });
          return true;
        } finally {
          await client.close();
        }
      },
      30_000,
    ),
  );
  return { uri, process: proc };
}
