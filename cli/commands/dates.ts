import { isCalendarDate } from '../../src/validation/calendar-date';
import { CliError } from './errors';

/** An extract date as the operator types it: YYYY-MM-DD, a real calendar date. */
export function extractDate(value: string): string {
  if (!isCalendarDate(value)) throw new CliError(`"${value}" is not a date: expected YYYY-MM-DD, e.g. 2026-11-25`);
  return value;
}

/** Every date from `from` to `to`, both included. A backfill of more than a year is more likely a typo. */
export function dateRange(from: string, to: string, maxDays = 366): string[] {
  if (to < from) throw new CliError(`--to ${to} is before --from ${from}`);
  const dates: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); ; d.setUTCDate(d.getUTCDate() + 1)) {
    const date = d.toISOString().slice(0, 10);
    if (date > to) break;
    dates.push(date);
    if (dates.length > maxDays) throw new CliError(`${from} to ${to} is more than ${maxDays} days; split the backfill`);
  }
  return dates;
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`"${value}" is not a positive whole number`);
  return n;
}
