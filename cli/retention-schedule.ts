import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from '../src/config';
import { RETENTION_SCHEDULE_ID } from '../src/workflow-ids';

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
  try {
    await client.schedule.create({ scheduleId: RETENTION_SCHEDULE_ID, spec, action, policies });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule
      .getHandle(RETENTION_SCHEDULE_ID)
      .update((previous) => ({ ...previous, spec, action, policies }));
    return 'updated';
  }
}
