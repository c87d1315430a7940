/**
 * Signs in to the portal through the project's own OpenID provider the way a browser does, with Playwright's HTTP
 * client (cookies kept, redirects followed): the portal sends it to the provider's sign-in page, the form is posted
 * with a demo account, and the provider sends it back signed in.
 */
import type { APIRequestContext, APIResponse } from 'playwright-core';

export async function signInOverHttp(
  api: APIRequestContext,
  portalUrl: string,
  username: string,
  password: string,
): Promise<APIResponse> {
  const form = await api.get(`${portalUrl}/login`);
  const action = /<form method="post" action="([^"]+)"/.exec(await form.text())?.[1];
  if (!action) throw new Error(`no sign-in form at ${form.url()} (status ${form.status()})`);
  return api.post(new URL(action.replace(/&amp;/g, '&'), form.url()).href, { form: { username, password } });
}
