/**
 * The keys that encrypt Temporal payloads, from TEMPORAL_PAYLOAD_KEYS (`<keyId>:<base64 of 32 bytes>`, comma
 * separated): the first encrypts, every one decrypts, so a new key goes first and the old one stays until no
 * history that needs it is kept.
 */

export interface PayloadKey {
  /** Written into each payload's metadata, so a reader knows which key to use; never secret. */
  id: string;
  /** 32 bytes: AES-256. */
  key: Buffer;
}

export interface PayloadKeyRing {
  /** The key new payloads are encrypted with. */
  current: PayloadKey;
  /** Every accepted key by id, the current one included. */
  byId: ReadonlyMap<string, Buffer>;
}

/** Thrown when TEMPORAL_PAYLOAD_KEYS is malformed; says which entry, never a key's bytes. */
export class PayloadKeysError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadKeysError';
  }
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function parsePayloadKeys(text: string): PayloadKeyRing {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new PayloadKeysError('expected at least one <keyId>:<base64 of 32 bytes>');
  const keys = entries.map((entry, i): PayloadKey => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID.test(id))
      throw new PayloadKeysError(`entry ${i + 1}: expected <keyId>:<base64>, keyId of [A-Za-z0-9._-]`);
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== 32) throw new PayloadKeysError(`key ${id}: expected 32 bytes in base64, got ${key.length}`);
    return { id, key };
  });
  const byId = new Map<string, Buffer>();
  for (const k of keys) {
    if (byId.has(k.id)) throw new PayloadKeysError(`key ${k.id} is listed twice`);
    byId.set(k.id, k.key);
  }
  return { current: keys[0], byId };
}

/** The text form of one key, as TEMPORAL_PAYLOAD_KEYS takes it. */
export function formatPayloadKey(k: PayloadKey): string {
  return `${k.id}:${k.key.toString('base64')}`;
}
