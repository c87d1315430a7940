/**
 * The spec's matching order, as a decision over what the queries found: a recorded ESR link; else exactly one
 * person by GMC (or GDC) number; else exactly one by NINO, date of birth and legal surname. Never a guess:
 * none, or more than one at the level that decides, is held for review.
 */
import type { EsrIdentifiers, EsrPersonValues } from '../extract/types';

export type MatchVia = 'ESR_LINK' | 'REGISTRATION' | 'NINO_DOB_SURNAME';

export type MatchDecision =
  | { matched: true; personId: string; via: MatchVia }
  | { matched: false; reason: 'NO_MATCH' | 'AMBIGUOUS_MATCH'; detail: string };

export interface MatchCandidates {
  linked: string[];
  byRegistration: string[];
  byNinoDobSurname: string[];
}

export function decideMatch(found: MatchCandidates): MatchDecision {
  const levels: [MatchVia, string[], string][] = [
    ['ESR_LINK', found.linked, 'TIS people already linked to this ESR person'],
    ['REGISTRATION', found.byRegistration, 'TIS people with this GMC/GDC number'],
    ['NINO_DOB_SURNAME', found.byNinoDobSurname, 'TIS people with this NINO, date of birth and legal surname'],
  ];
  for (const [via, ids, what] of levels) {
    const distinct = [...new Set(ids)];
    if (distinct.length === 1) return { matched: true, personId: distinct[0], via };
    // A tie at a level decides: falling through to a weaker key would be a guess.
    if (distinct.length > 1) return { matched: false, reason: 'AMBIGUOUS_MATCH', detail: `${distinct.length} ${what}` };
  }
  return {
    matched: false,
    reason: 'NO_MATCH',
    detail: 'no TIS person by ESR link, registration number, or NINO with date of birth and surname',
  };
}

export interface MatchQueries {
  linked: Record<string, unknown>;
  registration: Record<string, unknown> | null;
  /** Exact on NINO and date of birth; the caller compares surnames with sameSurname (case-insensitive). */
  ninoDobSurname: Record<string, unknown> | null;
}

/** The MongoDB filters for each level (plain objects: the domain does not import the driver). */
export function matchQueries(values: EsrPersonValues, identifiers: EsrIdentifiers): MatchQueries {
  const registration = identifiers.gmcNumber
    ? { 'identifiers.gmcNumber': identifiers.gmcNumber }
    : identifiers.gdcNumber
      ? { 'identifiers.gdcNumber': identifiers.gdcNumber }
      : null;
  const ninoDobSurname =
    values.nino && values.dateOfBirth && values.surname
      ? { 'personalDetails.nationalInsuranceNumber': values.nino, 'personalDetails.dateOfBirth': values.dateOfBirth }
      : null;
  return { linked: { 'identifiers.esrPersonId': identifiers.esrPersonId }, registration, ninoDobSurname };
}

/**
 * Surnames compared trimmed and case-insensitively, accents kept: "O'Brien" = "o'brien", "Zoë" ≠ "Zoe".
 * Done in code because a case-insensitive collation is not something FerretDB and MongoDB share.
 */
export function sameSurname(a: string, b: string): boolean {
  return a.trim().localeCompare(b.trim(), 'en-GB', { sensitivity: 'accent' }) === 0;
}
