/** `esr schedule show|pause|unpause|ensure`: the daily Schedule (DAILY_SCHEDULE_ID). */
import type { ScheduleDescription, ScheduleHandle } from '@temporalio/client';
import { Command } from 'commander';
import { DAILY_SCHEDULE_ID } from '../../src/workflow-ids';
import { ensureDailySchedule } from '../daily-schedule';
import { ensureRetentionSchedule } from '../retention-schedule';
import { keepOperatorNote, readOperatorNote } from '../../store/operator-notes';
import { ensureOutboxRelaySchedule } from '../outbox-relay-schedule';
import { withContext } from './context';
import { operatorIdentity } from './operator-identity';
import { print } from './output';

const iso = (d: Date | undefined) => d?.toISOString();

/** Temporal describes a calendar's hour and minute as ranges; ours are single values, shown as HH:MM. */
function timeOfDay(c: { hour?: unknown; minute?: unknown }): string {
  const single = (ranges: unknown): number | undefined => {
    const list = Array.isArray(ranges) ? (ranges as { start?: number; end?: number }[]) : [];
    const only = list.length === 1 ? list[0] : undefined;
    return only && (only.end === undefined || only.end === only.start) ? (only.start ?? 0) : undefined;
  };
  const [hour, minute] = [single(c.hour), single(c.minute)];
  if (hour === undefined || minute === undefined) return JSON.stringify({ hour: c.hour, minute: c.minute });
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

function scheduleJson(d: ScheduleDescription) {
  return {
    scheduleId: d.scheduleId,
    paused: d.state.paused,
    ...(d.state.note ? { note: d.state.note } : {}),
    timezone: d.spec.timezone ?? 'UTC',
    times: (d.spec.calendars ?? []).map(timeOfDay),
    workflowType: d.action.type === 'startWorkflow' ? d.action.workflowType : undefined,
    taskQueue: d.action.type === 'startWorkflow' ? d.action.taskQueue : undefined,
    overlap: d.policies.overlap,
    nextRuns: d.info.nextActionTimes.map(iso),
    recentRuns: d.info.recentActions.map((a) => ({
      scheduledAt: iso(a.scheduledAt),
      takenAt: iso(a.takenAt),
      workflowId: a.action.workflow.workflowId,
    })),
  };
}

function scheduleText(s: ReturnType<typeof scheduleJson>): string {
  return [
    `${s.scheduleId}: ${s.paused ? 'PAUSED' : 'active'}${s.note ? ` (${s.note})` : ''}`,
    `  runs ${s.workflowType} on ${s.taskQueue} at ${s.times.join(', ')} ${s.timezone}, overlap ${s.overlap}`,
    `  next: ${s.nextRuns.slice(0, 3).join(', ') || 'none'}`,
    ...s.recentRuns.map((r) => `  ran ${r.scheduledAt}: ${r.workflowId}`),
  ].join('\n');
}

/** Optionally changes the schedule, then prints it as it now stands. */
const changeThenShow =
  (change?: (handle: ScheduleHandle, note?: string) => Promise<void>) =>
  async (opts: { json?: boolean; note?: string }) =>
    withContext(async (ctx) => {
      const handle = (await ctx.temporal()).schedule.getHandle(DAILY_SCHEDULE_ID);
      // The note's text stays in MongoDB; the schedule (stored in clear by Temporal) gets a reference to it.
      const note =
        change && opts.note
          ? await keepOperatorNote(await ctx.store(), opts.note, {
              by: operatorIdentity(ctx.config),
              workflowId: DAILY_SCHEDULE_ID,
            })
          : undefined;
      await change?.(handle, note);
      const s = scheduleJson(await handle.describe());
      if (s.note?.startsWith('note:')) s.note = await readOperatorNote(await ctx.store(), s.note);
      print(opts.json, s, () => scheduleText(s));
    });

const jsonOption = '--json';
const jsonHelp = 'print one JSON object: { scheduleId, paused, note?, timezone, times, nextRuns, recentRuns, … }';

export const scheduleCommand = () =>
  new Command('schedule')
    .summary('show, pause, unpause or ensure the daily schedule')
    .description(`The daily Schedule "${DAILY_SCHEDULE_ID}", which starts each day's run at DAILY_RUN_TIME.`)
    .addCommand(
      new Command('show')
        .description('Show the schedule: paused or not, when it runs next, its recent runs.')
        .option(jsonOption, jsonHelp)
        .action(changeThenShow()),
    )
    .addCommand(
      new Command('pause')
        .description('Pause the schedule: no daily run starts until it is unpaused (runs already going continue).')
        .option('--note <text>', 'why, shown by "schedule show"', 'paused by an operator with esr schedule pause')
        .option(jsonOption, jsonHelp)
        .action(changeThenShow((handle, note) => handle.pause(note))),
    )
    .addCommand(
      new Command('unpause')
        .description('Unpause the schedule. A day missed while paused is not caught up: run it with "esr run".')
        .option('--note <text>', 'why, shown by "schedule show"', 'unpaused by an operator with esr schedule unpause')
        .option(jsonOption, jsonHelp)
        .action(changeThenShow((handle, note) => handle.unpause(note))),
    )
    .addCommand(
      new Command('ensure')
        .description(
          'Create the schedule, or bring it in line with DAILY_RUN_TIME, SCHEDULE_TIMEZONE and TEMPORAL_TASK_QUEUE; ' +
            'the same for the nightly retention schedule (esr-retention, RETENTION_RUN_TIME).',
        )
        .option(jsonOption, 'print one JSON object: { result: "created" | "updated", schedule: { … } }')
        .action(async (opts: { json?: boolean }) =>
          withContext(async (ctx) => {
            const client = await ctx.temporal();
            const result = await ensureDailySchedule(client, ctx.config);
            await ensureRetentionSchedule(client, ctx.config);
            // The outbox relay's Schedule comes with the daily one: without it, waiting events are never sent.
            await ensureOutboxRelaySchedule(client, ctx.config);
            const s = scheduleJson(await client.schedule.getHandle(DAILY_SCHEDULE_ID).describe());
            print(opts.json, { result, schedule: s }, () => `${result}\n${scheduleText(s)}`);
          }),
        ),
    );
