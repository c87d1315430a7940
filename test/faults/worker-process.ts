/**
 * The worker as its own process (`workers/main.ts`), so a fault test can SIGKILL it as the kernel or an operator
 * would, and start it again. It loads a prebuilt workflow bundle, so a restart takes seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../src/config';

const root = path.resolve(__dirname, '..', '..');

export interface WorkerProcess {
  readonly pid: number | undefined;
  /** SIGKILL: no drain, no goodbye; in-flight activities are lost and Temporal times them out. */
  kill(): Promise<void>;
  /** SIGTERM, for the end of a scenario. */
  stop(): Promise<void>;
}

/** A worker process's environment from a test's config (lists joined as the config reads them back). */
export function workerProcessEnv(config: Config): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(
      Object.entries(config)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, Array.isArray(v) ? v.join(',') || 'none' : String(v)]),
    ),
    ESR_EXPECTED_OFFICES: 'none',
    APPROVAL_TIMEOUT: '24h',
    OUTBOX_RELAY_EVERY: '5m',
    METRICS_PORT: '0', // each worker process on a free port, never the default
  };
}

export async function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join('workers', 'main.ts')], {
    cwd: root,
    // METRICS_PORT 0: never the default 9464, which another worker on this machine may hold.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      METRICS_PORT: '0',
      ...env,
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not polling after 60 s:\n${output.slice(-2000)}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      output += c.toString();
      if (output.includes('worker polling')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${code}) before polling:\n${output.slice(-2000)}`));
    });
  });
  // Keep draining its output so the pipe never fills and blocks it.
  child.stdout!.removeAllListeners('data');
  // FAULT_WORKER_LOG=<file> keeps the worker's log lines, to see what a failing scenario's worker met.
  if (process.env.FAULT_WORKER_LOG) {
    child.stdout!.on('data', (c: Buffer) => fs.appendFileSync(process.env.FAULT_WORKER_LOG!, c));
    child.stderr!.on('data', (c: Buffer) => fs.appendFileSync(process.env.FAULT_WORKER_LOG!, c));
  }
  child.stdout!.resume();
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await gone;
  };
  return { pid: child.pid, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
