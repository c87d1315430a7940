import {
  PER_FIELDS,
  type EsrIdentifiers,
  type EsrPersonValues,
  type FieldFinding,
  type PerField,
  type PerRow,
} from '../extract/types';
import { validateEthnicOrigin, validateGender, validateTitle } from './codes';
import { validateDateOfBirth } from './date-of-birth';
import { validateEmail } from './email';
import { invalid, type FieldResult } from './field-result';
import { validateAddressLine, validateGdcNumber, validateGmcNumber, validateName } from './names';
import { validateNino } from './nino';
import { validatePhone } from './phone';
import { validatePostcode } from './postcode';

/** Where the row came from and the date its ages are reckoned on. */
export interface ValidatePersonContext {
  file: string;
  line: number;
  /** YYYY-MM-DD */
  extractDate: string;
}

/** A row's valid values and identifiers, and one finding per field that failed its rule. */
export interface ValidatePersonResult {
  values: EsrPersonValues;
  identifiers: EsrIdentifiers;
  findings: FieldFinding[];
}

type PersonField = keyof EsrPersonValues & PerField;
type IdentifierField = 'gmcNumber' | 'gdcNumber';

/** Each personal field's rule: the one place that says which check applies to which ESR field. */
const PERSON_FIELD_RULES: Record<PersonField, (raw: string, extractDate: string) => FieldResult> = {
  title: validateTitle,
  forenames: validateName,
  surname: validateName,
  knownAs: validateName,
  previousSurname: validateName,
  dateOfBirth: validateDateOfBirth,
  gender: validateGender,
  nino: validateNino,
  homePhone: validatePhone,
  mobilePhone: validatePhone,
  email: validateEmail,
  ethnicOrigin: validateEthnicOrigin,
  addressLine1: validateAddressLine,
  addressLine2: validateAddressLine,
  addressLine3: validateAddressLine,
  town: validateAddressLine,
  postcode: validatePostcode,
};

const IDENTIFIER_RULES: Record<IdentifierField, (raw: string) => FieldResult> = {
  gmcNumber: validateGmcNumber,
  gdcNumber: validateGdcNumber,
};

const isPersonField = (field: PerField): field is PersonField => Object.hasOwn(PERSON_FIELD_RULES, field);
const isIdentifierField = (field: PerField): field is IdentifierField => Object.hasOwn(IDENTIFIER_RULES, field);

/** The spec marks these required: a row without them cannot be matched or trusted, so their absence is a finding. */
const REQUIRED_FIELDS: ReadonlySet<PerField> = new Set(['surname', 'dateOfBirth']);

/**
 * Checks every personal field of a PER row against its rule ("Validation per field"). A failing field is left out
 * of `values` and reported, and the rest of the row still applies. An empty field is simply absent ("empty never
 * erases"), except the required surname and date of birth, which are reported as REQUIRED.
 *
 * Findings name the field and rule only, never the value, because they go into trusts' reports.
 */
export function validatePersonFields(row: PerRow, ctx: ValidatePersonContext): ValidatePersonResult {
  const values: EsrPersonValues = {};
  const identifiers: EsrIdentifiers = { esrPersonId: row.esrPersonId.trim() };
  const findings: FieldFinding[] = [];

  const check = (field: PerField, rule: (raw: string) => FieldResult): string | undefined => {
    const raw = row[field].trim();
    const result = raw === '' ? (REQUIRED_FIELDS.has(field) ? invalid('REQUIRED') : undefined) : rule(raw);
    if (!result) return undefined;
    if (result.ok) return result.value;
    findings.push({
      file: ctx.file,
      line: ctx.line,
      trust: row.employingTrust.trim(),
      esrPersonId: identifiers.esrPersonId,
      field,
      rule: result.rule,
    });
    return undefined;
  };

  // File order, so a row's findings read in the order the trust sees the fields.
  for (const field of PER_FIELDS) {
    if (isPersonField(field)) {
      const value = check(field, (raw) => PERSON_FIELD_RULES[field](raw, ctx.extractDate));
      if (value !== undefined) values[field] = value;
    } else if (isIdentifierField(field)) {
      const value = check(field, IDENTIFIER_RULES[field]);
      if (value !== undefined) identifiers[field] = value;
    }
  }
  return { values, identifiers, findings };
}
