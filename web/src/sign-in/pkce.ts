/**
 * The OAuth 2.0 authorization code flow with PKCE (RFC 7636) against the Cognito Hosted UI, for a
 * public client: the browser keeps a random verifier, sends only its SHA-256 (the challenge) to
 * the authorize endpoint, and proves it holds the verifier when it exchanges the code, so an
 * intercepted code is worthless.
 */

/** Where the Hosted UI is and which app client the console is (`/staff-sign-in.json` in AWS). */
export interface HostedUi {
  /** e.g. `https://kreislauf-staff-123456789012.auth.eu-central-1.amazoncognito.com` */
  hostedUiUrl: string;
  clientId: string;
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A verifier of 43 characters from 32 random bytes (RFC 7636 §4.1 asks 43 to 128), or a state. */
export function randomVerifier(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 challenge of a verifier: BASE64URL(SHA-256(ASCII(verifier))). */
export async function challengeOf(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/**
 * The Hosted UI's authorize address for a sign-in that comes back to `redirectUri`.
 *
 * @example
 * location.assign(authorizeUrl(ui, { challenge: await challengeOf(verifier), state, redirectUri: `${location.origin}/staff/` }));
 */
export function authorizeUrl(ui: HostedUi, request: { challenge: string; state: string; redirectUri: string }): string {
  const url = new URL('/oauth2/authorize', ui.hostedUiUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: ui.clientId,
    redirect_uri: request.redirectUri,
    scope: 'openid email profile',
    state: request.state,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

/** The form the token endpoint takes to exchange a code, with the verifier that proves the sign-in is ours. */
export function tokenRequestBody(ui: HostedUi, exchange: { code: string; verifier: string; redirectUri: string }): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: ui.clientId,
    code: exchange.code,
    redirect_uri: exchange.redirectUri,
    code_verifier: exchange.verifier,
  });
}

/** Exchanges the code for the ID token (the token the API's JWT authorizer checks). */
export async function exchangeCode(ui: HostedUi, exchange: { code: string; verifier: string; redirectUri: string }): Promise<string> {
  const response = await fetch(new URL('/oauth2/token', ui.hostedUiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: tokenRequestBody(ui, exchange),
  });
  const body = (await response.json().catch(() => ({}))) as { id_token?: unknown; error?: unknown };
  if (!response.ok || typeof body.id_token !== 'string') throw new Error(`The sign-in could not be completed (${typeof body.error === 'string' ? body.error : response.status}).`);
  return body.id_token;
}
