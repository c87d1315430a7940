import { ScheduleAlreadyRunning, type Client, type ScheduleOptions } from '@temporalio/client';

/**
 * Creates a Schedule, or brings an existing one in line with the configuration (its spec, action and policies;
 * its pause state and notes are the operators' and stay).
 */
export async function ensureSchedule(
  client: Client,
  scheduleId: string,
  { spec, action, policies }: Pick<ScheduleOptions, 'spec' | 'action' | 'policies'>,
): Promise<'created' | 'updated'> {
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
    return 'updated';
  }
}
