/**
 * One PER line's fields → a trimmed row, or a row error. Only the fields that decide what happens to the row are
 * checked here (trust, person id, assignment, dates, DPN, lastUpdated); personal fields are validated one by
 * one later, where a failure drops the field, not the row. Reasons name the field and rule, never the value.
 */
import { isCalendarDate } from '../validation/calendar-date';
import { instantOf } from '../rules/precedence';
import { LOCAL_OFFICES, PER_FIELDS, type PerField, type PerRow, type RowError, type RowRef } from './types';

const DPN = new RegExp(`^(${LOCAL_OFFICES.join('|')})/[A-Z0-9]+/[A-Z0-9]+/[A-Z0-9]+/\\d{3}$`);

const STRUCTURAL: { field: PerField; rule: string; ok: (v: string) => boolean }[] = [
  { field: 'employingTrust', rule: 'an ODS code of 3 to 5 upper-case letters and digits', ok: (v) => /^[A-Z0-9]{3,5}$/.test(v) },
  { field: 'esrPersonId', rule: '1 to 10 digits', ok: (v) => /^\d{1,10}$/.test(v) },
  { field: 'assignmentNumber', rule: 'digits, a dash and 1 or 2 digits', ok: (v) => /^\d+-\d{1,2}$/.test(v) },
  { field: 'employerRole', rule: 'LEAD or HOST', ok: (v) => v === 'LEAD' || v === 'HOST' },
  { field: 'assignmentStatus', rule: 'ACTIVE, SUSPENDED or TERMINATED', ok: (v) => ['ACTIVE', 'SUSPENDED', 'TERMINATED'].includes(v) },
  { field: 'assignmentStart', rule: 'a real date YYYY-MM-DD', ok: isCalendarDate },
  { field: 'assignmentEnd', rule: 'a real date YYYY-MM-DD or empty', ok: (v) => v === '' || isCalendarDate(v) },
  { field: 'positionNumber', rule: 'at most 30 characters', ok: (v) => [...v].length <= 30 },
  { field: 'deaneryPostNumber', rule: '<office>/<site>/<specialty>/<grade>/<NNN> or empty', ok: (v) => v === '' || DPN.test(v) },
  { field: 'lastUpdated', rule: 'an ISO-8601 timestamp with offset', ok: (v) => Number.isFinite(instantOf(v)) },
];

export type ParsedPerLine = { ok: true; ref: RowRef; row: PerRow } | { ok: false; error: RowError };

/** `fields` are the line's fields after the leading `PER`. */
export function parsePerLine(ref: RowRef, fields: string[]): ParsedPerLine {
  const trimmed = fields.map((f) => f.trim());
  const trust = /^[A-Z0-9]{3,5}$/.test(trimmed[0] ?? '') ? trimmed[0] : undefined;
  const esrPersonId = /^\d{1,10}$/.test(trimmed[1] ?? '') ? trimmed[1] : undefined;
  const known = { ...(trust ? { trust } : {}), ...(esrPersonId ? { esrPersonId } : {}) };
  if (trimmed.length !== PER_FIELDS.length) {
    return {
      ok: false,
      error: { ...ref, code: 'FIELD_COUNT', reason: `expected ${PER_FIELDS.length} fields after PER, found ${trimmed.length}`, ...known },
    };
  }
  const row = Object.fromEntries(PER_FIELDS.map((f, i) => [f, trimmed[i]])) as PerRow;
  for (const check of STRUCTURAL) {
    if (!check.ok(row[check.field])) {
      return {
        ok: false,
        error: { ...ref, code: 'INVALID_FIELD', field: check.field, reason: `${check.field} must be ${check.rule}`, ...known },
      };
    }
  }
  return { ok: true, ref, row };
}
