import isEmail from 'validator/lib/isEmail';
import { invalid, valid, type FieldResult } from './field-result';

/**
 * A valid email address, stored with the domain lower-cased. Domains are case-insensitive, so lower-casing them
 * stops `A.Smith@NHS.NET` and `A.Smith@nhs.net` counting as a change; the local part is left as is because
 * RFC 5321 lets a mail server treat its case as significant.
 */
export function validateEmail(raw: string): FieldResult {
  const email = raw.trim();
  if (!isEmail(email)) return invalid('EMAIL_INVALID');
  const at = email.lastIndexOf('@');
  return valid(email.slice(0, at) + email.slice(at).toLowerCase());
}
