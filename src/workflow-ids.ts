/**
 * Workflow and schedule IDs, built in one place. They are deterministic so that a re-run or a retry never
 * runs the same work twice at once: Temporal refuses a second running workflow with the same ID.
 */
export const TASK_QUEUE_DEFAULT = 'esr-person-update';
export const DAILY_SCHEDULE_ID = 'esr-daily';
/** The Schedule that starts the retention purge each night. */
export const RETENTION_SCHEDULE_ID = 'esr-retention';
/** The outbox relay's Schedule: sends change events still PENDING (see workflows/esr-outbox-relay.ts). */
export const OUTBOX_RELAY_SCHEDULE_ID = 'esr-outbox-relay';

/** The daily run for one extract date, e.g. `esr-daily/2026-11-25`. */
export const dailyRunId = (extractDate: string): string => `esr-daily/${extractDate}`;

/** One trainee's work within a daily run, e.g. `esr-daily/2026-11-25/trainee/1234567`. */
export const traineeRunId = (extractDate: string, esrPersonId: string): string =>
  `${dailyRunId(extractDate)}/trainee/${esrPersonId}`;

/** An operator's on-demand resync: one per trainee at a time, whatever the date. */
export const resyncRunId = (esrPersonId: string): string => `esr-resync/${esrPersonId}`;
