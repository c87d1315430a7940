import type { Client } from '@temporalio/client';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../src/logger';
import { filesAwaitingApproval, lastFileByOffice, pendingEvents } from '../store/operating-figures';
import type { Collections } from '../store/store';

export interface OperatingGaugeSources {
  store: Pick<Collections, 'outbox' | 'files'>;
  temporal: Client;
  taskQueue: string;
  expectedOffices: readonly string[];
  logger: Logger;
  now?: () => Date;
}

const seconds = (d: Date): number => d.getTime() / 1000;

/**
 * One read per scrape for gauges that share a source: a scrape collects every metric at once, so they share the
 * read in flight; the next scrape reads afresh.
 */
function perScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | undefined;
  return () =>
    (inFlight ??= read().finally(() => {
      inFlight = undefined;
    }));
}

/**
 * Gauges computed when Prometheus scrapes, from where each fact is kept: the outbox and the files in MongoDB
 * (small indexed queries), the daily runs in Temporal's visibility store. Any worker may answer: they all read the
 * same state. A source that cannot be read leaves its gauges out of that scrape (and logs why) rather than failing
 * the whole scrape, so the worker-down alert stays about the worker.
 */
export function registerOperatingGauges(registry: Registry, sources: OperatingGaugeSources): void {
  const now = sources.now ?? (() => new Date());
  const guarded = (what: string, collect: (g: Gauge) => Promise<void>) =>
    async function (this: Gauge): Promise<void> {
      this.reset();
      try {
        await collect(this);
      } catch (err) {
        sources.logger.warn({ gauge: what, error: (err as Error).name }, 'a metrics source could not be read');
      }
    };
  const outbox = perScrape(() => pendingEvents(sources.store));
  const held = perScrape(() => filesAwaitingApproval(sources.store));
  new Gauge({
    name: 'esr_outbox_pending',
    help: 'Change events in the outbox not delivered yet (PENDING)',
    registers: [registry],
    collect: guarded('esr_outbox_pending', async (g) => g.set((await outbox()).count)),
  });
  new Gauge({
    name: 'esr_outbox_oldest_pending_seconds',
    help: 'Age of the oldest PENDING change event, 0 when none',
    registers: [registry],
    collect: guarded('esr_outbox_oldest_pending_seconds', async (g) => {
      const { oldest } = await outbox();
      g.set(oldest ? Math.max(0, seconds(now()) - seconds(oldest)) : 0);
    }),
  });
  new Gauge({
    name: 'esr_files_awaiting_approval',
    help: 'Extract files held by the mass-change check, waiting for esr approve or esr reject',
    registers: [registry],
    collect: guarded('esr_files_awaiting_approval', async (g) => g.set((await held()).count)),
  });
  new Gauge({
    name: 'esr_files_awaiting_approval_oldest_seconds',
    help: 'How long the file waiting longest for a decision has waited, 0 when none',
    registers: [registry],
    collect: guarded('esr_files_awaiting_approval_oldest_seconds', async (g) => {
      const { oldest } = await held();
      g.set(oldest ? Math.max(0, seconds(now()) - seconds(oldest)) : 0);
    }),
  });
  new Gauge({
    name: 'esr_office_last_file_timestamp_seconds',
    help: "When each expected office's newest file was recorded (among the newest 100 files); 0: none",
    labelNames: ['office'],
    registers: [registry],
    collect: guarded('esr_office_last_file_timestamp_seconds', async (g) => {
      const latest = await lastFileByOffice(sources.store);
      for (const office of sources.expectedOffices) {
        const at = latest.get(office);
        g.set({ office }, at ? seconds(at) : 0);
      }
    }),
  });
  const lastRun = perScrape(() => latestCompletedDailyRun(sources.temporal, sources.taskQueue));
  new Gauge({
    name: 'esr_daily_run_duration_seconds',
    help: 'Wall time of the latest completed daily run, from its first run (continue-as-new included) to its close',
    registers: [registry],
    collect: guarded('esr_daily_run_duration_seconds', async (g) => {
      const run = await lastRun();
      if (run) g.set(run.durationSeconds);
    }),
  });
  new Gauge({
    name: 'esr_daily_run_last_success_timestamp_seconds',
    help: 'When the latest completed daily run closed, labelled with its extract date',
    labelNames: ['date'],
    registers: [registry],
    collect: guarded('esr_daily_run_last_success_timestamp_seconds', async (g) => {
      const run = await lastRun();
      if (run) g.set({ date: run.extractDate }, run.closedAt);
    }),
  });
}

/**
 * The latest daily run that completed on this task queue, as Temporal's visibility store records it: its date,
 * close time, and the time since the first run of its continue-as-new chain started.
 */
export async function latestCompletedDailyRun(
  temporal: Client,
  taskQueue: string,
): Promise<{ extractDate: string; closedAt: number; durationSeconds: number } | undefined> {
  const completed = temporal.workflow.list({
    query: `WorkflowType = "esrDailyRun" AND ExecutionStatus = "Completed" AND TaskQueue = "${taskQueue}"`,
    pageSize: 1,
  });
  let last: { workflowId: string; runId: string; startTime: Date; closeTime?: Date } | undefined;
  for await (const run of completed) {
    last = run;
    break;
  }
  if (!last?.closeTime) return undefined;
  // Walk back over the runs it continued from (ContinuedAsNew) to the chain's first start.
  const runs: { status: string; startTime: Date }[] = [];
  for await (const run of temporal.workflow.list({ query: `WorkflowId = "${last.workflowId}"`, pageSize: 100 }))
    runs.push({ status: run.status.name, startTime: run.startTime });
  runs.sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
  let first = last.startTime;
  for (const run of runs.filter((r) => r.startTime < last.startTime)) {
    if (run.status !== 'CONTINUED_AS_NEW') break;
    first = run.startTime;
  }
  return {
    extractDate: last.workflowId.replace(/^esr-daily\//, ''),
    closedAt: seconds(last.closeTime),
    durationSeconds: seconds(last.closeTime) - seconds(first),
  };
}
