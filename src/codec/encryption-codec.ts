/**
 * AES-256-GCM for Temporal payloads (the shape of Temporal's `encryption` sample): the whole payload, metadata
 * included, is serialised and encrypted; the result says `binary/encrypted` and names its key id. Given a
 * namespace, new payloads are bound to it as additional authenticated data (AAD), so a payload copied into
 * another namespace's history does not decrypt there; payloads written before that (no AAD marker) still decode.
 * Decoding passes through any payload without the encrypted encoding, so histories recorded before encryption
 * still replay and read, unless `strict` (the production codec server), where such a payload is an error: a client
 * without our data converter would otherwise write plaintext into history unnoticed.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PayloadKeyRing } from './payload-keys';

export const ENCODING_ENCRYPTED = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
/** Says what the ciphertext is bound to; its value is the kind (`namespace`), never the namespace itself. */
export const METADATA_AAD = 'encryption-aad';
const AAD_NAMESPACE = 'namespace';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown when a payload names a key this process does not hold, or does not decrypt: names the key id only. */
export class PayloadDecryptionError extends Error {
  constructor(
    readonly keyId: string,
    reason: string,
  ) {
    super(`cannot decrypt a payload encrypted with key "${keyId}": ${reason}`);
    this.name = 'PayloadDecryptionError';
  }
}

/** Thrown in strict mode when a payload to decode is not encrypted: says where it is in the list, nothing of it. */
export class UnencryptedPayloadError extends Error {
  constructor(readonly index: number) {
    super(`payload ${index} is not encrypted (strict mode): it was written by a client without the payload codec`);
    this.name = 'UnencryptedPayloadError';
  }
}

export interface EncryptionCodecOptions {
  /** The Temporal namespace the payloads belong to: bound into new payloads as AAD. */
  namespace?: string;
  /** Decoding an unencrypted payload is an error rather than a pass-through. */
  strict?: boolean;
}

export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keys: PayloadKeyRing,
    private readonly options: EncryptionCodecOptions = {},
  ) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys.current;
    const aad = this.options.namespace === undefined ? undefined : namespaceAad(this.options.namespace);
    return payloads.map((payload) => ({
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCODING_ENCRYPTED),
        [METADATA_KEY_ID]: Buffer.from(id),
        ...(aad ? { [METADATA_AAD]: Buffer.from(AAD_NAMESPACE) } : {}),
      },
      data: encrypt(temporal.api.common.v1.Payload.encode(payload).finish(), key, aad),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload, index) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || Buffer.from(encoding).toString() !== ENCODING_ENCRYPTED) {
        if (this.options.strict) throw new UnencryptedPayloadError(index);
        return payload;
      }
      const keyId = Buffer.from(payload.metadata?.[METADATA_KEY_ID] ?? '').toString();
      const key = this.keys.byId.get(keyId);
      if (!key) throw new PayloadDecryptionError(keyId, 'no such key in TEMPORAL_PAYLOAD_KEYS');
      const bound = payload.metadata?.[METADATA_AAD];
      let aad: Buffer | undefined;
      if (bound) {
        if (Buffer.from(bound).toString() !== AAD_NAMESPACE || this.options.namespace === undefined)
          throw new PayloadDecryptionError(keyId, 'bound to a namespace this codec was not given');
        aad = namespaceAad(this.options.namespace);
      }
      let plain: Uint8Array;
      try {
        plain = decrypt(payload.data ?? new Uint8Array(), key, aad);
      } catch {
        throw new PayloadDecryptionError(keyId, 'authentication failed (wrong key, other namespace or altered data)');
      }
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

const namespaceAad = (namespace: string) => Buffer.from(`temporal-namespace:${namespace}`);

function encrypt(plain: Uint8Array, key: Buffer, aad: Buffer | undefined): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function decrypt(data: Uint8Array, key: Buffer, aad: Buffer | undefined): Uint8Array {
  const bytes = Buffer.from(data);
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
}
