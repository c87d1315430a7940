import { ageOn, isCalendarDate } from './calendar-date';
import { invalid, valid, type FieldResult } from './field-result';

/** The ages, inclusive, at which someone can plausibly be a doctor in training; outside them the date is wrong. */
export const MIN_AGE = 16;
export const MAX_AGE = 80;

/**
 * A real date of birth (YYYY-MM-DD; 29 February only in leap years) of someone aged 16 to 80 inclusive on the
 * extract date. The extract date, not today, is the reference so that re-running an old file gives the same answer.
 */
export function validateDateOfBirth(raw: string, extractDate: string): FieldResult {
  const dateOfBirth = raw.trim();
  if (!isCalendarDate(dateOfBirth)) return invalid('DOB_INVALID_DATE');
  if (!isCalendarDate(extractDate)) throw new RangeError('extractDate must be a real YYYY-MM-DD date');
  const age = ageOn(dateOfBirth, extractDate);
  return age >= MIN_AGE && age <= MAX_AGE ? valid(dateOfBirth) : invalid('DOB_AGE_RANGE');
}
