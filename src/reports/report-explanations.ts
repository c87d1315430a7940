import type { HeldReason, PerField, SkipReason } from '../extract/types';
import type { FieldRule } from '../validation/field-result';

/**
 * Plain-English wording for the data-quality report, read by trusts' HR teams rather than developers: what each
 * code means and what to change in ESR so the next extract carries a value TIS can use.
 */

/** What a code means and what HR should do about it. */
export interface Explanation {
  meaning: string;
  fix: string;
}

/** ESR's own names for the PER fields, as HR sees them on the ESR person screens. */
export const FIELD_LABELS: Record<PerField, string> = {
  employingTrust: 'Employing trust',
  esrPersonId: 'ESR person number',
  assignmentNumber: 'Assignment number',
  employerRole: 'Employer role (lead or host)',
  assignmentStatus: 'Assignment status',
  assignmentStart: 'Assignment start date',
  assignmentEnd: 'Assignment end date',
  positionNumber: 'Position number',
  deaneryPostNumber: 'Deanery post number (DPN)',
  gmcNumber: 'GMC number',
  gdcNumber: 'GDC number',
  title: 'Title',
  forenames: 'Forenames',
  surname: 'Surname',
  knownAs: 'Known as',
  previousSurname: 'Previous surname',
  dateOfBirth: 'Date of birth',
  gender: 'Gender',
  nino: 'National Insurance number',
  homePhone: 'Home phone',
  mobilePhone: 'Mobile phone',
  email: 'Email',
  ethnicOrigin: 'Ethnic origin',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  addressLine3: 'Address line 3',
  town: 'Town',
  postcode: 'Postcode',
  lastUpdated: 'Last updated',
};

/** Every field rule; a Record so that adding a rule without wording fails to compile. */
export const FIELD_RULE_EXPLANATIONS: Record<FieldRule, Explanation> = {
  REQUIRED: {
    meaning: 'A required field is empty: every trainee needs a surname and a date of birth.',
    fix: 'Enter the missing value in ESR.',
  },
  NINO_FORMAT: {
    meaning: 'The National Insurance number is not two letters, six digits and a letter.',
    fix: "Correct the number in ESR from the trainee's National Insurance letter or payslip.",
  },
  NINO_SUFFIX: {
    meaning: 'The National Insurance number ends in a letter other than A, B, C or D.',
    fix: "Check the last letter against the trainee's National Insurance letter and correct it in ESR.",
  },
  NINO_PREFIX: {
    meaning:
      'The National Insurance number starts with letters HMRC never issues (D, F, I, Q, U or V; O as the second ' +
      'letter; or BG, GB, KN, NK, NT, TN, ZZ).',
    fix: 'Check the first two letters (a common slip is O for 0 or I for 1) and correct them in ESR.',
  },
  NINO_TEMPORARY: {
    meaning: 'ESR holds a temporary National Insurance number (starting TN or OO), which identifies no one.',
    fix: "Replace it in ESR with the trainee's permanent National Insurance number once they have it.",
  },
  POSTCODE_INVALID: {
    meaning: 'The postcode is not a valid UK postcode.',
    fix: 'Correct the postcode of the primary address in ESR.',
  },
  PHONE_NOT_POSSIBLE: {
    meaning: 'The phone number cannot be a real number: too short, too long, or not a number at all.',
    fix: 'Correct the number in ESR; include the country code (e.g. +353) for a number outside the UK.',
  },
  EMAIL_INVALID: {
    meaning: 'The email address is not a valid address.',
    fix: 'Correct the work email in ESR (look for spaces, a missing @ or a missing domain).',
  },
  DOB_INVALID_DATE: {
    meaning: 'The date of birth is not a real date (e.g. 31 April, or 29 February in a year that is not a leap year).',
    fix: "Correct the date of birth in ESR from the trainee's identity documents.",
  },
  DOB_AGE_RANGE: {
    meaning: 'The date of birth makes the trainee younger than 16 or older than 80 on the extract date.',
    fix: 'Check the year of birth in ESR; it is most often mistyped.',
  },
  TITLE_UNKNOWN: {
    meaning: 'The title is not one TIS holds (Dr, Mr, Mrs, Ms, Miss, Mx, Prof).',
    fix: 'Choose one of those titles in ESR, or leave the title empty.',
  },
  GENDER_UNKNOWN: {
    meaning: 'The gender code is not one of M, F, I, X or U.',
    fix: 'Choose a gender from the ESR list.',
  },
  ETHNIC_ORIGIN_UNKNOWN: {
    meaning: 'The ethnic origin is not an NHS ethnic category code.',
    fix: 'Choose an ethnic origin from the ESR list (Not stated is a valid choice).',
  },
  NAME_TOO_LONG: {
    meaning: 'The name is longer than 100 characters.',
    fix: 'Shorten the name in ESR, for example by removing titles or qualifications typed into it.',
  },
  NAME_INVALID_CHARACTERS: {
    meaning: "The name contains characters other than letters, spaces, apostrophes ('), hyphens and full stops.",
    fix: 'Remove digits, brackets or other symbols from the name in ESR; accented letters are fine.',
  },
  ADDRESS_TOO_LONG: {
    meaning: 'An address line or the town is longer than 60 characters.',
    fix: 'Spread the address over the other address lines in ESR.',
  },
  GMC_FORMAT: {
    meaning: 'The GMC number is not 7 digits (or L and 6 digits).',
    fix: 'Correct it in ESR from the GMC register.',
  },
  GDC_FORMAT: {
    meaning: 'The GDC number is not 1 to 6 digits.',
    fix: 'Correct it in ESR from the GDC register.',
  },
};

