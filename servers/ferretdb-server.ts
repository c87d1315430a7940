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
 */
export async function startFerretDb(opts: {
  port: number;
  dataDir: string;
  postgresqlUrl: string;
}): Promise<RunningFerretDb> {
  await assertPortFree(opts.port, 'FerretDB');
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const args = [`--listen-addr=127.0.0.1:${opts.port}`, `--postgresql-url=${opts.postgresqlUrl}`, '--log-level=error'];
  const proc = startProcess('FerretDB', ferretdbBinary(), args, path.join(opts.dataDir, 'ferretdb.log'));
  const uri = `mongodb://127.0.0.1:${opts.port}`;
  await readyOrExited(
    proc,
    waitUntil(
      `FerretDB at ${uri}`,
      async () => {
        const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 1000 });
        try {
          await client.db('admin').command({ ping: 1 });
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
