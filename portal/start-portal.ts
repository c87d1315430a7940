/**
 * Starts the data-quality portal on PORTAL_HOST:PORTAL_PORT over the given store. With PORTAL_OIDC_ISSUER it signs
 * people in there; without, it starts the project's own OpenID provider on loopback (servers/oidc-provider.ts) with
 * the demo accounts, whose password is PORTAL_DEMO_PASSWORD or one kept under the data folder.
 */
import type { Logger } from 'pino';
import { demoPortalAccounts } from '../demo/portal-accounts';
import { demoPassword } from '../servers/demo-password';
import { startLocalOidcProvider, type LocalOidcProvider } from '../servers/oidc-provider';
import type { Config } from '../src/config';
import type { Store } from '../store/store';
import { ReportReader } from './report-reader';
import { buildPortal } from './server';
import { SignIn } from './sign-in';

export interface RunningPortal {
  url: string;
  issuer: string;
  /** Set when the project's own provider runs: where its demo password is kept (unless given in the environment). */
  local?: { passwordFile?: string; accounts: string[] };
  close(): Promise<void>;
}

export async function startPortal(opts: {
  config: Config;
  store: Store;
  /** Where a generated demo password is kept (`.data/`). */
  dataDir: string;
  logger?: Logger;
}): Promise<RunningPortal> {
  const { config, store } = opts;
  const host = config.PORTAL_HOST;
  const browserHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const publicUrl = (config.PORTAL_PUBLIC_URL ?? `http://${browserHost}:${config.PORTAL_PORT}`).replace(/\/$/, '');
  const redirectUri = `${publicUrl}/auth/callback`;
  let provider: LocalOidcProvider | undefined;
  let local: RunningPortal['local'];
  let issuer = config.PORTAL_OIDC_ISSUER;
  let clientId = config.PORTAL_OIDC_CLIENT_ID;
  let clientSecret = config.PORTAL_OIDC_CLIENT_SECRET;
  if (!issuer) {
    const trusts = (await store.files.distinct('trusts', { status: 'ACCEPTED' })) as string[];
    const accounts = demoPortalAccounts(trusts);
    const { password, file } = demoPassword(opts.dataDir, config.PORTAL_DEMO_PASSWORD);
    provider = await startLocalOidcProvider({
      port: config.PORTAL_OIDC_LOCAL_PORT,
      redirectUris: [redirectUri],
      accounts,
      password,
      roleClaim: config.PORTAL_OIDC_ROLE_CLAIM,
    });
    ({ issuer, clientId, clientSecret } = provider);
    local = { passwordFile: file, accounts: [...accounts.keys()] };
  }
  const app = await buildPortal({
    reader: new ReportReader(store, config.RETENTION_DAYS),
    signIn: new SignIn({
      issuer,
      clientId: clientId!,
      clientSecret: clientSecret!,
      redirectUri,
      roleClaim: config.PORTAL_OIDC_ROLE_CLAIM,
    }),
    sessionSecret: config.PORTAL_SESSION_SECRET,
    trustProxy: config.PORTAL_TRUST_PROXY === 'true',
    logger: opts.logger,
  });
  try {
    await app.listen({ port: config.PORTAL_PORT, host });
  } catch (err) {
    await provider?.close();
    throw err;
  }
  return {
    url: publicUrl,
    issuer,
    local,
    async close() {
      await app.close();
      await provider?.close();
    },
  };
}
