import { WorkflowNotFoundError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import { createActivities, type ActivityDeps } from '../activities';
import { currentRunId } from '../activities/dependencies';
import { StagedRows } from '../store/esr-rows';
import { RunPeople } from '../store/run-people';
import type { Config } from '../src/config';
import type { Logger } from '../src/logger';
import { openStore, type Store } from '../store/store';
import { collectDefaultMetrics } from 'prom-client';
import { ServiceMetrics } from '../activities/service-metrics';
import { registerOperatingGauges } from './operating-gauges';
import { namespaceRetention } from './namespace-retention';
import { registerSearchAttributes } from './search-attributes';
import { taskQueueHasPollers } from './task-queue-pollers';
import { connectTemporalClient, temporalConnectionOptions, temporalDataConverter } from './temporal-connection';
import { installTemporalLogger } from './temporal-logger';
import { tracingFromEnvironment } from './tracing';

/** A prebuilt workflow bundle (npm run build) starts faster; without one, the worker bundles at start-up. */
export const WORKFLOW_BUNDLE_PATH = path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js');

/**
 * The bundle a worker with tracing on loads instead (npm run build writes it beside the plain one): the same
 * workflows with Temporal's OpenTelemetry workflow interceptors, so that a worker without tracing runs none of it.
 */
export const tracedBundlePath = (file: string): string => file.replace(/(\.js)?$/, '-traced.js');

export interface RunningWorker {
  worker: Worker;
  store: Store;
  /** The activities' dependencies, for tests that drive one step directly. */
  deps: ActivityDeps;
  /** The service's metrics: counters the activities count, gauges read at scrape time, process figures. */
  metrics: ServiceMetrics;
  /** Whether Temporal sees a poller on the task queue (readiness). */
  polling(): Promise<boolean>;
  /** Resolves when the worker has stopped (after shutdown() or a fatal error). */
  run: Promise<void>;
  shutdown(): Promise<void>;
}

/** The one place where dependencies are wired: Temporal connection, MongoDB store, activities, logger. */
export async function createWorker(
  config: Config,
  logger: Logger,
  opts: { now?: () => Date; monitorCommands?: boolean } = {},
): Promise<RunningWorker> {
  installTemporalLogger(logger);
  const connectionOptions = temporalConnectionOptions(config);
  // Registers our search attributes; then the lease activities ask it whether a trainee's holder still runs.
  const temporal = await connectTemporalClient(config);
  try {
    const added = await registerSearchAttributes(temporal.connection, config.TEMPORAL_NAMESPACE);
    if (added.length) logger.info({ added }, 'registered custom search attributes');
    const kept = await namespaceRetention(temporal.connection, config.TEMPORAL_NAMESPACE, config.RETENTION_DAYS);
    if (kept.exceeds)
      logger.warn(
        {
          namespace: config.TEMPORAL_NAMESPACE,
          namespaceRetentionDays: kept.days,
          retentionDays: config.RETENTION_DAYS,
        },
        "the namespace keeps closed workflows' histories longer than RETENTION_DAYS: lower its retention",
      );
  } catch (err) {
    await temporal.connection.close();
    throw err;
  }
  const store = await openStore(config.MONGODB_URI, config.TIS_DB, { monitorCommands: opts.monitorCommands });
  const workflowIsRunning = async (workflowId: string, runId: string): Promise<boolean> => {
    try {
      const { status } = await temporal.workflow.getHandle(workflowId, runId).describe();
      return status.name === 'RUNNING';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  };
  const metrics = new ServiceMetrics();
  collectDefaultMetrics({ register: metrics.registry });
  registerOperatingGauges(metrics.registry, {
    store,
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    expectedOffices: config.ESR_EXPECTED_OFFICES,
    logger,
  });
  const tracing = tracingFromEnvironment();
  const connection = await NativeConnection.connect(connectionOptions);
  let bundlePath = config.WORKFLOW_BUNDLE_PATH;
  if (bundlePath && !fs.existsSync(bundlePath)) {
    throw new Error(`WORKFLOW_BUNDLE_PATH: no file ${bundlePath}; build it with npm run build`);
  }
  if (bundlePath && tracing) {
    // Workflow spans need the interceptors inside the bundle: npm run build writes a traced one beside it.
    const traced = tracedBundlePath(bundlePath);
    if (fs.existsSync(traced)) bundlePath = traced;
    else logger.warn({ bundle: traced }, 'no traced workflow bundle: activities are traced, workflows are not');
  }
  const deps: ActivityDeps = {
    store,
    staged: new StagedRows(store, currentRunId),
    runPeople: new RunPeople(store, currentRunId),
    inboxDir: config.ESR_INBOX_DIR,
    fileMinAgeMs: config.ESR_FILE_MIN_AGE_MS,
    reportsDir: config.REPORTS_DIR,
    guards: {
      expectedOffices: config.ESR_EXPECTED_OFFICES,
      massChange: {
        minRows: config.MASS_CHANGE_MIN_ROWS,
        identityShare: config.MASS_CHANGE_IDENTITY_SHARE,
        trustShare: config.MASS_CHANGE_TRUST_SHARE,
        volumeFactor: config.MASS_CHANGE_VOLUME_FACTOR,
        historyDays: config.MASS_CHANGE_HISTORY_DAYS,
      },
      approvalTimeoutMs: config.APPROVAL_TIMEOUT,
    },
    notify: {
      url: config.NOTIFY_URL,
      secret: config.NOTIFY_SECRET,
      secondarySecret: config.NOTIFY_SECRET_SECONDARY,
      timeoutMs: config.NOTIFY_TIMEOUT_MS,
    },
    retention: {
      days: config.RETENTION_DAYS,
      archiveDir: config.ESR_ARCHIVE_DIR ?? path.join(path.dirname(config.ESR_INBOX_DIR), 'archive'),
      logDir: config.ESR_LOG_DIR,
    },
    logger,
    metrics,
    workflowIsRunning,
    relayGraceMs: config.OUTBOX_RELAY_GRACE_MS,
    now: opts.now ?? (() => new Date()),
  };
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    dataConverter: temporalDataConverter(config),
    ...(tracing ? { plugins: [tracing.plugin] } : {}),
    ...(bundlePath ? { workflowBundle: { codePath: bundlePath } } : { workflowsPath: require.resolve('../workflows') }),
    activities: createActivities(deps),
    maxConcurrentActivityTaskExecutions: config.WORKER_MAX_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_WORKFLOW_TASKS,
    // Every open trainee and its run stay cached (a cache miss replays the whole history). The SDK's default
    // follows the heap limit, about 60 workflows at the 256 MiB the worker runs with: too close to a full window.
    maxCachedWorkflows: Math.max(100, 2 * config.CHILD_CONCURRENCY + 10),
    ...(config.WORKER_MAX_ACTIVITIES_PER_SECOND
      ? { maxActivitiesPerSecond: config.WORKER_MAX_ACTIVITIES_PER_SECOND }
      : {}),
  });
  const run = worker.run().finally(async () => {
    await tracing?.shutdown();
    await connection.close();
    await temporal.connection.close();
    await store.close();
  });
  return {
    worker,
    store,
    deps,
    metrics,
    polling: () => taskQueueHasPollers(temporal.connection, config.TEMPORAL_NAMESPACE, config.TEMPORAL_TASK_QUEUE),
    run,
    shutdown: async () => {
      worker.shutdown();
      await run;
    },
  };
}
