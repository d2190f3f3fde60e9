import { exportJWK, generateKeyPair, SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiAuthorizer } from '../../local/runtime/http-api';
import { createJwtAuthorizer, type JwtVerdict } from '../../local/runtime/jwt-authorizer';

const NOW = Date.parse('2030-05-01T10:00:00Z');
const nowSeconds = NOW / 1000;
const authorizer: ApiAuthorizer = {
  authorizerId: 'abc123',
  name: 'StaffAuthorizer',
  type: 'JWT',
  identitySource: ['$request.header.Authorization'],
  issuer: 'https://issuer.example/pool',
  audience: ['console-client', 'cli-client'],
};

let jwks: JSONWebKeySet;
let sign: (payload: JWTPayload, header?: { alg: string }) => Promise<string>;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] };
  sign = (payload) =>
    new SignJWT({ iss: authorizer.issuer, aud: 'console-client', iat: nowSeconds - 60, exp: nowSeconds + 3600, ...payload })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .sign(privateKey);
});

function authorize(authorization: string | undefined, options: { scopes?: string[]; source?: ApiAuthorizer } = {}): Promise<JwtVerdict> {
  const verify = createJwtAuthorizer({ jwks, now: () => NOW });
  const headers = authorization === undefined ? {} : { authorization };
  return verify(options.source ?? authorizer, options.scopes ?? [], { headers, query: new URLSearchParams() });
}

function description(verdict: JwtVerdict): string | undefined {
  return verdict.allowed ? undefined : /error_description="([^"]*)"/.exec(verdict.wwwAuthenticate ?? '')?.[1];
}

describe('the JWT authorizer', () => {
  it('hands the claims on as API Gateway renders them: text, lists as [a b], maps as map[k:v]', async () => {
    const token = await sign({ sub: 'u1', 'cognito:groups': ['ops', 'admin'], email_verified: true, address: { city: 'Berlin' } });

    const verdict = await authorize(`Bearer ${token}`);

    expect(verdict).toEqual({
      allowed: true,
      context: {
        jwt: {
          claims: {
            sub: 'u1',
            'cognito:groups': '[ops admin]',
            email_verified: 'true',
            address: 'map[city:Berlin]',
            iss: authorizer.issuer,
            aud: 'console-client',
            iat: String(nowSeconds - 60),
            exp: String(nowSeconds + 3600),
          },
          scopes: null,
        },
      },
    });
  });

  it('takes the token with or without the Bearer prefix, and from the query string when the identity source says so', async () => {
    const token = await sign({});
    const fromQuery = createJwtAuthorizer({ jwks, now: () => NOW });

    expect((await authorize(token)).allowed).toBe(true);
    expect(
      (
        await fromQuery({ ...authorizer, identitySource: ['$request.querystring.access_token'] }, [], {
          headers: {},
          query: new URLSearchParams({ access_token: token }),
        })
      ).allowed,
    ).toBe(true);
  });

  it('accepts client_id as the audience when the token has no aud', async () => {
    const token = await sign({ aud: undefined, client_id: 'cli-client', token_use: 'access' });

    expect((await authorize(`Bearer ${token}`)).allowed).toBe(true);
  });

  it('answers 401 with the reason in www-authenticate for tokens API Gateway refuses', async () => {
    const cases: [string, Promise<string>, string][] = [
      ['expired', sign({ exp: nowSeconds - 1 }), 'the token has expired'],
      ['not yet valid', sign({ nbf: nowSeconds + 60 }), 'the token is not valid yet'],
      ['issued in the future', sign({ iat: nowSeconds + 60 }), 'the token was issued in the future'],
      ['without exp', sign({ exp: undefined }), 'the token has no expiration time'],
      ['wrong issuer', sign({ iss: 'https://elsewhere.example' }), 'the token does not have a valid issuer'],
      ['wrong audience', sign({ aud: 'someone-else' }), 'the token does not have a valid audience'],
    ];

    for (const [what, token, reason] of cases) {
      const verdict = await authorize(`Bearer ${await token}`);
      expect({ what, verdict: { ...verdict, wwwAuthenticate: undefined }, reason: description(verdict) }).toEqual({
        what,
        verdict: { allowed: false, statusCode: 401, message: 'Unauthorized', wwwAuthenticate: undefined },
        reason,
      });
    }
  });

  it('answers 401 for a missing token, a malformed one and one signed by an unknown key', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const foreign = await new SignJWT({ iss: authorizer.issuer, aud: 'console-client', exp: nowSeconds + 60 })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .sign(privateKey);

    for (const authorization of [undefined, 'Bearer ', 'Bearer a.b.c', `Bearer ${foreign}`]) {
      expect(await authorize(authorization)).toMatchObject({ allowed: false, statusCode: 401, message: 'Unauthorized' });
    }
  });

  it("answers 403 Forbidden when the route wants scopes the token lacks, and passes the token's scopes on", async () => {
    const withScope = await sign({ scope: 'passports/read passports/write' });

    expect(await authorize(`Bearer ${await sign({})}`, { scopes: ['passports/read'] })).toMatchObject({ allowed: false, statusCode: 403, message: 'Forbidden' });
    expect(await authorize(`Bearer ${withScope}`, { scopes: ['passports/read'] })).toMatchObject({
      allowed: true,
      context: { jwt: { scopes: ['passports/read', 'passports/write'] } },
    });
  });
});
