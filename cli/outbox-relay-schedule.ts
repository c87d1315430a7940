import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { Config } from '../src/config';
import { OUTBOX_RELAY_SCHEDULE_ID } from '../src/workflow-ids';

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
  try {
    await client.schedule.create({ scheduleId: OUTBOX_RELAY_SCHEDULE_ID, spec, action, policies });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule
      .getHandle(OUTBOX_RELAY_SCHEDULE_ID)
      .update((previous) => ({ ...previous, spec, action, policies }));
    return 'updated';
  }
}
