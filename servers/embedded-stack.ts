import fs from 'node:fs';
import { startFerretDb } from './ferretdb-server';
import { startPostgres } from './postgres-server';
import { startTemporalDevServer } from './temporal-dev-server';

export interface StackOptions {
  dataDir: string;
  temporalPort: number;
  uiPort?: number;
  /** More Temporal namespaces for the embedded dev server to create. */
  extraNamespaces?: string[];
  /** Given to the dev server's Web UI as its codec server. */
  codecEndpoint?: string;
  /** The dev server's namespaces keep closed workflows this many days (RETENTION_DAYS). */
  retentionDays?: number;
  mongoPort: number;
  /** FerretDB's PostgreSQL cluster; omitted: a free port. */
  postgresPort?: number;
  /**
   * true (`npm start`): the PostgreSQL cluster under FerretDB keeps PostgreSQL's crash-safe defaults. false (the
   * default; tests, benchmarks): a throw-away cluster with fsync off.
   */
  durable?: boolean;
  /** External servers win over embedded ones, as everywhere in this project. */
  temporalAddress?: string;
  mongodbUri?: string;
}

export interface Stack {
  temporalAddress: string;
  mongodbUri: string;
  uiUrl?: string;
  /** The PostgreSQL database under the embedded FerretDB, and its cluster's folder (absent with MONGODB_URI). */
  postgresUrl?: string;
  /** A libpq password file (PGPASSFILE) for psql against that cluster. */
  postgresPassFile?: string;
  postgresClusterDir?: string;
  /** What this stack started itself: temporal, postgres, ferretdb (external servers are not ours to stop). */
  started: string[];
  stop(): Promise<void>;
}

/**
 * Starts whichever of the embedded servers the environment does not already provide: the Temporal dev server, and
 * alongside it PostgreSQL then FerretDB on it. stop() stops them in reverse order.
 */
export async function startStack(opts: StackOptions): Promise<Stack> {
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  // The Temporal dev server and FerretDB together, then the PostgreSQL under FerretDB. A second call (a signal
  // handler and a finally block, say) waits for the first to finish rather than returning at once.
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const all = stops.splice(0).reverse();
      await Promise.allSettled(all.filter((s) => s.name !== 'postgres').map((s) => s.stop()));
      await Promise.allSettled(all.filter((s) => s.name === 'postgres').map((s) => s.stop()));
    })());

  const temporal = async () => {
    if (opts.temporalAddress) return { address: opts.temporalAddress, uiUrl: undefined };
    const server = await startTemporalDevServer({
      port: opts.temporalPort,
      uiPort: opts.uiPort,
      codecEndpoint: opts.codecEndpoint,
      retentionDays: opts.retentionDays,
      extraNamespaces: opts.extraNamespaces,
      dataDir: opts.dataDir,
    });
    stops.push({ name: 'temporal', stop: () => server.process.stop() });
    return { address: server.address, uiUrl: server.uiUrl };
  };
  const mongo = async (): Promise<{
    uri: string;
    postgresUrl?: string;
    postgresPassFile?: string;
    postgresClusterDir?: string;
  }> => {
    if (opts.mongodbUri) return { uri: opts.mongodbUri };
    const postgres = await startPostgres({
      dataDir: opts.dataDir,
      port: opts.postgresPort,
      durable: opts.durable ?? false,
    });
    stops.push({ name: 'postgres', stop: () => postgres.stop() });
    const ferret = await startFerretDb({
      port: opts.mongoPort,
      dataDir: opts.dataDir,
      postgresqlUrl: postgres.url,
      credentials: postgres.mongoCredentials,
    });
    stops.push({ name: 'ferretdb', stop: () => ferret.process.stop() });
    return {
      uri: ferret.uri,
      postgresUrl: postgres.url,
      postgresPassFile: postgres.passFile,
      postgresClusterDir: postgres.clusterDir,
    };
  };

  // The two halves start side by side (the dev server takes a few seconds, PostgreSQL and FerretDB about as long).
  const [t, m] = await Promise.allSettled([temporal(), mongo()]);
  if (t.status === 'rejected' || m.status === 'rejected') {
    await stop();
    throw t.status === 'rejected' ? t.reason : (m as PromiseRejectedResult).reason;
  }
  return {
    temporalAddress: t.value.address,
    mongodbUri: m.value.uri,
    uiUrl: t.value.uiUrl,
    postgresUrl: m.value.postgresUrl,
    postgresPassFile: m.value.postgresPassFile,
    postgresClusterDir: m.value.postgresClusterDir,
    started: stops.map((s) => s.name),
    stop,
  };
}
