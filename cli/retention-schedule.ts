import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from '../src/config';
import { RETENTION_SCHEDULE_ID } from '../src/workflow-ids';
import { ensureSchedule } from './ensure-schedule';

/**
 * Creates the nightly retention Schedule, or brings it in line with RETENTION_RUN_TIME: one purge at a time
 * (a firing while one runs is skipped: the next night does the same work), a missed night caught up within a day.
 */
export async function ensureRetentionSchedule(client: Client, config: Config): Promise<'created' | 'updated'> {
  const [hour, minute] = config.RETENTION_RUN_TIME.split(':').map(Number);
  const spec = { calendars: [{ hour, minute, comment: 'retention purge' }], timezone: config.SCHEDULE_TIMEZONE };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'esrRetention',
    workflowId: 'esr-retention',
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{}],
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' as const };
  return ensureSchedule(client, RETENTION_SCHEDULE_ID, { spec, action, policies });
}
