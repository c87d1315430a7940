/** TIS's side of the code lists: how it stores titles, genders and ethnic origins (the spec's tables). */

export const TIS_TITLES = ['DR', 'MR', 'MRS', 'MS', 'MISS', 'MX', 'PROF'] as const;

export const TIS_GENDER: Record<string, string> = {
  M: 'Male',
  F: 'Female',
  I: 'Indeterminate',
  X: 'I prefer not to specify',
  U: 'Not known',
};

export const TIS_ETHNIC_ORIGIN: Record<string, string> = {
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
