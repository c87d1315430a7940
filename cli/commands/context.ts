/**
 * What a sub-command needs, opened on first use and closed once at the end: the configuration, a Temporal client
 * and the MongoDB store. `held` and `report` never touch Temporal; `cancel` never touches MongoDB.
 */
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type Config } from '../../src/config';
import { openStore, type Store } from '../../store/store';
import { operatorIdentity } from './operator-identity';
import { temporalConnectionOptions, temporalDataConverter } from '../../workers/temporal-connection';

export interface CliContext {
  config: Config;
  temporal(): Promise<Client>;
  store(): Promise<Store>;
}

export async function withContext<T>(fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  let connection: Promise<Connection> | undefined;
  let store: Promise<Store> | undefined;
  const ctx: CliContext = {
    config,
    temporal: async () => {
      connection ??= Connection.connect(temporalConnectionOptions(config));
      return new Client({
        connection: await connection,
        namespace: config.TEMPORAL_NAMESPACE,
        dataConverter: temporalDataConverter(config),
        // Temporal records this with each request (an Update's history event names it): the same as our audit.
        identity: operatorIdentity(config),
      });
    },
    store: () => (store ??= openStore(config.MONGODB_URI, config.TIS_DB)),
  };
  try {
    return await fn(ctx);
  } finally {
    await Promise.allSettled([connection?.then((c) => c.close()), store?.then((s) => s.close())]);
  }
}
