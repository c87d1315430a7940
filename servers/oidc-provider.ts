/**
 * The project's own OpenID provider, for local use only (npm start, npm run portal without PORTAL_OIDC_ISSUER, the
 * tests and demos): a real oidc-provider on loopback with one client, the portal, and a fixed list of demo accounts
 * sharing one password. Its sign-in page has fields labelled "Username" and "Password" and a "Sign in" button;
 * attempts are rate-limited per address. Consent is implied for the one first-party client. Keys and cookies are
 * new each start: sessions end with the process, which is right for a demo.
 */
import { createHash, generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import Provider from 'oidc-provider';
import { freePort } from './ports';

/** A demo account: its display name and its role claim (portal/access.ts). */
export interface DemoAccount {
  name: string;
  access: string[];
}

export interface LocalOidcProviderOptions {
  /** 0 for any free port. */
  port: number;
  /** Where the portal is sent back to: its `/auth/callback` URLs. */
  redirectUris: string[];
  accounts: Map<string, DemoAccount>;
  password: string;
  /** The claim carrying the account's access (PORTAL_OIDC_ROLE_CLAIM). */
  roleClaim?: string;
  /** Sign-in attempts allowed per address per minute. */
  attemptsPerMinute?: number;
}

export interface LocalOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const digest = (s: string) => createHash('sha256').update(s).digest();

const STYLE = `body{font:19px/1.5 Arial,sans-serif;color:#212b32;background:#f0f4f5;margin:0}
header{background:#005eb8;color:#fff;padding:1rem 2rem;font-weight:bold}main{max-width:30rem;margin:2rem auto;padding:0 1rem}
label{display:block;font-weight:bold;margin:1rem 0 .25rem}input{font:inherit;width:100%;padding:.4rem;border:2px solid #4c6272;box-sizing:border-box}
input:focus,button:focus{outline:3px solid #ffeb3b;outline-offset:0}button{font:inherit;margin-top:1.5rem;background:#007f3b;color:#fff;border:0;padding:.6rem 1.2rem;box-shadow:0 4px 0 #00401e;cursor:pointer}
.error{border-left:5px solid #d5281b;padding:.5rem 1rem;background:#fff}`;
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** The provider's own pages: no script, one inline stylesheet allowed by its hash, never framed. */
function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header(
      'content-security-policy',
      `default-src 'none'; style-src ${STYLE_HASH}; frame-ancestors 'none'; base-uri 'none'`,
    )
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${esc(title)} – ESR data quality sign-in (local)</title><style>${STYLE}</style></head>` +
        `<body><header>ESR data quality: local sign-in</header><main><h1>${esc(title)}</h1>${body}</main></body></html>`,
    );
}

function signInForm(uid: string, username = '', error?: string): string {
  return (
    (error ? `<div class="error" role="alert"><p>${esc(error)}</p></div>` : '') +
    `<p>The project's own sign-in, for local use and demos. Use a demo account.</p>` +
    `<form method="post" action="/interaction/${esc(uid)}/login" novalidate>` +
    `<label for="username">Username</label><input id="username" name="username" type="text" autocomplete="username" spellcheck="false" value="${esc(username)}" required>` +
    `<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>` +
    `<button type="submit">Sign in</button></form>`
  );
}

export async function startLocalOidcProvider(opts: LocalOidcProviderOptions): Promise<LocalOidcProvider> {
  const roleClaim = opts.roleClaim ?? 'esr_portal_access';
  const clientId = 'esr-data-quality-portal';
  const clientSecret = randomBytes(32).toString('base64url');
  const app = Fastify({ logger: false });
  const port = opts.port || (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [privateKey.export({ format: 'jwk' }) as never] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    claims: { openid: ['sub'], profile: ['name', roleClaim] },
    findAccount: (_ctx, sub) => {
      const account = opts.accounts.get(sub);
      return account
        ? { accountId: sub, claims: () => ({ sub, name: account.name, [roleClaim]: account.access }) }
        : undefined;
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: {
      Session: 8 * 3600,
      Interaction: 600,
      Grant: 8 * 3600,
      AccessToken: 600,
      IdToken: 600,
      AuthorizationCode: 60,
    },
    renderError: (ctx, _out, error) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in error</title></head><body><main><h1>Sign-in error</h1><p>${esc(error.name)}</p></main></body></html>`;
    },
  });
  const callback = provider.callback();

  // oidc-provider reads its own request bodies: everything outside the sign-in form passes through unparsed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  await app.register(async (interactions) => {
    await interactions.register(fastifyFormbody);
    await interactions.register(fastifyRateLimit, {
      global: false,
      errorResponseBuilder: () => ({
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'too many sign-in attempts',
      }),
    });
    interactions.get<{ Params: { uid: string } }>('/interaction/:uid', async (request, reply) => {
      const details = await provider.interactionDetails(request.raw, reply.raw);
      if (details.prompt.name === 'login') return page(reply, 200, 'Sign in', signInForm(details.uid));
      // The portal is this provider's one client, first-party: its consent is implied.
      const accountId = details.session?.accountId;
      const grant = details.grantId
        ? (await provider.Grant.find(details.grantId))!
        : new provider.Grant({ accountId, clientId: details.params.client_id as string });
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      const grantId = await grant.save();
      reply.hijack();
      await provider.interactionFinished(
        request.raw,
        reply.raw,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
    });
    interactions.post<{ Params: { uid: string }; Body: { username?: string; password?: string } }>(
      '/interaction/:uid/login',
      // Attempts per address per minute: a flood is never a person signing in.
      { config: { rateLimit: { max: opts.attemptsPerMinute ?? 20, timeWindow: '1 minute' } } },
      async (
        request: FastifyRequest<{ Params: { uid: string }; Body: { username?: string; password?: string } }>,
        reply,
      ) => {
        const details = await provider.interactionDetails(request.raw, reply.raw);
        const username = String(request.body?.username ?? '')
          .trim()
          .toLowerCase();
        const password = String(request.body?.password ?? '');
        const known = opts.accounts.has(username);
        // Compared in constant time, and the same work whether or not the user exists.
        const right = timingSafeEqual(digest(password), digest(opts.password)) && known;
        if (!right)
          return page(
            reply,
            401,
            'Sign in',
            signInForm(details.uid, username, 'The username or password is not right.'),
          );
        reply.hijack();
        await provider.interactionFinished(
          request.raw,
          reply.raw,
          { login: { accountId: username } },
          { mergeWithLastSubmission: false },
        );
      },
    );
  });
  app.all('/*', (request, reply) => {
    reply.hijack();
    void callback(request.raw, reply.raw);
  });
  await app.listen({ port, host: '127.0.0.1' });

  return {
    issuer,
    clientId,
    clientSecret,
    close: () => app.close(),
  };
}
