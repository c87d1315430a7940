/**
 * `npm run portal`: the data-quality portal alone, over the MongoDB the environment names (read only), on
 * PORTAL_PORT (default 8235, loopback). Without PORTAL_OIDC_ISSUER it runs the project's own OpenID provider with
 * the demo accounts and says where their password is. Ctrl-C stops it.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { createLogger } from '../src/logger';
import { openStore } from '../store/store';
import { startPortal } from './start-portal';

const DATA_DIR = path.resolve(__dirname, '..', '.data');

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT, name: 'esr-portal' });
  const store = await openStore(config.MONGODB_URI, config.TIS_DB, { readOnly: true });
  const portal = await startPortal({ config, store, dataDir: DATA_DIR, logger });
  console.log(`Data-quality portal: ${portal.url} (sign-in at ${portal.issuer})`);
  if (portal.local)
    console.log(
      `  Local OpenID provider with demo accounts (tis-admin, eoe-office, rgt-esr, …); password ${
        portal.local.passwordFile ? `in ${portal.local.passwordFile}` : 'PORTAL_DEMO_PASSWORD'
      }`,
    );
  await new Promise<void>((resolve) => {
    process.on('SIGINT', () => resolve());
    process.on('SIGTERM', () => resolve());
  });
  await portal.close();
  await store.close();
}

main().catch((err: unknown) => {
  console.error(
    err instanceof ConfigError ? err.message : `portal failed: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
});
