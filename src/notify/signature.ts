/**
 * The change event's signature, per the operating contract: `X-Signature: t=<unix seconds>,v1=<hex>` where v1 is
 * the HMAC-SHA256 of "<t>.<body>" with the shared secret. The timestamp is inside the signed text, so a captured
 * request cannot be replayed once it is stale; during a secret rotation a second v1= with the other secret follows.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Receivers refuse a `t` older than this (and one as far in the future, for clock skew). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, t: number, body: string | Buffer) =>
  createHmac('sha256', secret).update(`${t}.`).update(body).digest();

/** The header value for a body sent at `t` (unix seconds), one v1= per secret, the current secret first. */
export function signatureHeader(body: string, secrets: readonly string[], t: number): string {
  if (secrets.length === 0) throw new Error('signatureHeader: no secret');
  return [`t=${t}`, ...secrets.map((s) => `v1=${hmac(s, t, body).toString('hex')}`)].join(',');
}

export type SignatureCheck = { valid: true; t: number } | { valid: false; reason: 'malformed' | 'stale' | 'mismatch' };

/**
 * Checks a received header against the raw body bytes: valid when `t` is within the tolerance of `nowSeconds` and
 * any v1= matches any accepted secret. Signatures are compared as bytes in constant time; a malformed or
 * non-ASCII header is a refusal, never an exception.
 */
export function verifySignature(
  header: string | undefined,
  body: string | Buffer,
  secrets: readonly string[],
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!header || header.length > 1024) return { valid: false, reason: 'malformed' };
  let t: number | undefined;
  const given: Buffer[] = [];
  for (const part of header.split(',')) {
    const [name, value] = [part.slice(0, part.indexOf('=')).trim(), part.slice(part.indexOf('=') + 1).trim()];
    if (name === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/.test(value)) given.push(Buffer.from(value, 'hex'));
  }
  if (t === undefined || given.length === 0) return { valid: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return { valid: false, reason: 'stale' };
  const expected = secrets.map((s) => hmac(s, t, body));
  let match = false;
  // Every pair is compared (no early exit), each 32 bytes against 32 bytes.
  for (const g of given) for (const e of expected) match = timingSafeEqual(g, e) || match;
  return match ? { valid: true, t } : { valid: false, reason: 'mismatch' };
}
