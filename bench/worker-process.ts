/** The bench's side of bench/bench-worker.ts: forks it with the bench's configuration and talks to it. */
import { fork, type ChildProcess } from 'node:child_process';
import type { FromWorker, ToWorker, WorkerFigures } from './bench-worker';

export interface WorkerProcess {
  pid: number;
  count(on: boolean): void;
  figures(): Promise<WorkerFigures>;
  /** The last figures received, for an interrupted run to print. */
  latest(): WorkerFigures | undefined;
  stop(): Promise<void>;
}

export async function forkBenchWorker(env: NodeJS.ProcessEnv, nodeFlags: string[] = []): Promise<WorkerProcess> {
  const child: ChildProcess = fork(require.resolve('./bench-worker'), [], {
    env,
    execArgv: [...nodeFlags, '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let latest: WorkerFigures | undefined;
  const next = (type: FromWorker['type']) =>
    new Promise<FromWorker>((resolve, reject) => {
      const onMessage = (m: FromWorker) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m);
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`the bench worker exited (code ${code}) before answering ${type}`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  await next('ready');
  const send = (m: ToWorker) => child.connected && child.send(m);
  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid!,
    count: (on) => send({ type: 'count', on }),
    figures: async () => {
      const answer = next('stats');
      send({ type: 'stats' });
      const figures: Partial<{ type: string }> & WorkerFigures = { ...((await answer) as WorkerFigures) };
      delete figures.type;
      latest = figures;
      return latest;
    },
    latest: () => latest,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode !== null) return;
        send({ type: 'stop' });
        await exited;
      })()),
  };
}
