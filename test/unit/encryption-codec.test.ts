/** The payload codec: AES-256-GCM with the key id in the metadata, rotation, and unencrypted payloads passed through. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec, PayloadDecryptionError } from '../../src/codec/encryption-codec';
import { formatPayloadKey, parsePayloadKeys, PayloadKeysError } from '../../src/codec/payload-keys';

const key = (id: string) => formatPayloadKey({ id, key: randomBytes(32) });
const SECRET_VALUE = { nino: 'QQ123456C', surname: 'Zebedee-Quixote' };

test('a payload is ciphertext naming its key, and decodes to the same value', async () => {
  const codec = new EncryptionCodec(parsePayloadKeys(key('k1')));
  const plain = defaultPayloadConverter.toPayload(SECRET_VALUE);
  const [encoded] = await codec.encode([plain]);
  assert.equal(Buffer.from(encoded.metadata!.encoding!).toString(), 'binary/encrypted');
  assert.equal(Buffer.from(encoded.metadata!['encryption-key-id']!).toString(), 'k1');
  const raw = Buffer.from(encoded.data!).toString('latin1');
  for (const v of ['QQ123456C', 'Zebedee', 'json/plain']) assert.ok(!raw.includes(v), `${v} in the ciphertext`);
  const [decoded] = await codec.decode([encoded]);
  assert.deepEqual(defaultPayloadConverter.fromPayload(decoded), SECRET_VALUE);
});

test('rotation: a new first key encrypts, the old one still decrypts; a dropped key is refused by id', async () => {
  const [oldKey, newKey] = [key('2026-old'), key('2026-new')];
  const before = new EncryptionCodec(parsePayloadKeys(oldKey));
  const during = new EncryptionCodec(parsePayloadKeys(`${newKey},${oldKey}`));
  const after = new EncryptionCodec(parsePayloadKeys(newKey));
  const [old] = await before.encode([defaultPayloadConverter.toPayload(SECRET_VALUE)]);
  const [fresh] = await during.encode([defaultPayloadConverter.toPayload(SECRET_VALUE)]);
  assert.equal(Buffer.from(fresh.metadata!['encryption-key-id']!).toString(), '2026-new');
  assert.deepEqual(defaultPayloadConverter.fromPayload((await during.decode([old]))[0]), SECRET_VALUE);
  assert.deepEqual(defaultPayloadConverter.fromPayload((await after.decode([fresh]))[0]), SECRET_VALUE);
  await assert.rejects(after.decode([old]), (err: unknown) => {
    assert.ok(err instanceof PayloadDecryptionError);
    assert.equal(err.keyId, '2026-old');
    return true;
  });
});

test('an altered ciphertext, or the same key id with other bytes, fails authentication', async () => {
  const codec = new EncryptionCodec(parsePayloadKeys(key('k1')));
  const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(SECRET_VALUE)]);
  const altered = Buffer.from(encoded.data!);
  altered[20] ^= 1;
  await assert.rejects(codec.decode([{ ...encoded, data: altered }]), PayloadDecryptionError);
  const impostor = new EncryptionCodec(parsePayloadKeys(key('k1')));
  await assert.rejects(impostor.decode([encoded]), /authentication failed/);
});

test('payloads recorded before encryption pass through decode untouched', async () => {
  const codec = new EncryptionCodec(parsePayloadKeys(key('k1')));
  const plain = [
    defaultPayloadConverter.toPayload({ extractDate: '2026-01-01' }),
    defaultPayloadConverter.toPayload(undefined),
  ];
  assert.deepEqual(await codec.decode(plain), plain);
});

test('TEMPORAL_PAYLOAD_KEYS is checked, and its errors never carry key bytes', () => {
  const secret = randomBytes(16).toString('base64');
  for (const bad of ['', 'nokey', `k1:${secret}`, 'bad id:AAAA', `${key('a')},${key('a')}`]) {
    assert.throws(
      () => parsePayloadKeys(bad),
      (err: unknown) => err instanceof PayloadKeysError && !err.message.includes(secret),
    );
  }
  const ring = parsePayloadKeys(` ${key('a')} , ${key('b')} `);
  assert.equal(ring.current.id, 'a');
  assert.deepEqual([...ring.byId.keys()], ['a', 'b']);
});
