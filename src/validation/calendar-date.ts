import { z } from 'zod';

/** zod's date check knows month lengths and leap years, so 2023-02-29 and 2026-04-31 are rejected. */
const calendarDateSchema = z.string().date();

/** True for a real calendar date written YYYY-MM-DD, as ESR writes every date. */
export function isCalendarDate(value: string): boolean {
  return calendarDateSchema.safeParse(value).success;
}

/**
 * Whole years completed by someone born on `birthDate` as of `onDate` (both real YYYY-MM-DD dates).
 *
 * Compares month and day rather than counting days, so leap days do not drift the result. Someone born on
 * 29 February reaches each new age on 1 March in a non-leap year, the usual UK reading: on 28 February they are
 * still a day short.
 */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [oy, om, od] = onDate.split('-').map(Number);
  const birthdayNotYetReached = om < bm || (om === bm && od < bd);
  return oy - by - (birthdayNotYetReached ? 1 : 0);
}
