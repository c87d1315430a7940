import { invalid, valid, type FieldResult } from './field-result';

/** ESR's limits for a name and for an address line or town, counted in characters (code points). */
export const MAX_NAME_LENGTH = 100;
export const MAX_ADDRESS_LENGTH = 60;

/**
 * Letters of any script, spaces, apostrophe, hyphen and full stop. Combining marks (\p{M}) count as part of a
 * letter: names in Devanagari or Bengali need them, and a decomposed `é` is an `e` plus one.
 */
const NAME_CHARACTERS = /^[\p{L}\p{M} '.-]+$/u;

const characterCount = (value: string) => [...value].length;

/** forenames, surname, knownAs or previousSurname: at most 100 characters, letters and `' - .` only. */
export function validateName(raw: string): FieldResult {
  const name = raw.trim();
  if (characterCount(name) > MAX_NAME_LENGTH) return invalid('NAME_TOO_LONG');
  if (!NAME_CHARACTERS.test(name)) return invalid('NAME_INVALID_CHARACTERS');
  return valid(name);
}

/** addressLine1–3 or town: at most 60 characters; any characters, since addresses use digits, commas and `/`. */
export function validateAddressLine(raw: string): FieldResult {
  const line = raw.trim();
  return characterCount(line) > MAX_ADDRESS_LENGTH ? invalid('ADDRESS_TOO_LONG') : valid(line);
}

/** A GMC number: 7 digits, or `L` and 6 digits (a provisional registration); a lower-case `l` is upper-cased. */
export function validateGmcNumber(raw: string): FieldResult {
  const gmc = raw.trim().toUpperCase();
  return /^(\d{7}|L\d{6})$/.test(gmc) ? valid(gmc) : invalid('GMC_FORMAT');
}

/** A GDC number: 1 to 6 digits, kept as written (leading zeros included) because it is matched as text. */
export function validateGdcNumber(raw: string): FieldResult {
  const gdc = raw.trim();
  return /^\d{1,6}$/.test(gdc) ? valid(gdc) : invalid('GDC_FORMAT');
}