/** The reader's codes for lines it could not use at all. */
export const ROW_ERROR_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  UNKNOWN_RECORD_TYPE: {
    meaning: 'The line is not a person record ESR should send; nothing in it was used.',
    fix: 'No change in ESR is needed unless it recurs; if it does, raise it with the ESR interface team.',
  },
  FIELD_COUNT: {
    meaning: 'The person record has the wrong number of fields; nothing in it was used.',
    fix: 'Raise it with the ESR interface team; the record will be sent again once corrected.',
  },
  INVALID_FIELD: {
    meaning: 'A field the service needs to read the record (such as the person number or a date) is unreadable.',
    fix: 'Correct the named field in ESR.',
  },
  LINE_TOO_LONG: {
    meaning: 'The line is far longer than any person record; it was not read.',
    fix: 'Raise it with the ESR interface team: the file may be damaged.',
  },
  FORBIDDEN_CHARACTER: {
    meaning: 'A field holds an invisible control or text-direction character, which can hide or reorder what is shown.',
    fix: 'Retype the named field in ESR.',
  },
};

/** Why rows went no further than the employment and DPN checks. */
export const SKIP_REASON_EXPLANATIONS: Record<SkipReason, Explanation> = {
  HOST_RECORD: {
    meaning: "An honorary (host) record: the lead employer's record is the one TIS follows.",
    fix: 'Nothing to do.',
  },
  NOT_ACTIVE: {
    meaning: 'The assignment is suspended or terminated.',
    fix: 'Nothing to do, unless it should be active.',
  },
  OUT_OF_DATE: {
    meaning: 'The assignment had not started, or had ended, on the extract date.',
    fix: 'Check the assignment dates in ESR if the trainee is in post.',
  },
  NO_DPN: {
    meaning: 'The assignment has no deanery post number, so it cannot be tied to a training post.',
    fix: 'Enter the DPN on the assignment in ESR.',
  },
  UNKNOWN_POST: {
    meaning: 'The deanery post number does not name a post TIS knows.',
    fix: 'Check the DPN in ESR against the post the local office gave you.',
  },
  POST_NOT_CURRENT: {
    meaning: 'The deanery post number names a post that is no longer current in TIS.',
    fix: "Update the DPN in ESR to the trainee's current post.",
  },
  NO_PLACEMENT: {
    meaning: 'TIS has no placement for the trainee on that post covering the extract date.',
    fix: 'Check the DPN and assignment dates in ESR, or ask the local office to check the placement in TIS.',
  },
  SUPERSEDED: {
    meaning: 'Another record for the same person, updated later, was used instead.',
    fix: 'Nothing to do.',
  },
};

/** Why a trainee was held for review instead of being updated. */
export const HELD_REASON_EXPLANATIONS: Record<HeldReason, Explanation> = {
  NO_MATCH: {
    meaning: 'No TIS trainee matches this person by GMC/GDC number, or by NI number, date of birth and surname.',
    fix: 'Check the GMC or GDC number in ESR; the local office will link the record if it is right.',
  },
  AMBIGUOUS_MATCH: {
    meaning: 'More than one TIS trainee matches this person, so none was updated rather than guess.',
    fix: 'Check the GMC or GDC number in ESR; the local office will resolve the duplicate in TIS.',
  },
  CONFLICT: {
    meaning: 'TIS holds a newer value, changed by the trainee or by staff, than the one in ESR.',
    fix: "Check with the trainee which value is right and update ESR if it is TIS's.",
  },
};

/** Wording for any code the report might carry; an unknown code still gets a sensible line. */
export function explainCode(code: string): Explanation {
  const tables: Readonly<Record<string, Explanation>>[] = [
    FIELD_RULE_EXPLANATIONS,
    ROW_ERROR_EXPLANATIONS,
    SKIP_REASON_EXPLANATIONS,
    HELD_REASON_EXPLANATIONS,
  ];
  const table = tables.find((t) => Object.hasOwn(t, code));
  return table ? table[code] : { meaning: `Code ${code}.`, fix: 'Ask the TIS support team what this code means.' };
}
