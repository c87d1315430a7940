import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../src/logger';

export interface MetricsServerOptions {
  host: string;
  /** 0: a free port. */
  port: number;
  /** The service's metrics (counters, scrape-time gauges, process figures). */
  registry: Registry;
  /** Where the Temporal SDK runtime's own Prometheus exporter listens (loopback), merged into /metrics. */
  sdkMetricsUrl?: string;
  /** Liveness: the worker has not stopped or failed. */
  alive: () => boolean;
  /** Readiness: the worker runs and Temporal sees a poller on its task queue. */
  ready: () => Promise<boolean>;
  logger: Logger;
}

export interface MetricsServer {
  /** e.g. http://127.0.0.1:9464/metrics */
  url: string;
  close(): Promise<void>;
}

/**
 * The worker's HTTP face for the platform: `/metrics` (Prometheus text: the service's metrics followed by the
 * Temporal SDK's `temporal_…` ones), `/healthz` for an orchestrator's liveness probe and `/readyz` for its readiness
 * probe. Answers GET only; nothing personal is ever in what it serves.
 */
export async function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const answer = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET') return answer(405, 'GET only\n');
    if (path === '/metrics') {
      void metricsText(opts).then(
        (text) => answer(200, text, opts.registry.contentType),
        (err: unknown) => {
          opts.logger.warn({ error: (err as Error).name }, 'metrics could not be collected');
          answer(500, 'metrics could not be collected\n');
        },
      );
      return;
    }
    if (path === '/healthz') return opts.alive() ? answer(200, 'ok\n') : answer(503, 'worker stopped\n');
    if (path === '/readyz') {
      void opts.ready().then(
        (ready) => (ready ? answer(200, 'ready\n') : answer(503, 'not polling\n')),
        () => answer(503, 'Temporal not reachable\n'),
      );
      return;
    }
    answer(404, 'not found: /metrics, /healthz, /readyz\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function metricsText(opts: MetricsServerOptions): Promise<string> {
  const own = await opts.registry.metrics();
  if (!opts.sdkMetricsUrl) return own;
  try {
    const sdk = await fetch(opts.sdkMetricsUrl, { signal: AbortSignal.timeout(5_000) });
    return `${own}\n${await sdk.text()}`;
  } catch {
    // The service's metrics still count when the SDK's exporter does not answer.
    return `${own}\n# the Temporal SDK's metrics could not be read\n`;
  }
}

/** What the worker process and `npm start` serve: this worker's metrics, liveness and readiness. */
export async function serveWorkerMetrics(
  running: { worker: { getState(): string }; metrics: { registry: Registry }; polling(): Promise<boolean> },
  opts: { host: string; port: number; sdkMetricsPort?: number; logger: Logger },
): Promise<MetricsServer> {
  return startMetricsServer({
    host: opts.host,
    port: opts.port,
    registry: running.metrics.registry,
    ...(opts.sdkMetricsPort ? { sdkMetricsUrl: `http://127.0.0.1:${opts.sdkMetricsPort}/metrics` } : {}),
    alive: () => !['STOPPED', 'FAILED'].includes(running.worker.getState()),
    ready: async () => running.worker.getState() === 'RUNNING' && (await running.polling()),
    logger: opts.logger,
  });
}
