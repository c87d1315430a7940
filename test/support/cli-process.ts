/**
 * Runs an operator command (`cli/esr.ts`, `cli/resync.ts`) as its own process, the way an operator would, against
 * a test's slice of the real servers: the same Temporal, database and task queue as its in-process worker.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Config } from '../../src/config';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as the one JSON object --json prints. */
  json<T = Record<string, unknown>>(): T;
}

const root = path.resolve(__dirname, '..', '..');

export function cliEnv(config: Config): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    ...(config.TEMPORAL_PAYLOAD_KEYS ? { TEMPORAL_PAYLOAD_KEYS: config.TEMPORAL_PAYLOAD_KEYS } : {}),
    TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
    TEMPORAL_UI_URL: config.TEMPORAL_UI_URL,
    MONGODB_URI: config.MONGODB_URI,
    TIS_DB: config.TIS_DB,
    REPORTS_DIR: config.REPORTS_DIR,
    ESR_EXPECTED_OFFICES: config.ESR_EXPECTED_OFFICES.join(',') || 'none',
  };
}

export function runCli(script: string, args: string[], config: Config): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('cli', script), ...args], {
      cwd: root,
      env: cliEnv(config),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code: code ?? -1,
        stdout,
        stderr,
        json<T>() {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`not one JSON object on stdout (exit ${code}): ${stdout}\nstderr: ${stderr}`);
          }
        },
      }),
    );
  });
}
