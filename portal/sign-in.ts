/**
 * The portal as an OpenID Connect relying party (openid-client): the authorization code flow with PKCE, state and
 * nonce, the client authenticated with its secret; the role claim read from the ID token or, when the provider keeps
 * it there, from userinfo. Discovery is lazy and retried, so the portal may start before its provider.
 */
import * as oidc from 'openid-client';
import { accessFromClaim, type Access } from './access';

export interface SignInSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends the browser back: `<public URL>/auth/callback`. */
  redirectUri: string;
  roleClaim: string;
  scope?: string;
}

/** What a sign-in started keeps in the session until the provider answers. */
export interface PendingSignIn {
  codeVerifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

/** The signed-in user: who, for display, and what they may see. */
export interface PortalUser {
  sub: string;
  name: string;
  access: Access;
}

/** Plain http only to a provider on this machine (the project's own, for local use). */
const loopback = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

export class SignIn {
  private configuration?: Promise<oidc.Configuration>;

  constructor(private readonly settings: SignInSettings) {}

  private config(): Promise<oidc.Configuration> {
    this.configuration ??= oidc
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        this.settings.clientSecret,
        oidc.ClientSecretBasic(this.settings.clientSecret),
        { execute: loopback(this.settings.issuer) ? [oidc.allowInsecureRequests] : [] },
      )
      .catch((err: unknown) => {
        // Not kept: the next sign-in tries the provider again.
        this.configuration = undefined;
        throw err;
      });
    return this.configuration;
  }

  /** The provider's sign-in URL, and what to keep until it answers. */
  async start(returnTo: string): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.config();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending = { codeVerifier, state: oidc.randomState(), nonce: oidc.randomNonce(), returnTo };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scope ?? 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /**
   * The provider's answer (the callback's query string), checked (state, nonce, PKCE, ID token), as the user it
   * signed in. The callback URL is the configured one, not the request's: behind a proxy they differ.
   */
  async finish(callbackQuery: string, pending: PendingSignIn): Promise<PortalUser> {
    const config = await this.config();
    const currentUrl = new URL(this.settings.redirectUri);
    currentUrl.search = callbackQuery;
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims()!;
    let role: unknown = claims[this.settings.roleClaim];
    let name: unknown = claims.name;
    if (role === undefined || name === undefined) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      role ??= info[this.settings.roleClaim];
      name ??= info.name;
    }
    return {
      sub: claims.sub,
      name: typeof name === 'string' && name ? name : claims.sub,
      access: accessFromClaim(role),
    };
  }
}
