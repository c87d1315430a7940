/**
 * The worker container's health check: healthy when a worker polls the task queue. Asks Temporal with the same
 * connection options (TLS, API key) as the worker itself. Exit 0 healthy, 1 not.
 */
import { Connection } from '@temporalio/client';
import { loadConfig } from '../src/config';
import { taskQueueHasPollers } from './task-queue-pollers';
import { temporalConnectionOptions } from './temporal-connection';

// Every file and folder this process creates (reports, the archive, .data) is for this account only: 0600/0700.
process.umask(0o077);

async function main(): Promise<boolean> {
  const config = loadConfig();
  const connection = await Connection.connect({ ...temporalConnectionOptions(config), connectTimeout: 5_000 });
  try {
    return await taskQueueHasPollers(connection, config.TEMPORAL_NAMESPACE, config.TEMPORAL_TASK_QUEUE);
  } finally {
    await connection.close();
  }
}

main().then(
  (healthy) => process.exit(healthy ? 0 : 1),
  () => process.exit(1),
);
