/**
 * AES-256-GCM for Temporal payloads (the shape of Temporal's `encryption` sample): the whole payload, metadata
 * included, is serialised and encrypted; the result says `binary/encrypted` and names its key id. Decoding passes
 * through any payload without that encoding, so histories recorded before encryption still replay and read.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { PayloadKeyRing } from './payload-keys';

export const ENCODING_ENCRYPTED = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';

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

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: PayloadKeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys.current;
    return payloads.map((payload) => ({
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCODING_ENCRYPTED),
        [METADATA_KEY_ID]: Buffer.from(id),
      },
      data: encrypt(temporal.api.common.v1.Payload.encode(payload).finish(), key),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || Buffer.from(encoding).toString() !== ENCODING_ENCRYPTED) return payload;
      const keyId = Buffer.from(payload.metadata?.[METADATA_KEY_ID] ?? '').toString();
      const key = this.keys.byId.get(keyId);
      if (!key) throw new PayloadDecryptionError(keyId, 'no such key in TEMPORAL_PAYLOAD_KEYS');
      let plain: Uint8Array;
      try {
        plain = decrypt(payload.data ?? new Uint8Array(), key);
      } catch {
        throw new PayloadDecryptionError(keyId, 'authentication failed (wrong key or altered data)');
      }
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

function encrypt(plain: Uint8Array, key: Buffer): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function decrypt(data: Uint8Array, key: Buffer): Uint8Array {
  const bytes = Buffer.from(data);
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('too short');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
}
