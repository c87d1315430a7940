import { Context } from '@temporalio/activity';
import type { LocalOffice } from '../src/extract/types';
import type { Logger } from '../src/logger';
import type { MassChangeThresholds } from '../src/rules/mass-change';
import type { StagedRows } from '../store/esr-rows';
import type { RunPeople } from '../store/run-people';
import type { Collections } from '../store/store';
import type { ServiceMetrics } from './service-metrics';

/** What the activities need from the outside world; wired once, in workers/. */
export interface ActivityDeps {
  store: Collections;
  /** A trainee's staged rows, kept for the steps of one workflow run. */
  staged: StagedRows;
  /** TIS people read once for the steps of one workflow run (matching, placement, the first diff). */
  runPeople: RunPeople;
  inboxDir: string;
  /** Files younger than this are still being written, as far as we know: the next run reads them. */
  fileMinAgeMs: number;
  /** Where each run writes the trusts' data-quality reports and the day's index. */
  reportsDir: string;
  /** What operators expect of a day: each office's file, and no file changing far more than usual unseen. */
  guards: { expectedOffices: readonly LocalOffice[]; massChange: MassChangeThresholds; approvalTimeoutMs: number };
  /** secondarySecret: during a rotation, events are signed with both. */
  notify: { url?: string; secret?: string; secondarySecret?: string; timeoutMs: number };
  /** How long staged data and files are kept, and where processed inbox files are archived. */
  retention: { days: number; archiveDir: string; logDir?: string };
  logger: Logger;
  /** The service's Prometheus counters, counted where each fact is recorded. */
  metrics: ServiceMetrics;
  /** Whether a workflow run is still open, asked of Temporal (a trainee's lease is freed when its holder is gone). */
  workflowIsRunning: (workflowId: string, runId: string) => Promise<boolean>;
  /** The outbox relay leaves events younger than this to the trainee workflow that is delivering them. */
  relayGraceMs: number;
  /** Wall-clock time; injectable so tests can pin it. */
  now: () => Date;
}

/** A pino child bound to the running activity's workflow and activity ids (never to its arguments). */
export function activityLogger(deps: ActivityDeps): Logger {
  try {
    const info = Context.current().info;
    return deps.logger.child({
      workflowId: info.workflowExecution?.workflowId,
      runId: info.workflowExecution?.runId,
      activity: info.activityType,
      attempt: info.attempt,
    });
  } catch {
    return deps.logger; // called outside an activity (tests, CLI)
  }
}

/** The running workflow run's id; undefined outside an activity. */
export function currentRunId(): string | undefined {
  try {
    return Context.current().info.workflowExecution?.runId;
  } catch {
    return undefined;
  }
}

/** The running activity's attempt, 1 for the first; 1 outside an activity. */
export function currentAttempt(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

/** The running workflow's id, for audit records; 'cli' outside an activity. */
export function currentWorkflowId(): string {
  try {
    return Context.current().info.workflowExecution?.workflowId ?? 'unknown';
  } catch {
    return 'cli';
  }
}

export function heartbeat(details?: unknown): void {
  try {
    Context.current().heartbeat(details);
  } catch {
    // outside an activity: nothing to heartbeat to
  }
}
