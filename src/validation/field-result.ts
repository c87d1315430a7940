/**
 * The outcome of checking one ESR field against its rule. A failure carries only the rule code, never the value,
 * so it can go into findings, logs and reports without leaking personal data.
 */

/** Every rule code a field can fail; stable, because trusts' reports and operators' queries key on them. */
export const FIELD_RULES = [
  'REQUIRED',
  'NINO_FORMAT',
  'NINO_SUFFIX',
  'NINO_PREFIX',
  'NINO_TEMPORARY',
  'POSTCODE_INVALID',
  'PHONE_NOT_POSSIBLE',
  'EMAIL_INVALID',
  'DOB_INVALID_DATE',
  'DOB_AGE_RANGE',
  'TITLE_UNKNOWN',
  'GENDER_UNKNOWN',
  'ETHNIC_ORIGIN_UNKNOWN',
  'NAME_TOO_LONG',
  'NAME_INVALID_CHARACTERS',
  'ADDRESS_TOO_LONG',
  'GMC_FORMAT',
  'GDC_FORMAT',
] as const;
export type FieldRule = (typeof FIELD_RULES)[number];

/** A normalised value ready to store, or the rule it broke. */
export type FieldResult = { ok: true; value: string } | { ok: false; rule: FieldRule };

/** The value passed its rule; `value` is the normalised form to store. */
export function valid(value: string): FieldResult {
  return { ok: true, value };
}

/** The value broke `rule`; the value itself is deliberately not kept. */
export function invalid(rule: FieldRule): FieldResult {
  return { ok: false, rule };
}
