/** `npm run worker`: one worker against whatever servers the environment names. Ctrl-C drains and stops it. */
import { ConfigError, loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { createWorker } from './create-worker';

// Every file and folder this process creates (reports, the archive, .data) is for this account only: 0600/0700.
process.umask(0o077);

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const running = await createWorker(config, logger);
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS }, 'worker polling');
  await running.run; // the SDK shuts the worker down gracefully on SIGINT/SIGTERM
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
