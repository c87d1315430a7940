import { invalid, valid, type FieldResult } from './field-result';

/** Letters HMRC never uses in either prefix position (they are too easily misread). */
const FORBIDDEN_PREFIX_LETTERS = new Set(['D', 'F', 'I', 'Q', 'U', 'V']);

/** Prefixes HMRC never allocates; TN is also the temporary prefix, caught first as NINO_TEMPORARY. */
const FORBIDDEN_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** Prefixes of the temporary numbers ESR issues (TN + date of birth + M/F, or OO), which identify no one. */
const TEMPORARY_PREFIXES = new Set(['TN', 'OO']);

const VALID_SUFFIXES = new Set(['A', 'B', 'C', 'D']);

const isLetter = (c: string) => c >= 'A' && c <= 'Z';
const isDigit = (c: string) => c >= '0' && c <= '9';

/**
 * A National Insurance number, normalised to nine upper-case characters without spaces: ESR passes on what was
 * typed, so `ab 12 34 56 c` is accepted as `AB123456C`. (The spec's example QQ123456C is HMRC's specimen number and
 * fails NINO_PREFIX: Q is a forbidden letter.)
 *
 * Checked by hand rather than with validator's `isTaxID('en-GB')`: that misses the BG, KN and NT prefixes,
 * accepts a blank suffix, and cannot say which rule failed, which the trust needs to fix the record.
 * Temporary numbers are recognised by prefix whatever their suffix, since ESR gives them M or F.
 */
export function validateNino(raw: string): FieldResult {
  const nino = raw.replace(/\s+/g, '').toUpperCase();
  const chars = [...nino];
  const shaped =
    chars.length === 9 &&
    isLetter(chars[0]) &&
    isLetter(chars[1]) &&
    chars.slice(2, 8).every(isDigit) &&
    isLetter(chars[8]);
  if (!shaped) return invalid('NINO_FORMAT');
  const prefix = nino.slice(0, 2);
  if (TEMPORARY_PREFIXES.has(prefix)) return invalid('NINO_TEMPORARY');
  if (!VALID_SUFFIXES.has(nino[8])) return invalid('NINO_SUFFIX');
  if (
    FORBIDDEN_PREFIX_LETTERS.has(nino[0]) ||
    FORBIDDEN_PREFIX_LETTERS.has(nino[1]) ||
    nino[1] === 'O' ||
    FORBIDDEN_PREFIXES.has(prefix)
  ) {
    return invalid('NINO_PREFIX');
  }
  return valid(nino);
}
