/**
 * How long the service keeps what it holds about people, as dates: everything staged for an extract date before
 * the cutoff is purged; an inbox file is archived once its date's run is over (the day after its extract date).
 */
import { addDays, calendarDate } from '../london-date';

export interface RetentionDates {
  /** Extract dates before this are purged: staged rows, row errors, findings, match candidates, archived files. */
  purgeBefore: string;
  /** Processed inbox files of extract dates before this are moved to the archive. */
  archiveBefore: string;
}

export function retentionDates(asOf: Date, retentionDays: number, timeZone = 'Europe/London'): RetentionDates {
  const today = calendarDate(asOf, timeZone);
  return { purgeBefore: addDays(today, -retentionDays), archiveBefore: today };
}

/**
 * The change set states nothing moves on from: their whole documents go after a day. Any other state a day old is
 * stuck (PREPARED, APPLIED with its event never settled, COMPENSATION_FAILED) and raised to operators.
 */
export const TERMINAL_CHANGE_SET_STATUSES = ['NOTIFIED', 'COMPENSATED', 'SUPERSEDED', 'ABANDONED'] as const;

/** Finished change sets keep their whole documents this long (a retry of their last step may still read them). */
export const CHANGE_SET_DOCUMENTS_KEPT_MS = 24 * 3_600_000;
