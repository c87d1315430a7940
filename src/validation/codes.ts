import { invalid, valid, type FieldResult } from './field-result';

/** ESR's titles in their canonical spelling; TIS upper-cases them when it maps them. */
export const TITLES = ['Dr', 'Mr', 'Mrs', 'Ms', 'Miss', 'Mx', 'Prof'] as const;
export type Title = (typeof TITLES)[number];

/** ESR's gender codes and the TIS labels they map to. */
export const GENDER_LABELS: Readonly<Record<string, string>> = {
  M: 'Male',
  F: 'Female',
  I: 'Indeterminate',
  X: 'I prefer not to specify',
  U: 'Not known',
};

/** NHS Data Dictionary ETHNIC CATEGORY codes and the TIS labels they map to (99: the code was never asked). */
export const ETHNIC_ORIGIN_LABELS: Readonly<Record<string, string>> = {
  A: 'White - British',
  B: 'White - Irish',
  C: 'Any other White background',
  D: 'Mixed White and Black Caribbean',
  E: 'Mixed White and Black African',
  F: 'Mixed White and Asian',
  G: 'Any other mixed background',
  H: 'Asian or Asian British - Indian',
  J: 'Asian or Asian British - Pakistani',
  K: 'Asian or Asian British - Bangladeshi',
  L: 'Any other Asian background',
  M: 'Black or Black British - Caribbean',
  N: 'Black or Black British - African',
  P: 'Any other Black background',
  R: 'Chinese',
  S: 'Any other ethnic group',
  Z: 'Not stated',
  '99': 'Not known',
};

const TITLE_BY_UPPER = new Map<string, Title>(TITLES.map((t) => [t.toUpperCase(), t]));

/** A title from ESR's list in any case (`DR`, `dr`), stored in its canonical spelling (`Dr`). */
export function validateTitle(raw: string): FieldResult {
  const title = TITLE_BY_UPPER.get(raw.trim().toUpperCase());
  return title ? valid(title) : invalid('TITLE_UNKNOWN');
}

/** A gender code (M F I X U); case is not significant in a one-letter code, so `m` is stored as `M`. */
export function validateGender(raw: string): FieldResult {
  const code = raw.trim().toUpperCase();
  return Object.hasOwn(GENDER_LABELS, code) ? valid(code) : invalid('GENDER_UNKNOWN');
}

/** An ethnic category code (A–Z as listed, or 99), stored upper-case. */
export function validateEthnicOrigin(raw: string): FieldResult {
  const code = raw.trim().toUpperCase();
  return Object.hasOwn(ETHNIC_ORIGIN_LABELS, code) ? valid(code) : invalid('ETHNIC_ORIGIN_UNKNOWN');
}
