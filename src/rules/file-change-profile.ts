/**
 * What each of a day's files would do, tallied row by row in the run's one pass over TIS, before any trainee
 * starts: by the same rules the trainees apply (employment and DPN, the placement, empty never erases, newest
 * wins), but without the precedence between a person's rows, so a little generous. Counts only.
 */
import type { EsrPersonValues, PerRow } from '../extract/types';
import { diffPerson } from '../tis/diff-person';
import { mapToTis, type TisFieldPath } from '../tis/map-to-tis';
import type { PersonDocument } from '../tis/person-document';
import { assignmentSkipReason, placementSkipReason, postSkipReason, type PostStatus } from './eligibility';
import type { FileChangeProfile } from './mass-change';

/** A legal name, the date of birth and the NINO: what identifies a person, so what a mass change must not touch. */
export const IDENTITY_FIELDS: ReadonlySet<TisFieldPath> = new Set<TisFieldPath>([
  'contactDetails.legalForenames',
  'contactDetails.legalSurname',
  'personalDetails.dateOfBirth',
  'personalDetails.nationalInsuranceNumber',
]);

/** A staged row, as far as its effect goes: the row, and its valid values (validatePersonFields). */
export interface ProfiledRow {
  extractDate: string;
  row: PerRow;
  values: EsrPersonValues;
}

/**
 * The TIS fields a row would change in the person it matches; none when it would go no further (the employment
 * and DPN rules, or no placement) or matches no one.
 */
export function rowChanges(
  r: ProfiledRow,
  person: PersonDocument | undefined,
  post: PostStatus | null | undefined,
): TisFieldPath[] {
  if (!person) return [];
  if (assignmentSkipReason(r.row, r.extractDate) ?? postSkipReason(post)) return [];
  if (placementSkipReason(person.placements, r.row.deaneryPostNumber, r.extractDate)) return [];
  return diffPerson(person, mapToTis(r.values), r.row.lastUpdated).changes.map((c) => c.path);
}

/** Tallies rows into one profile per file. */
export class FileChangeProfiles {
  private readonly byFile = new Map<string, FileChangeProfile>();

  constructor(files: readonly string[]) {
    for (const file of files) this.byFile.set(file, { file, rows: 0, identityRows: 0, byTrust: {} });
  }

  has(file: string): boolean {
    return this.byFile.has(file);
  }

  /** One row, with the fields it would change and whether its ESR person is already linked to a TIS person. */
  add(file: string, trust: string, changes: readonly TisFieldPath[], linked: boolean): void {
    const profile = this.byFile.get(file);
    if (!profile) return;
    const t = (profile.byTrust[trust] ??= { rows: 0, linkedChanged: 0 });
    profile.rows += 1;
    t.rows += 1;
    if (changes.some((path) => IDENTITY_FIELDS.has(path))) profile.identityRows += 1;
    if (linked && changes.length > 0) t.linkedChanged += 1;
  }

  profiles(): FileChangeProfile[] {
    return [...this.byFile.values()];
  }
}
