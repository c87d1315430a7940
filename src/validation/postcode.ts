import { parse } from 'postcode';
import { invalid, valid, type FieldResult } from './field-result';

/**
 * A UK postcode in any case and spacing, stored as TIS holds it: upper case with one space (`sw1a1aa` →
 * `SW1A 1AA`). All whitespace is dropped first because the library rejects leading or doubled-up spaces only
 * some of the time, and the space carries no meaning: the inward code is always the last three characters.
 */
export function validatePostcode(raw: string): FieldResult {
  const parsed = parse(raw.replace(/\s+/g, ''));
  return parsed.valid ? valid(parsed.postcode) : invalid('POSTCODE_INVALID');
}
