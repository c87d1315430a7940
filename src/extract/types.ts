/**
 * Shared vocabulary of the ESR person update extract (format 1.0, ../shared/spec/esr-person-extract.md).
 * Pure types and constants only: imported by src/, activities/ and (as types) workflows/.
 */

/** The local offices that send extracts; WLS is Wales. */
export const LOCAL_OFFICES = ['EOE', 'KSS', 'LDN', 'NE', 'NW', 'SW', 'TV', 'WX', 'WM', 'EM', 'YH', 'WLS'] as const;
export type LocalOffice = (typeof LOCAL_OFFICES)[number];

/** The 29 PER fields, in file order. */
export const PER_FIELDS = [
  'employingTrust',
  'esrPersonId',
  'assignmentNumber',
  'employerRole',
  'assignmentStatus',
  'assignmentStart',
  'assignmentEnd',
  'positionNumber',
  'deaneryPostNumber',
  'gmcNumber',
  'gdcNumber',
  'title',
  'forenames',
  'surname',
  'knownAs',
  'previousSurname',
  'dateOfBirth',
  'gender',
  'nino',
  'homePhone',
  'mobilePhone',
  'email',
  'ethnicOrigin',
  'addressLine1',
  'addressLine2',
  'addressLine3',
  'town',
  'postcode',
  'lastUpdated',
] as const;
export type PerField = (typeof PER_FIELDS)[number];

/** A PER line split into its fields, each trimmed; '' means ESR holds no value. */
export type PerRow = Record<PerField, string>;

/** Fields whose values are personal data: never in a log line, error message, report or search attribute. */
export const PII_FIELDS: readonly PerField[] = [
  'nino',
  'dateOfBirth',
  'homePhone',
  'mobilePhone',
  'email',
  'addressLine1',
  'addressLine2',
  'addressLine3',
  'town',
  'postcode',
];

/** Where a row came from. `line` is 1-based, counting the HDR as line 1. */
export interface RowRef {
  file: string;
  line: number;
}

/** The parsed HDR record (also implied by the file name). */
export interface ExtractHeader {
  localOffice: LocalOffice;
  /** YYYY-MM-DD */
  extractDate: string;
  seq: number;
  /** ISO-8601 with offset, as ESR wrote it */
  generatedAt: string;
}

/** A personal-field value that failed its rule; the value itself is never carried. */
export interface FieldFinding {
  file: string;
  line: number;
  trust: string;
  esrPersonId: string;
  field: PerField;
  /** Stable rule code, e.g. NINO_FORMAT, NINO_TEMPORARY, POSTCODE_INVALID, PHONE_NOT_POSSIBLE, DOB_AGE_RANGE */
  rule: string;
}

/** A line that could not be used at all: quarantined with its reason, never dropped. */
export interface RowError {
  file: string;
  line: number;
  /** Stable code, e.g. UNKNOWN_RECORD_TYPE, FIELD_COUNT, INVALID_FIELD */
  code: string;
  /** The field at fault where there is one. */
  field?: PerField;
  /** Human-readable, never containing a PII value. */
  reason: string;
  /** Known when the line was a PER with a readable trust code and person id. */
  trust?: string;
  esrPersonId?: string;
}

/** Why a row does not go further (the spec's employment and DPN rules). */
export type SkipReason =
  | 'HOST_RECORD'
  | 'NOT_ACTIVE'
  | 'OUT_OF_DATE'
  | 'NO_DPN'
  | 'UNKNOWN_POST'
  | 'POST_NOT_CURRENT'
  | 'NO_PLACEMENT'
  | 'SUPERSEDED';

/** Why a trainee is held for review rather than guessed. */
export type HeldReason = 'NO_MATCH' | 'AMBIGUOUS_MATCH' | 'CONFLICT';

/**
 * A row's personal values after validation and normalisation: only fields that passed their rule and are
 * non-empty are present. Phones are E.164, postcode upper-case with one space, email domain lower-cased,
 * title/gender/ethnicOrigin are the ESR codes.
 */
export interface EsrPersonValues {
  title?: string;
  forenames?: string;
  surname?: string;
  knownAs?: string;
  previousSurname?: string;
  dateOfBirth?: string;
  gender?: string;
  nino?: string;
  homePhone?: string;
  mobilePhone?: string;
  email?: string;
  ethnicOrigin?: string;
  addressLine1?: string;
  addressLine2?: string;
  addressLine3?: string;
  town?: string;
  postcode?: string;
}

/** Registration numbers used to match only; validated like the other fields. */
export interface EsrIdentifiers {
  esrPersonId: string;
  gmcNumber?: string;
  gdcNumber?: string;
}

/**
 * A trainee's recorded outcome for a date: one of the run's outcomes, or CANCELLED when its workflow was cancelled
 * (the record says what it left behind; the run counts it no further).
 */
export type RecordedOutcome = TraineeOutcome | 'CANCELLED';

/** Outcome of one trainee's child workflow. */
export type TraineeOutcome = 'UPDATED' | 'NO_CHANGE' | 'SKIPPED' | 'HELD' | 'COMPENSATED' | 'FAILED';
export const TRAINEE_OUTCOMES: readonly TraineeOutcome[] = [
  'UPDATED',
  'NO_CHANGE',
  'SKIPPED',
  'HELD',
  'COMPENSATED',
  'FAILED',
];
