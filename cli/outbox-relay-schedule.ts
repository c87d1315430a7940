import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from '../src/config';
import { OUTBOX_RELAY_SCHEDULE_ID } from '../src/workflow-ids';
import { ensureSchedule } from './ensure-schedule';

/**
 * Creates the outbox relay's Schedule (every OUTBOX_RELAY_EVERY), or brings it in line with the configuration.
 * Overlap SKIP: a pass still sending when the next is due makes that one unnecessary. Each firing is a short
 * workflow, so Temporal keeps it going across worker crashes and restarts.
 */
export async function ensureOutboxRelaySchedule(client: Client, config: Config): Promise<'created' | 'updated'> {
  const spec = { intervals: [{ every: config.OUTBOX_RELAY_EVERY }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: 'esrOutboxRelay',
    workflowId: 'esr-outbox-relay',
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    args: [{}],
  };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '10 minutes' as const };
  return ensureSchedule(client, OUTBOX_RELAY_SCHEDULE_ID, { spec, action, policies });
}
