import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../src/logger';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

let installed = false;

/**
 * Routes the SDK's logs (including workflows' replay-safe `log`) into pino. The SDK logger takes
 * (message, meta); pino takes (object, message). Installed once per process; with `sdkMetricsAddress`
 * (`127.0.0.1:<port>`) the SDK runtime also serves its own Prometheus metrics there (task latencies, slots, polls),
 * which the worker's /metrics merges with the service's.
 */
export function installTemporalLogger(logger: Logger, opts: { sdkMetricsAddress?: string } = {}): void {
  if (installed) return;
  installed = true;
  const sdk = logger.child({ component: 'temporal' });
  Runtime.install({
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => sdk[LEVELS[level]](meta ?? {}, message)),
    ...(opts.sdkMetricsAddress
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: { bindAddress: opts.sdkMetricsAddress, useSecondsForDurations: true },
            },
          },
        }
      : {}),
  });
}
