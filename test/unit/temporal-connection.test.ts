/** How every process connects to Temporal: TLS files, API key, payload keys; and the config rules behind them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, ConfigError } from '../../src/config';
import { describeError } from '../../cli/commands/errors';
import { temporalConnectionOptions, temporalDataConverter } from '../../workers/temporal-connection';
import { EncryptionCodec } from '../../src/codec/encryption-codec';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tls-'));
const file = (name: string, text: string) => {
  const full = path.join(dir, name);
  fs.writeFileSync(full, text);
  return full;
};
const KEYS = `k1:${randomBytes(32).toString('base64')}`;

test('no TLS settings: the address alone', () => {
  const opts = temporalConnectionOptions(loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233' }));
  assert.deepEqual(opts, { address: 'temporal:7233' });
});

test('client certificate, key and CA are read from their files; an API key implies TLS', () => {
  const config = loadConfig({
    TEMPORAL_ADDRESS: 'temporal.example:7233',
    TEMPORAL_TLS_CERT: file('c.pem', 'CERT'),
    TEMPORAL_TLS_KEY: file('k.pem', 'KEY'),
    TEMPORAL_TLS_CA: file('ca.pem', 'CA'),
    TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
  });
  const opts = temporalConnectionOptions(config);
  const tls = opts.tls as {
    clientCertPair: { crt: Buffer; key: Buffer };
    serverRootCACertificate: Buffer;
    serverNameOverride: string;
  };
  assert.equal(tls.clientCertPair.crt.toString(), 'CERT');
  assert.equal(tls.clientCertPair.key.toString(), 'KEY');
  assert.equal(tls.serverRootCACertificate.toString(), 'CA');
  assert.equal(tls.serverNameOverride, 'temporal.internal');
  const cloud = temporalConnectionOptions(
    loadConfig({ TEMPORAL_ADDRESS: 'ns.tmprl.cloud:7233', TEMPORAL_API_KEY: 'key-123' }),
  );
  assert.deepEqual(cloud, { address: 'ns.tmprl.cloud:7233', tls: {}, apiKey: 'key-123' });
});

test('config refuses a certificate without its key, bad payload keys, and http to another host', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (err) {
      assert.ok(err instanceof ConfigError);
      return err.problems.map((p) => p.variable);
    }
  };
  assert.deepEqual(problems({ TEMPORAL_TLS_CERT: '/c.pem' }), ['TEMPORAL_TLS_KEY']);
  const secret = randomBytes(16).toString('base64');
  assert.deepEqual(problems({ TEMPORAL_PAYLOAD_KEYS: `k1:${secret}` }), ['TEMPORAL_PAYLOAD_KEYS']);
  try {
    loadConfig({ TEMPORAL_PAYLOAD_KEYS: `k1:${secret}` });
  } catch (err) {
    assert.ok(!(err as Error).message.includes(secret), 'the key is never echoed');
  }
  const notify = { NOTIFY_SECRET: 'sixteen-characters!' };
  assert.deepEqual(problems({ ...notify, NOTIFY_URL: 'http://tis.example/events' }), ['NOTIFY_URL']);
  assert.deepEqual(problems({ ...notify, NOTIFY_URL: 'https://tis.example/events' }), []);
  assert.deepEqual(problems({ ...notify, NOTIFY_URL: 'http://127.0.0.1:9000/events' }), []);
});

test('the data converter encrypts with the configured keys, and names the failure converter for the bundle', () => {
  const converter = temporalDataConverter(loadConfig({ TEMPORAL_PAYLOAD_KEYS: KEYS }));
  assert.ok(converter.payloadCodecs?.[0] instanceof EncryptionCodec);
  assert.match(converter.failureConverterPath ?? '', /src\/codec\/failure-converter/);
});

test("the CLI never echoes a MongoDB driver's message, which can quote a value", () => {
  const err = Object.assign(new Error('E11000 dup key: { nino: "JX987654A" }'), {
    name: 'MongoServerError',
    code: 11000,
  });
  assert.equal(describeError(err).message, 'MongoDB refused the operation (MongoServerError 11000)');
});
