import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { invalid, valid, type FieldResult } from './field-result';

/**
 * A UK or international phone number with any common punctuation, stored in E.164 (`07700 900123` →
 * `+447700900123`; `+1 415 555 2671` → `+14155552671`). Numbers without a country code are read as UK ones.
 *
 * "Possible" (the right length for its country) rather than "valid" (an allocated range) is the rule, so that
 * numbers from newly opened ranges, and Ofcom's drama numbers used in test data, are not rejected. `extract: false`
 * makes the whole field the number: `call 07700 900123` or `0800 FLOWERS` fail instead of being mined for digits.
 */
export function validatePhone(raw: string): FieldResult {
  const phone = parsePhoneNumberFromString(raw.trim(), { defaultCountry: 'GB', extract: false });
  return phone?.isPossible() ? valid(phone.number) : invalid('PHONE_NOT_POSSIBLE');
}
