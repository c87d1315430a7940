import type { PerRow, SkipReason } from '../extract/types';
import { isCalendarDate } from '../validation/calendar-date';

/**
 * The spec's "Employment and DPN" rule, split by what each step needs to know: the row alone, the post named by
 * its DPN, and (after matching) the TIS person's placements. Each returns why the row goes no further, or
 * undefined when it passes. Dates are compared as YYYY-MM-DD text, which orders them as calendar dates.
 */

/**
 * Checks the row on its own, in the spec's order: a HOST row is an honorary record that another trust leads on;
 * the assignment must be ACTIVE, have started, and not have ended on the extract date (an end date equal to the
 * extract date is the last day of the assignment, so still in date); and it must carry a DPN.
 *
 * A start or end date that is not a real date cannot show the assignment is in date, so it is OUT_OF_DATE.
 */
export function assignmentSkipReason(row: PerRow, extractDate: string): SkipReason | undefined {
  if (row.employerRole.trim() === 'HOST') return 'HOST_RECORD';
  if (row.assignmentStatus.trim() !== 'ACTIVE') return 'NOT_ACTIVE';
  const start = row.assignmentStart.trim();
  const end = row.assignmentEnd.trim();
  if (!isCalendarDate(start) || start > extractDate) return 'OUT_OF_DATE';
  if (end !== '' && (!isCalendarDate(end) || end < extractDate)) return 'OUT_OF_DATE';
  if (row.deaneryPostNumber.trim() === '') return 'NO_DPN';
  return undefined;
}

/** The post a DPN names, as TIS's `posts` collection holds it (undefined or null when TIS has no such post). */
export interface PostStatus {
  status: 'CURRENT' | 'INACTIVE';
}

/** The DPN must name a post TIS knows, and that post must be CURRENT. */
export function postSkipReason(post: PostStatus | null | undefined): SkipReason | undefined {
  if (!post) return 'UNKNOWN_POST';
  if (post.status !== 'CURRENT') return 'POST_NOT_CURRENT';
  return undefined;
}

/** A TIS placement, as held on the person's record. */
export interface PlacementPeriod {
  nationalPostNumber: string;
  /** YYYY-MM-DD */
  startDate: string;
  /** YYYY-MM-DD */
  endDate: string;
}

/**
 * After matching, the TIS person must hold a placement on the row's post (TIS's National Post Number is ESR's DPN)
 * covering the extract date, both ends inclusive. Without one, ESR and TIS disagree about where the trainee is,
 * and the trust must resolve that before TIS takes ESR's word for their details.
 */
export function placementSkipReason(
  placements: readonly PlacementPeriod[] | undefined,
  deaneryPostNumber: string,
  extractDate: string,
): SkipReason | undefined {
  const post = deaneryPostNumber.trim();
  const covering = (placements ?? []).some(
    (p) => p.nationalPostNumber.trim() === post && p.startDate <= extractDate && extractDate <= p.endDate,
  );
  return covering ? undefined : 'NO_PLACEMENT';
}
