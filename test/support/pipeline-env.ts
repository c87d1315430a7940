/**
 * One isolated slice of the harness's real servers per test file: its own database, inbox, task queue and
 * worker, plus a Temporal client and a local notification endpoint.
 */
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { createLogger, type Logger } from '../../src/logger';
import { startNotificationReceiver, type NotificationReceiver } from '../../servers/notification-receiver';
import { createWorker, type RunningWorker } from '../../workers/create-worker';
import { connectTemporalClient } from '../../workers/temporal-connection';

export interface PipelineEnv {
  config: Config;
  client: Client;
  worker: RunningWorker;
  receiver: NotificationReceiver;
  inboxDir: string;
  reportsDir: string;
  store: RunningWorker['store'];
  close(): Promise<void>;
}

const SECRET = 'test-secret-0123456789abcdef';

export async function startPipelineEnv(
  name: string,
  overrides: Record<string, string> = {},
  opts: { monitorCommands?: boolean; logger?: Logger; now?: () => Date } = {},
): Promise<PipelineEnv> {
  const suffix = `${name}_${randomUUID().slice(0, 8)}`;
  const inboxDir = fs.mkdtempSync(path.join(process.env.ESR_TEST_DATA_DIR ?? os.tmpdir(), `inbox-${name}-`));
  const reportsDir = fs.mkdtempSync(path.join(process.env.ESR_TEST_DATA_DIR ?? os.tmpdir(), `reports-${name}-`));
  const receiver = await startNotificationReceiver({ secret: SECRET });
  const config = loadConfig({
    ...process.env,
    TIS_DB: `t_${suffix}`.slice(0, 60),
    TEMPORAL_TASK_QUEUE: `q-${suffix}`,
    ESR_INBOX_DIR: inboxDir,
    REPORTS_DIR: reportsDir,
    // Tests name the offices they expect; by default none, so a day of one office's file lists no MISSING ones.
    ESR_EXPECTED_OFFICES: 'none',
    NOTIFY_URL: receiver.url,
    NOTIFY_SECRET: SECRET,
    NOTIFY_TIMEOUT_MS: '2000',
    // Tests write a file and run at once; the age check has its own test.
    ESR_FILE_MIN_AGE_MS: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...overrides,
  });
  const worker = await createWorker(config, opts.logger ?? createLogger({ level: config.LOG_LEVEL }), opts);
  const client = await connectTemporalClient(config);
  return {
    config,
    client,
    worker,
    receiver,
    inboxDir,
    reportsDir,
    store: worker.store,
    async close() {
      await worker.store.db.dropDatabase().catch(() => undefined);
      await worker.shutdown();
      await client.connection.close();
      await receiver.close();
    },
  };
}
