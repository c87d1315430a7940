import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A server process we started: its output goes to a log file; stop() ends it (SIGTERM by default, then SIGKILL). */
export interface ManagedProcess {
  readonly name: string;
  readonly logFile: string;
  readonly child: ChildProcess;
  /** Rejects when the process exits before stop() was called. */
  readonly exited: Promise<never>;
  stop(): Promise<void>;
}

export interface StartProcessOptions {
  /**
   * The signal stop() sends first. PostgreSQL takes SIGTERM as a "smart" shutdown that waits for its clients to
   * disconnect, so it is stopped with SIGINT (fast shutdown).
   */
  stopSignal?: NodeJS.Signals;
  /** Run as this user and group (ids), e.g. PostgreSQL, which refuses to run as root. */
  uid?: number;
  gid?: number;
  cwd?: string;
  /** The environment (default: this process's): how secrets reach a child, never through its arguments. */
  env?: NodeJS.ProcessEnv;
}

export function startProcess(
  name: string,
  command: string,
  args: string[],
  logFile: string,
  options: StartProcessOptions = {},
): ManagedProcess {
  rotate(logFile);
  const log = fs.openSync(logFile, 'a');
  const child = spawn(command, args, {
    stdio: ['ignore', log, log],
    detached: false,
    uid: options.uid,
    gid: options.gid,
    cwd: options.cwd,
    env: options.env,
  });
  fs.closeSync(log);
  let stopping = false;
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (err) => reject(new Error(`${name} could not start (${command}): ${err.message}`)));
    child.once('exit', (code, signal) => {
      if (!stopping) reject(new Error(`${name} exited early (code ${code}, signal ${signal}); see ${logFile}`));
    });
  });
  exited.catch(() => undefined); // observed by whoever awaits readiness; never an unhandled rejection

  return {
    name,
    logFile,
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopping = true;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill(options.stopSignal ?? 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/**
 * A log from an earlier start is kept under a name of its own (`temporal.2026-12-04T23-58-41.log`), so that each
 * file stops growing when its process stops and retention (ESR_LOG_DIR) can delete it once it is old enough.
 */
function rotate(logFile: string): void {
  try {
    if (fs.statSync(logFile).size === 0) return;
  } catch {
    return; // none yet
  }
  const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
  const ext = path.extname(logFile);
  fs.renameSync(logFile, `${logFile.slice(0, -ext.length || undefined)}.${stamp}${ext}`);
}

/** Races readiness against an early exit, so a crashed server is an error, not a timeout. */
export async function readyOrExited(proc: ManagedProcess, ready: Promise<void>): Promise<void> {
  try {
    await Promise.race([ready, proc.exited]);
  } catch (err) {
    await proc.stop();
    throw err;
  }
}
