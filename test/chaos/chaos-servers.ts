/**
 * A chaos seed's own Temporal dev server (on its own SQLite file) and FerretDB (over the harness's PostgreSQL), so
 * that the seed can SIGKILL them and start them again on their data without touching anyone else's servers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startFerretDb, type RunningFerretDb } from '../../servers/ferretdb-server';
import { freePort } from '../../servers/ports';
import { startTemporalDevServer, type RunningTemporal } from '../../servers/temporal-dev-server';
import type { ManagedProcess } from '../../servers/managed-process';

export interface ChaosServers {
  temporalAddress: string;
  mongodbUri: string;
  /** SIGKILLs the Temporal dev server, leaves it down `downMs`, starts it again on the same port and file. */
  killTemporal(downMs: number): Promise<void>;
  /** SIGKILLs FerretDB, leaves it down `downMs`, starts it again on the same port (its data is in PostgreSQL). */
  killDatabase(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

async function sigkill(proc: ManagedProcess): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => proc.child.once('exit', () => resolve()));
  proc.child.kill('SIGKILL');
  await gone;
}

/**
 * `mongodbUri` is the harness's: its user and password are passed on to the seed's FerretDB (which hands each
 * client's on to PostgreSQL).
 */
export async function startChaosServers(
  dataDir: string,
  postgresqlUrl: string,
  mongodbUri: string,
): Promise<ChaosServers> {
  const url = new URL(mongodbUri);
  const credentials = { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  const temporalDir = fs.mkdtempSync(path.join(dataDir, 'chaos-temporal-'));
  const ferretDir = fs.mkdtempSync(path.join(dataDir, 'chaos-ferretdb-'));
  const temporalPort = await freePort();
  const mongoPort = await freePort();
  const startTemporal = () => startTemporalDevServer({ port: temporalPort, dataDir: temporalDir });
  const startDatabase = () => startFerretDb({ port: mongoPort, dataDir: ferretDir, postgresqlUrl, credentials });
  let temporal: RunningTemporal = await startTemporal();
  let database: RunningFerretDb = await startDatabase();
  // The length of an outage is a time by nature; everything else in the campaign waits on conditions.
  const down = (ms: number) => new Promise((r) => setTimeout(r, ms));
  return {
    temporalAddress: temporal.address,
    mongodbUri: database.uri,
    async killTemporal(downMs) {
      await sigkill(temporal.process);
      await down(downMs);
      temporal = await startTemporal();
    },
    async killDatabase(downMs) {
      await sigkill(database.process);
      await down(downMs);
      database = await startDatabase();
    },
    async stop() {
      await database.process.stop();
      await temporal.process.stop();
    },
  };
}
