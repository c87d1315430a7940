/** `npm run worker`: one worker against whatever servers the environment names. Ctrl-C drains and stops it. */
import { freePort } from '../servers/ports';
import { ConfigError, loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { createWorker } from './create-worker';
import { serveWorkerMetrics } from './metrics-server';
import { installTemporalLogger } from './temporal-logger';

// Every file and folder this process creates (reports, the archive, .data) is for this account only: 0600/0700.
process.umask(0o077);

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  // The SDK's own exporter listens on loopback only; /metrics on METRICS_PORT serves its figures with ours.
  const sdkMetricsPort = await freePort();
  installTemporalLogger(logger, { sdkMetricsAddress: `127.0.0.1:${sdkMetricsPort}` });
  const running = await createWorker(config, logger);
  const metrics = await serveWorkerMetrics(running, {
    host: config.METRICS_HOST,
    port: config.METRICS_PORT,
    sdkMetricsPort,
    logger,
  });
  logger.info(
    { taskQueue: config.TEMPORAL_TASK_QUEUE, temporal: config.TEMPORAL_ADDRESS, metrics: metrics.url },
    'worker polling',
  );
  try {
    await running.run; // the SDK shuts the worker down gracefully on SIGINT/SIGTERM
  } finally {
    await metrics.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
