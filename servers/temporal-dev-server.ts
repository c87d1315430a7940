import { Connection } from '@temporalio/client';
import fs from 'node:fs';
import path from 'node:path';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../src/search-attributes';
import { setNamespaceRetention } from '../workers/namespace-retention';
import { startProcess, readyOrExited, type ManagedProcess } from './managed-process';
import { assertPortFree, waitUntil } from './ports';
import { temporalBinary } from './tools';

export interface TemporalDevServerOptions {
  port: number;
  uiPort?: number; // omitted: headless
  dataDir: string;
  namespace?: string;
  /** More namespaces to create at start (the test harness runs test files side by side, one namespace each). */
  extraNamespaces?: string[];
  /** The codec server the Web UI decodes payloads through (`--ui-codec-endpoint`). */
  codecEndpoint?: string;
  /** Each namespace keeps closed workflows this many days (RETENTION_DAYS); omitted: the dev server's default. */
  retentionDays?: number;
}

export interface RunningTemporal {
  address: string;
  uiUrl?: string;
  process: ManagedProcess;
}

/**
 * The codec endpoint carries the Web UI's token, so it goes in a 0600 file rather than on the command line (which
 * `ps` shows every local account): the CLI reads any flag's value from its environment file (`--env-file`, the
 * `env:` map of flag names, chosen by `--env`).
 */
function codecEndpointArgs(dataDir: string, endpoint: string): string[] {
  const file = path.join(dataDir, 'temporal-cli-env.yaml');
  fs.rmSync(file, { force: true });
  // JSON is YAML; wx with 0600: a fresh file only this account reads.
  fs.writeFileSync(file, JSON.stringify({ env: { [CLI_ENV]: { 'ui-codec-endpoint': endpoint } } }), {
    mode: 0o600,
    flag: 'wx',
  });
  return ['--env-file', file, '--env', CLI_ENV];
}

const CLI_ENV = 'esr-embedded';

/** Starts `temporal server start-dev` persisted to SQLite in dataDir, with our search attributes registered. */
export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<RunningTemporal> {
  await assertPortFree(opts.port, 'the Temporal dev server');
  if (opts.uiPort) await assertPortFree(opts.uiPort, 'the Temporal Web UI');
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--namespace',
    opts.namespace ?? 'default',
    ...(opts.extraNamespaces ?? []).flatMap((ns) => ['--namespace', ns]),
    '--db-filename',
    path.join(opts.dataDir, 'temporal.db'),
    // The SDK's own CI settings: the SQLite plugin has one connection, and these keep it from being the bottleneck.
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=OFF',
    // An activity scheduled by a workflow task goes back to the worker with the task's answer, not through
    // matching; and our search attributes are registered at start, so reads may use the server's cache (the dev
    // server re-reads them from SQLite on every use by default, so that late registrations show at once).
    '--dynamic-config-value',
    'system.enableActivityEagerExecution=true',
    '--dynamic-config-value',
    'system.forceSearchAttributesCacheRefreshOnRead=false',
    '--log-level',
    'warn',
    ...(opts.uiPort ? ['--ui-port', String(opts.uiPort)] : ['--headless']),
    ...(opts.uiPort && opts.codecEndpoint ? codecEndpointArgs(opts.dataDir, opts.codecEndpoint) : []),
    ...Object.entries(CUSTOM_SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
  ];
  const proc = startProcess('Temporal dev server', temporalBinary(), args, path.join(opts.dataDir, 'temporal.log'));
  const address = `127.0.0.1:${opts.port}`;
  await readyOrExited(
    proc,
    waitUntil(
      `the Temporal dev server at ${address}`,
      async () => {
        const connection = await Connection.connect({ address, connectTimeout: 1000 });
        try {
          await connection.workflowService.getSystemInfo({});
          if (opts.retentionDays)
            for (const ns of [opts.namespace ?? 'default', ...(opts.extraNamespaces ?? [])])
              await setNamespaceRetention(connection, ns, opts.retentionDays);
          return true;
        } finally {
          await connection.close();
        }
      },
      60_000,
    ),
  );
  return { address, uiUrl: opts.uiPort ? `http://localhost:${opts.uiPort}` : undefined, process: proc };
}
