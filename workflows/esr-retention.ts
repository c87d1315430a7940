import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ApplyRetentionResult } from '../activities/apply-retention';

export interface RetentionInput {
  /** Count what the purge would remove, change nothing (`esr retention --dry-run`). */
  dryRun?: boolean;
}

/** One call that deletes and moves files and documents in batches: minutes at most, retried if it fails. */
const retention = proxyActivities<Pick<Activities, 'applyRetention'>>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', maximumAttempts: 5 },
});

/**
 * Started each night by the retention Schedule (RETENTION_SCHEDULE_ID): purges what is past RETENTION_DAYS and
 * archives processed inbox files (activities/apply-retention.ts). Its instant is the worker's clock when the
 * activity runs (injectable, so a test can move it); a retry a little later purges at most a little more.
 */
export async function esrRetention(input: RetentionInput = {}): Promise<ApplyRetentionResult> {
  return retention.applyRetention({ dryRun: input.dryRun ?? false });
}
