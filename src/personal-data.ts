/**
 * Which keys hold personal data, wherever they appear (an ESR row, a TIS document, a change set, a log's meta), and
 * a deep redaction over them: the safety net under logs and anything else that prints an object. The code should
 * never hand such values to a logger in the first place.
 */
import { PER_FIELDS, type PerField } from './extract/types';

/** PER fields about the assignment or the record, not the person; every other PER field is personal. */
const PER_FIELDS_NOT_PERSONAL: ReadonlySet<PerField> = new Set([
  'employingTrust',
  'esrPersonId',
  'assignmentNumber',
  'employerRole',
  'assignmentStatus',
  'assignmentStart',
  'assignmentEnd',
  'positionNumber',
  'deaneryPostNumber',
  'lastUpdated',
]);

/**
 * Leaf keys whose values identify or describe a person: ESR's field names (a PER field added later is personal
 * until said otherwise) and TIS's, names and codes included.
 */
export const PERSONAL_KEYS: ReadonlySet<string> = new Set([
  ...PER_FIELDS.filter((f) => !PER_FIELDS_NOT_PERSONAL.has(f)),
  // TIS person fields
  'legalForenames',
  'legalSurname',
  'maidenName',
  'telephoneNumber',
  'mobileNumber',
  'workEmail',
  'address1',
  'address2',
  'address3',
  'address4',
  'postCode',
  'nationalInsuranceNumber',
]);

/** Keys whose whole value is personal whatever it holds: containers of the fields above, raw lines, diffs. */
export const PERSONAL_CONTAINERS: ReadonlySet<string> = new Set([
  'personalDetails',
  'contactDetails',
  'values',
  'row',
  'text',
  'raw',
  'before',
  'after',
  'value',
  // secrets that travel in headers
  'x-signature',
  'authorization',
]);

export const REDACTED = '[redacted]';

/** True when a dotted path ends in a personal key (`contactDetails.legalSurname`, `row.nino`). */
export function isPersonalPath(path: string): boolean {
  const segments = path.split('.');
  return segments.some((s) => PERSONAL_CONTAINERS.has(s)) || PERSONAL_KEYS.has(segments[segments.length - 1]);
}

/**
 * A copy of `value` with every personal key's value replaced by [redacted], at any depth, through arrays (their
 * items included), and with Errors reduced to their type (a driver's message can quote a value).
 */
export function redactPersonal(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return safeError(value);
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[circular]';
  if (depth > 12) return REDACTED;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactPersonal(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      PERSONAL_KEYS.has(k) || PERSONAL_CONTAINERS.has(k.toLowerCase()) ? REDACTED : redactPersonal(v, depth + 1, seen);
  }
  return out;
}

/** An error as it may be logged or recorded: its type and code, never its message or stack. */
export function safeError(err: unknown): { type: string; code?: string | number } {
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  const type = (err as { type?: unknown }).type;
  return {
    type: typeof type === 'string' && type ? type : err.name,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
  };
}
