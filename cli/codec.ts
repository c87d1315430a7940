/**
 * `npm run codec`: the codec server the Temporal Web UI decodes payloads through, a process of its own (`npm start`
 * runs it as one, and compose as its own service), on CODEC_HOST:CODEC_PORT with the keys of
 * TEMPORAL_PAYLOAD_KEYS. CODEC_TOKEN is the Web UI's token (unset: a random one for this run, printed once here);
 * CODEC_CLI_TOKEN the bearer token scripts and `temporal --codec-endpoint … --codec-auth "Bearer …"` send (unset:
 * none is served); both may come from a file (`CODEC_TOKEN_FILE`), never from the command line. CODEC_CORS_ORIGIN
 * is the one browser origin allowed (default: TEMPORAL_UI_URL's), CODEC_NAMESPACES the namespaces served (default:
 * TEMPORAL_NAMESPACE), CODEC_STRICT=true refuses to decode an unencrypted payload. Its access log goes to stdout.
 */
import { randomBytes } from 'node:crypto';
import { startCodecServer } from '../servers/codec-server';
import { ConfigError, loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { payloadKeyRing } from '../workers/temporal-connection';

async function main(): Promise<void> {
  // Whatever this process writes (the dev payload key) is for this account only.
  process.umask(0o077);
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, name: 'esr-codec-server' });
  const token = config.CODEC_TOKEN ?? randomBytes(24).toString('base64url');
  const allowedOrigin = config.CODEC_CORS_ORIGIN ?? config.TEMPORAL_UI_URL;
  const server = await startCodecServer({
    keys: payloadKeyRing(config),
    namespaces: config.CODEC_NAMESPACES ?? [config.TEMPORAL_NAMESPACE],
    token,
    cliToken: config.CODEC_CLI_TOKEN,
    allowedOrigin,
    strict: config.CODEC_STRICT,
    logger,
    host: config.CODEC_HOST,
    port: config.CODEC_PORT,
  });
  logger.info(
    { url: server.url, origin: new URL(allowedOrigin).origin, strict: config.CODEC_STRICT },
    'codec server listening',
  );
  // Printed only when this run made the token up: otherwise whoever set CODEC_TOKEN has it already.
  if (!config.CODEC_TOKEN) console.error(`Web UI codec endpoint: ${server.uiEndpoint}`);
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
