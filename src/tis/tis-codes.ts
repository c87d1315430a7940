/** TIS's side of the code lists. Gender and ethnic origin labels are the spec's, kept once in src/validation. */
export { GENDER_LABELS as TIS_GENDER, ETHNIC_ORIGIN_LABELS as TIS_ETHNIC_ORIGIN } from '../validation/codes';

export const TIS_TITLES = ['DR', 'MR', 'MRS', 'MS', 'MISS', 'MX', 'PROF'] as const;
