/**
 * The benchmark's worker, in a process of its own so that its resident memory is the worker's alone (the bench
 * process also holds the client, the seeding and the figures). The production worker (workers/create-worker.ts)
 * with the driver's command events on; the parent (bench/worker-process.ts) switches counting on and off and reads
 * the figures over the IPC channel that fork() opens.
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { createWorker } from '../workers/create-worker';
import { commandCounter, type CommandStats } from './command-counter';

export type ToWorker = { type: 'count'; on: boolean } | { type: 'stats' } | { type: 'stop' };

export interface WorkerFigures {
  commands: [string, CommandStats][];
  commandsInFlight: number;
  /** The most RSS sampled while counting was on: the worker at work, start-up excluded. */
  peakRunRss: number;
  /** The kernel's high-water mark for the process (VmHWM): start-up included. */
  peakRss: number;
  /** The most V8 heap in use sampled while counting was on, and the heap's limit: what GC could give back. */
  peakHeapUsed: number;
  heapLimit: number;
}

export type FromWorker = { type: 'ready' } | ({ type: 'stats' } & WorkerFigures) | { type: 'stopped' };

/** VmHWM from /proc, in bytes; the sampled RSS where /proc is not there. */
function highWaterMark(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return process.memoryUsage().rss;
}

async function main(): Promise<void> {
  const send = (m: FromWorker) => process.send!(m);
  const config = loadConfig();
  const running = await createWorker(config, createLogger({ level: 'warn' }), { monitorCommands: true });
  const counter = commandCounter(running.store.client);
  let peakRunRss = 0;
  let peakHeapUsed = 0;
  setInterval(() => {
    if (!counter.on) return;
    const { rss, heapUsed } = process.memoryUsage();
    peakRunRss = Math.max(peakRunRss, rss);
    peakHeapUsed = Math.max(peakHeapUsed, heapUsed);
  }, 100).unref();
  const figures = (): WorkerFigures => ({
    commands: [...counter.byKey.entries()],
    commandsInFlight: counter.inFlight(),
    peakRunRss,
    peakRss: highWaterMark(),
    peakHeapUsed,
    heapLimit: v8.getHeapStatistics().heap_size_limit,
  });
  process.on('message', (m: ToWorker) => {
    if (m.type === 'count') counter.on = m.on;
    else if (m.type === 'stats') send({ type: 'stats', ...figures() });
    else if (m.type === 'stop') void running.shutdown().then(() => send({ type: 'stopped' }));
  });
  // The parent gone (killed, say) means nobody will ever ask this worker to stop.
  process.on('disconnect', () => void running.shutdown().finally(() => process.exit(0)));
  send({ type: 'ready' });
  await running.run;
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
