/**
 * How every process of ours reaches Temporal, in one place: the worker, the CLI, the resync client, `npm start`
 * and the codec server. The address with TLS (TEMPORAL_TLS_CERT / _KEY / _CA, files) and an API key when set, and
 * the data converter that encrypts payloads and failure text with TEMPORAL_PAYLOAD_KEYS.
 */
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../src/config';
import { EncryptionCodec } from '../src/codec/encryption-codec';
import { formatPayloadKey, parsePayloadKeys, type PayloadKeyRing } from '../src/codec/payload-keys';

/** Where a development key is kept when TEMPORAL_PAYLOAD_KEYS is unset (never in the repository: .data/ is ignored). */
export const DEV_PAYLOAD_KEY_FILE = path.resolve(__dirname, '..', '.data', 'temporal-payload-key');

let warned = false;

/**
 * The payload keys from TEMPORAL_PAYLOAD_KEYS; unset, a development key under .data/ (created on first use) and a
 * warning on stderr that says so.
 */
export function payloadKeyRing(config: Pick<Config, 'TEMPORAL_PAYLOAD_KEYS'>): PayloadKeyRing {
  if (config.TEMPORAL_PAYLOAD_KEYS) return parsePayloadKeys(config.TEMPORAL_PAYLOAD_KEYS);
  if (!fs.existsSync(DEV_PAYLOAD_KEY_FILE)) {
    fs.mkdirSync(path.dirname(DEV_PAYLOAD_KEY_FILE), { recursive: true });
    const key = formatPayloadKey({ id: `dev-${randomBytes(4).toString('hex')}`, key: randomBytes(32) });
    // wx: two processes starting together keep the first one's key.
    try {
      fs.writeFileSync(DEV_PAYLOAD_KEY_FILE, key, { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  if (!warned) {
    warned = true;
    process.emitWarning(
      `TEMPORAL_PAYLOAD_KEYS is not set: Temporal payloads are encrypted with the development key in ${DEV_PAYLOAD_KEY_FILE}`,
      { code: 'ESR_DEV_PAYLOAD_KEY' },
    );
  }
  return parsePayloadKeys(fs.readFileSync(DEV_PAYLOAD_KEY_FILE, 'utf8'));
}

/**
 * Payloads encrypted (AES-256-GCM) and bound to the namespace, failure messages and stacks encoded into an
 * encrypted payload too.
 */
export function temporalDataConverter(
  config: Pick<Config, 'TEMPORAL_PAYLOAD_KEYS' | 'TEMPORAL_NAMESPACE'>,
): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(payloadKeyRing(config), { namespace: config.TEMPORAL_NAMESPACE })],
    failureConverterPath: require.resolve('../src/codec/failure-converter'),
  };
}

type TlsAndKey = Pick<Config, 'TEMPORAL_ADDRESS' | 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA'> &
  Pick<Config, 'TEMPORAL_TLS_SERVER_NAME' | 'TEMPORAL_API_KEY'>;

/** Address, TLS and API key, as both the client's Connection and the worker's NativeConnection take them. */
export function temporalConnectionOptions(config: TlsAndKey): Pick<ConnectionOptions, 'address' | 'tls'> & {
  apiKey?: string;
} {
  const read = (file: string | undefined) => (file ? fs.readFileSync(file) : undefined);
  const cert = read(config.TEMPORAL_TLS_CERT);
  const key = read(config.TEMPORAL_TLS_KEY);
  const ca = read(config.TEMPORAL_TLS_CA);
  // An API key implies TLS (Temporal Cloud and any sane server refuse a key over plain text).
  const tls =
    cert || ca || config.TEMPORAL_API_KEY
      ? {
          ...(ca ? { serverRootCACertificate: ca } : {}),
          ...(cert && key ? { clientCertPair: { crt: cert, key } } : {}),
          ...(config.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME } : {}),
        }
      : undefined;
  return {
    address: config.TEMPORAL_ADDRESS,
    ...(tls ? { tls } : {}),
    ...(config.TEMPORAL_API_KEY ? { apiKey: config.TEMPORAL_API_KEY } : {}),
  };
}

/** A client of the configured namespace, with our connection options and data converter; close its `connection`. */
export async function connectTemporalClient(config: Config): Promise<Client & { connection: Connection }> {
  const connection = await Connection.connect(temporalConnectionOptions(config));
  const client = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: temporalDataConverter(config),
  });
  // The client keeps the Connection it was given; its type only says ConnectionLike.
  return client as Client & { connection: Connection };
}
