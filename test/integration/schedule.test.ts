/**
 * The daily Schedule on the real Temporal server: a firing runs the UK date it was due on, even when it runs
 * later (a catch-up after an outage, or a backfill), and it does not wait for the day's run to end.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ensureDailySchedule } from '../../cli/daily-schedule';
import { DAILY_SCHEDULE_ID, dailyRunId } from '../../src/workflow-ids';
import type { ScheduledRunResult } from '../../workflows/esr-scheduled-run';
import type { DailyRunResult } from '../../workflows/esr-daily-run';
import { startPipelineEnv, type PipelineEnv } from '../support/pipeline-env';

const DUE_DATE = '2026-10-05';

describe('the daily Schedule', () => {
  let env: PipelineEnv;

  before(async () => {
    env = await startPipelineEnv('schedule', { DAILY_RUN_TIME: '23:30' });
    await ensureDailySchedule(env.client, env.config);
  });
  after(async () => {
    await env?.client.schedule
      .getHandle(DAILY_SCHEDULE_ID)
      .pause('schedule test done')
      .catch(() => undefined);
    await env?.close();
  });

  test('a firing caught up after midnight runs the date it was due on, not the date it ran', async () => {
    const handle = env.client.schedule.getHandle(DAILY_SCHEDULE_ID);
    // 23:30 London on 5 October is 22:30Z; the backfill runs it now, weeks later.
    await handle.backfill({ start: new Date('2026-10-05T22:00:00Z'), end: new Date('2026-10-05T23:00:00Z') });
    const scheduled = await waitForRun(env, async () => {
      const { recentActions } = (await handle.describe()).info;
      const action = recentActions.find((a) => a.scheduledAt.toISOString() === '2026-10-05T22:30:00.000Z');
      if (!action) return undefined;
      return env.client.workflow.getHandle(action.action.workflow.workflowId).result() as Promise<ScheduledRunResult>;
    });
    assert.deepEqual(scheduled, { extractDate: DUE_DATE, dailyRunWorkflowId: dailyRunId(DUE_DATE), started: true });
    const daily = (await env.client.workflow.getHandle(dailyRunId(DUE_DATE)).result()) as DailyRunResult;
    assert.equal(daily.extractDate, DUE_DATE);
  });

  test('the schedule buffers firings rather than skipping them', async () => {
    const { policies } = await env.client.schedule.getHandle(DAILY_SCHEDULE_ID).describe();
    assert.equal(policies.overlap, 'BUFFER_ALL');
    assert.equal(policies.catchupWindow, 24 * 60 * 60 * 1000);
  });
});

async function waitForRun<T>(env: PipelineEnv, attempt: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    try {
      const found = await attempt();
      if (found !== undefined) return found;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no scheduled run appeared for ${DUE_DATE}`);
}
