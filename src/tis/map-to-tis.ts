/**
 * The spec's field mapping, ESR → TIS, in one table. `forenames`, `surname` and `email` in TIS belong to the
 * trainee: ESR's names go to the legal names and ESR's email to workEmail, so this interface never writes them.
 */
import type { EsrPersonValues } from '../extract/types';
import { TIS_ETHNIC_ORIGIN, TIS_GENDER } from './tis-codes';

export const TIS_FIELD_PATHS = [
  'contactDetails.title',
  'contactDetails.legalForenames',
  'contactDetails.legalSurname',
  'contactDetails.knownAs',
  'contactDetails.maidenName',
  'contactDetails.telephoneNumber',
  'contactDetails.mobileNumber',
  'contactDetails.workEmail',
  'contactDetails.address1',
  'contactDetails.address2',
  'contactDetails.address3',
  'contactDetails.address4',
  'contactDetails.postCode',
  'personalDetails.dateOfBirth',
  'personalDetails.nationalInsuranceNumber',
  'personalDetails.gender',
  'personalDetails.ethnicOrigin',
] as const;
export type TisFieldPath = (typeof TIS_FIELD_PATHS)[number];

export interface TisFieldValue {
  path: TisFieldPath;
  value: string;
}

const MAPPING: { from: keyof EsrPersonValues; to: TisFieldPath; convert?: (v: string) => string | undefined }[] = [
  { from: 'title', to: 'contactDetails.title', convert: (v) => v.toUpperCase() },
  { from: 'forenames', to: 'contactDetails.legalForenames' },
  { from: 'surname', to: 'contactDetails.legalSurname' },
  { from: 'knownAs', to: 'contactDetails.knownAs' },
  { from: 'previousSurname', to: 'contactDetails.maidenName' },
  { from: 'homePhone', to: 'contactDetails.telephoneNumber' },
  { from: 'mobilePhone', to: 'contactDetails.mobileNumber' },
  { from: 'email', to: 'contactDetails.workEmail' },
  { from: 'addressLine1', to: 'contactDetails.address1' },
  { from: 'addressLine2', to: 'contactDetails.address2' },
  { from: 'addressLine3', to: 'contactDetails.address3' },
  { from: 'town', to: 'contactDetails.address4' },
  { from: 'postcode', to: 'contactDetails.postCode' },
  { from: 'dateOfBirth', to: 'personalDetails.dateOfBirth' },
  { from: 'nino', to: 'personalDetails.nationalInsuranceNumber' },
  { from: 'gender', to: 'personalDetails.gender', convert: (v) => TIS_GENDER[v] },
  { from: 'ethnicOrigin', to: 'personalDetails.ethnicOrigin', convert: (v) => TIS_ETHNIC_ORIGIN[v] },
];

/** The TIS values a row's valid ESR values stand for; an absent ESR value yields nothing. */
export function mapToTis(values: EsrPersonValues): TisFieldValue[] {
  const out: TisFieldValue[] = [];
  for (const { from, to, convert } of MAPPING) {
    const raw = values[from];
    if (raw === undefined || raw === '') continue;
    const value = convert ? convert(raw) : raw;
    if (value !== undefined) out.push({ path: to, value });
  }
  return out;
}

/**
 * TIS paths whose values are personal data: masked wherever a value is shown. Every field this interface writes is
 * one (names, title, gender and ethnic origin included: the last two are special-category data).
 */
export const PII_TIS_PATHS: ReadonlySet<string> = new Set(TIS_FIELD_PATHS);

/** A value fit to show an operator: personal data is masked whole, since even a part can identify. */
export function maskTisValue(path: string, value: string): string {
  return PII_TIS_PATHS.has(path) ? '•••' : value;
}
