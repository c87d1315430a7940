/**
 * Who runs an operator command, for the audit: the identity the connection to Temporal authenticates with, never
 * a name typed on the command line.
 * - mTLS (TEMPORAL_TLS_CERT): the client certificate's subject, `cert:CN=…` (the server checked the key for it);
 * - an API key (TEMPORAL_API_KEY): a JWT's `sub` claim, `apikey:<sub>`, or else `apikey:<sha256 prefix>` (which
 *   key, never the key);
 * - neither (the embedded stack on this machine): the operating-system account this process runs as, from its
 *   user id (`os:<name>`), not from $USER.
 * The CLI also gives it to Temporal as the client identity, so Temporal's own history of an Update names the same.
 */
import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import type { Config } from '../../src/config';

export type OperatorIdentity = string;

export function operatorIdentity(config: Pick<Config, 'TEMPORAL_TLS_CERT' | 'TEMPORAL_API_KEY'>): OperatorIdentity {
  if (config.TEMPORAL_TLS_CERT) {
    const subject = new X509Certificate(fs.readFileSync(config.TEMPORAL_TLS_CERT)).subject;
    const cn = /^CN=(.*)$/m.exec(subject)?.[1];
    return `cert:${cn ? `CN=${cn}` : subject.replace(/\n/g, ',')}`;
  }
  if (config.TEMPORAL_API_KEY) {
    const sub = jwtSubject(config.TEMPORAL_API_KEY);
    return `apikey:${sub ?? createHash('sha256').update(config.TEMPORAL_API_KEY).digest('hex').slice(0, 12)}`;
  }
  let name: string;
  try {
    name = os.userInfo().username;
  } catch {
    name = `uid-${process.getuid?.() ?? 'unknown'}`;
  }
  return `os:${name}`;
}

/** A JWT's `sub`, read (the server verifies the signature); undefined for a key that is no JWT. */
function jwtSubject(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof claims.sub === 'string' && /^[\w.@:/-]{1,200}$/.test(claims.sub) ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}
