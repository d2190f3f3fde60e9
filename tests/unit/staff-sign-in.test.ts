import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authorizeUrl, challengeOf, randomVerifier, tokenRequestBody } from '../../web/src/sign-in/pkce';
import { sessionOf } from '../../web/src/sign-in/session';

const ui = { hostedUiUrl: 'https://kreislauf-staff-123456789012.auth.eu-central-1.amazoncognito.com', clientId: 'client-1' };

describe("the staff console's sign-in", () => {
  it('derives the S256 challenge, BASE64URL(SHA-256(verifier)) without padding, as Node computes it', async () => {
    for (const verifier of [randomVerifier(), randomVerifier(), 'a'.repeat(128)]) {
      expect(await challengeOf(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
    }
  });

  it('makes verifiers of 43 URL-safe characters, a new one each time', () => {
    const verifiers = new Set(Array.from({ length: 50 }, randomVerifier));
    expect(verifiers.size).toBe(50);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('asks the Hosted UI for a code with the challenge, and sends only the verifier with the code', () => {
    const authorize = new URL(authorizeUrl(ui, { challenge: 'CHALLENGE', state: 'STATE', redirectUri: 'https://d1.cloudfront.net/staff/' }));
    expect(authorize.origin + authorize.pathname).toBe(`${ui.hostedUiUrl}/oauth2/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: 'https://d1.cloudfront.net/staff/',
      scope: 'openid email profile',
      state: 'STATE',
      code_challenge: 'CHALLENGE',
      code_challenge_method: 'S256',
    });
    expect(Object.fromEntries(tokenRequestBody(ui, { code: 'CODE', verifier: 'VERIFIER', redirectUri: 'https://d1.cloudfront.net/staff/' }))).toEqual({
      grant_type: 'authorization_code',
      client_id: 'client-1',
      code: 'CODE',
      redirect_uri: 'https://d1.cloudfront.net/staff/',
      code_verifier: 'VERIFIER',
    });
  });

  it("reads brand, roles, subject, e-mail and expiry from an ID token's claims, and keeps only the staff roles", () => {
    const claims = { sub: '0b6c6a0e-1f0e-4c43-9f5e-2b1e6d1d0a01', 'custom:brand': 'demo', 'cognito:groups': ['ops', 'admin', 'other'], email: 'anna@demo.example', exp: 1_800_000_000 };
    const token = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.signature`;

    expect(sessionOf(token)).toEqual({
      token,
      brand: 'demo',
      roles: ['ops', 'admin'],
      subject: '0b6c6a0e-1f0e-4c43-9f5e-2b1e6d1d0a01',
      email: 'anna@demo.example',
      expiresAt: 1_800_000_000_000,
    });
  });

  it('reads no session from a token without a brand or that is not a JWT', () => {
    const noBrand = `x.${Buffer.from(JSON.stringify({ exp: 1 })).toString('base64url')}.y`;
    for (const token of [noBrand, 'not-a-token', 'a.%%%.b']) expect(sessionOf(token)).toBeUndefined();
  });
});
