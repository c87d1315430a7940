/**
 * One PER line's fields → a trimmed row, or a row error. Only the fields that decide what happens to the row are
 * checked here (trust, person id, assignment, dates, DPN, lastUpdated): without them the row cannot be routed, so a
 * failure quarantines the whole line. Personal fields are validated one by one later (src/validation), where a
 * failure drops the field, not the row. Reasons name the field and rule, never the value.
 */
import { instantOf } from '../rules/precedence';
import { isCalendarDate } from '../validation/calendar-date';
import { LOCAL_OFFICES, PER_FIELDS, type PerField, type PerRow, type RowError, type RowRef } from './types';

/** A PER line that passed the structural checks, every field trimmed. */
export interface ParsedPerRow {
  ref: RowRef;
  row: PerRow;
}

/** The outcome of {@link parsePerLine}. */
export type ParsedPerLine = ({ ok: true } & ParsedPerRow) | { ok: false; error: RowError };

const ODS_CODE = /^[A-Z0-9]{3,5}$/;
const ESR_PERSON_ID = /^\d{1,10}$/;
const ASSIGNMENT_NUMBER = /^\d+-\d{1,2}$/;
/** `<LO>/<SITE>/<SPECIALTY>/<GRADE>/<NNN>`, e.g. `EOE/RGT00/IMT/CT1/001`. */
const DEANERY_POST_NUMBER = new RegExp(`^(?:${LOCAL_OFFICES.join('|')})/[A-Z0-9]+/[A-Z0-9]+/[A-Z0-9]+/\\d{3}$`);
const EMPLOYER_ROLES: ReadonlySet<string> = new Set(['LEAD', 'HOST']);
const ASSIGNMENT_STATUSES: ReadonlySet<string> = new Set(['ACTIVE', 'SUSPENDED', 'TERMINATED']);

interface StructuralRule {
  field: PerField;
  /** Completes "<field> must be …"; describes the rule, never the value. */
  rule: string;
  ok: (value: string) => boolean;
}

/** In file order, so the first failure reported is the leftmost one. */
const STRUCTURAL_RULES: readonly StructuralRule[] = [
  { field: 'employingTrust', rule: 'an ODS code of 3 to 5 upper-case letters and digits', ok: (v) => ODS_CODE.test(v) },
  { field: 'esrPersonId', rule: '1 to 10 digits', ok: (v) => ESR_PERSON_ID.test(v) },
  { field: 'assignmentNumber', rule: 'digits, a dash and 1 or 2 digits', ok: (v) => ASSIGNMENT_NUMBER.test(v) },
  { field: 'employerRole', rule: 'LEAD or HOST', ok: (v) => EMPLOYER_ROLES.has(v) },
  { field: 'assignmentStatus', rule: 'ACTIVE, SUSPENDED or TERMINATED', ok: (v) => ASSIGNMENT_STATUSES.has(v) },
  { field: 'assignmentStart', rule: 'a real date YYYY-MM-DD', ok: isCalendarDate },
  { field: 'assignmentEnd', rule: 'a real date YYYY-MM-DD or empty', ok: (v) => v === '' || isCalendarDate(v) },
  // Counted in code points, so a non-ASCII character counts once, as ESR counts it.
  { field: 'positionNumber', rule: 'at most 30 characters', ok: (v) => v.length <= 30 || [...v].length <= 30 },
  {
    field: 'deaneryPostNumber',
    rule: '<office>/<site>/<specialty>/<grade>/<NNN> with a known office, or empty',
    ok: (v) => v === '' || DEANERY_POST_NUMBER.test(v),
  },
  {
    field: 'lastUpdated',
    rule: 'an ISO-8601 timestamp with an offset or Z',
    ok: (v) => Number.isFinite(instantOf(v)),
  },
];

/**
 * Parses the fields of one PER line; `fields` are those after the leading `PER`, as split on `|` (trimmed here).
 * The row error carries the trust and person id when they are themselves readable, so a quarantined line can
 * still be reported to its trust.
 */
export function parsePerLine(ref: RowRef, fields: readonly string[]): ParsedPerLine {
  const trimmed = fields.map((f) => f.trim());
  const trust = trimmed[0] !== undefined && ODS_CODE.test(trimmed[0]) ? trimmed[0] : undefined;
  const esrPersonId = trimmed[1] !== undefined && ESR_PERSON_ID.test(trimmed[1]) ? trimmed[1] : undefined;
  const known = { ...(trust ? { trust } : {}), ...(esrPersonId ? { esrPersonId } : {}) };
  if (trimmed.length !== PER_FIELDS.length) {
    const reason = `expected ${PER_FIELDS.length} fields after PER, found ${trimmed.length}`;
    return { ok: false, error: { ...ref, code: 'FIELD_COUNT', reason, ...known } };
  }
  const row = {} as PerRow;
  PER_FIELDS.forEach((field, i) => (row[field] = trimmed[i]));
  for (const { field, rule, ok } of STRUCTURAL_RULES) {
    if (!ok(row[field])) {
      return {
        ok: false,
        error: { ...ref, code: 'INVALID_FIELD', field, reason: `${field} must be ${rule}`, ...known },
      };
    }
  }
  return { ok: true, ref, row };
}
