import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { ApplyRetentionResult } from '../activities/apply-retention';

export type RetentionInput = Record<string, never>;

/** One call that deletes and moves files and documents in batches: minutes at most, retried if it fails. */
const retention = proxyActivities<Pick<Activities, 'applyRetention'>>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '5 minutes',
  retry: { initialInterval: '10 seconds', maximumAttempts: 5 },
});

/**
 * Started each night by the retention Schedule (RETENTION_SCHEDULE_ID): purges what is past RETENTION_DAYS and
 * archives processed inbox files (activities/apply-retention.ts). Its time is the workflow's, so a retry or a
 * replay stands at the same instant.
 */
export async function esrRetention(_input: RetentionInput = {}): Promise<ApplyRetentionResult> {
  return retention.applyRetention({ asOf: new Date().toISOString() });
}
