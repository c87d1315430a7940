/**
 * `npm run codec`: the codec server the Temporal Web UI decodes payloads through, on 127.0.0.1:CODEC_PORT, with
 * the keys of TEMPORAL_PAYLOAD_KEYS. CODEC_TOKEN is its bearer token (unset: a random one for this run, printed
 * once here); CODEC_CORS_ORIGIN the one browser origin allowed (default: TEMPORAL_UI_URL's). Give the UI the
 * endpoint this prints (`temporal server start-dev --ui-codec-endpoint ...`, or the UI's Codec Server setting).
 */
import { randomBytes } from 'node:crypto';
import { startCodecServer } from '../servers/codec-server';
import { EncryptionCodec } from '../src/codec/encryption-codec';
import { ConfigError, loadConfig } from '../src/config';
import { payloadKeyRing } from '../workers/temporal-connection';

async function main(): Promise<void> {
  const config = loadConfig();
  const token = config.CODEC_TOKEN ?? randomBytes(24).toString('base64url');
  const server = await startCodecServer({
    codec: new EncryptionCodec(payloadKeyRing(config)),
    token,
    allowedOrigin: config.CODEC_CORS_ORIGIN ?? config.TEMPORAL_UI_URL,
    port: config.CODEC_PORT,
  });
  console.log(
    `codec server on ${server.url} for ${config.CODEC_CORS_ORIGIN ?? new URL(config.TEMPORAL_UI_URL).origin}`,
  );
  console.log(`  Web UI codec endpoint: ${config.CODEC_TOKEN ? `${server.url}/<CODEC_TOKEN>` : server.uiEndpoint}`);
  await new Promise<void>((resolve) => {
    process.on('SIGINT', () => resolve());
    process.on('SIGTERM', () => resolve());
  });
  await server.close();
}

main().catch((err: unknown) => {
  console.error(
    err instanceof ConfigError ? err.message : `codec: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
