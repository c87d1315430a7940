import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from '../src/config';
import { DAILY_SCHEDULE_ID } from '../src/workflow-ids';
import { ensureSchedule } from './ensure-schedule';

/**
 * Creates the daily Schedule, or brings an existing one in line with the configuration. Each firing only starts
 * its date's run (whose ID is the date, so a date never runs twice at once) and ends, so firings are buffered,
 * never dropped: with the one-day catch-up window, a day missed while Temporal was down runs when it is back.
 */
export async function ensureDailySchedule(client: Client, config: Config): Promise<'created' | 'updated'> {
  const [hour, minute] = config.DAILY_RUN_TIME.split(':').map(Number);
  const spec = {
    calendars: [{ hour, minute, comment: 'daily ESR person update' }],
    timezone: config.SCHEDULE_TIMEZONE,
  };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'esrScheduledRun',
    workflowId: 'esr-scheduled',
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{ timeZone: config.SCHEDULE_TIMEZONE }],
  };
  const policies = { overlap: ScheduleOverlapPolicy.BUFFER_ALL, catchupWindow: '1 day' as const };
  return ensureSchedule(client, DAILY_SCHEDULE_ID, { spec, action, policies });
}
