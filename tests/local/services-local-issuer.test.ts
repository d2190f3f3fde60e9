import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFolder } from '../../local/services/data-folder';
import { LocalIssuer, LocalIssuerMissingError, staffToken, writeIssuerConfig } from '../../local/services/local-issuer';

const config = { issuer: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_AbCdEfGhI', audience: 'a1b2c3d4e5f6g7h8i9j0k1l2m3' };

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kreislauf-issuer-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the local issuer', () => {
  it('makes its key pair once per data folder, readable by the owner only, and keeps using it', async () => {
    const home = join(root, 'once');
    const first = LocalIssuer.open(home);
    const again = LocalIssuer.open(home);

    expect(again.jwks()).toEqual(first.jwks());
    expect(first.jwks().keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) })]);
    expect(first.jwks().keys[0]).not.toHaveProperty('d');
    expect((await stat(dataFolder(home).issuerKeyFile)).mode & 0o777).toBe(0o600);
  });

  it('signs Cognito-like ID tokens that verify against its key set', async () => {
    const issuer = LocalIssuer.open(join(root, 'signing'));
    const issuedAt = new Date('2030-05-01T10:00:00Z');

    const token = await issuer.signIdToken({ brand: 'demo', roles: ['ops', 'admin'], email: 'ops@demo.example', issuedAt }, config);
    const { payload } = await jwtVerify(token, createLocalJWKSet(issuer.jwks()), {
      issuer: config.issuer,
      audience: config.audience,
      currentDate: issuedAt,
    });

    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: issuer.jwks().keys[0]!.kid });
    expect(payload).toMatchObject({
      token_use: 'id',
      'custom:brand': 'demo',
      'cognito:groups': ['ops', 'admin'],
      email: 'ops@demo.example',
      email_verified: true,
      iat: issuedAt.getTime() / 1000,
      exp: issuedAt.getTime() / 1000 + 3600,
    });
    expect(payload.sub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives the same person the same subject, and another brand its own', async () => {
    const issuer = LocalIssuer.open(join(root, 'subjects'));
    const subjectOf = async (brand: string) =>
      (await jwtVerify(await issuer.signIdToken({ brand, roles: ['ops'] }, config), createLocalJWKSet(issuer.jwks()))).payload.sub;

    expect(await subjectOf('demo')).toBe(await subjectOf('demo'));
    expect(await subjectOf('other')).not.toBe(await subjectOf('demo'));
  });

  it('signs staff tokens for a data folder at its platform clock time, with its authorizer issuer and audience', async () => {
    const home = join(root, 'platform');
    const issuer = LocalIssuer.open(home);
    writeIssuerConfig(home, config);
    const offsetMs = 10 * 86_400_000;
    await writeFile(dataFolder(home).clockFile, JSON.stringify({ offsetMs }));

    const token = await staffToken(home, { brand: 'demo', roles: ['analyst'] });
    const expired = await staffToken(home, { brand: 'demo', roles: ['analyst'], expiresInSeconds: -60 });
    const keys = createLocalJWKSet(issuer.jwks());
    const { payload } = await jwtVerify(token, keys, { ...config, currentDate: new Date(Date.now() + offsetMs) });

    expect(Math.abs(payload.iat! * 1000 - (Date.now() + offsetMs))).toBeLessThan(60_000);
    await expect(jwtVerify(expired, keys, { ...config, currentDate: new Date(Date.now() + offsetMs) })).rejects.toMatchObject({
      code: 'ERR_JWT_EXPIRED',
    });
  });

  it('refuses to sign staff tokens for a data folder the platform never ran on', async () => {
    const home = join(root, 'never-started');

    await expect(staffToken(home, { brand: 'demo', roles: ['ops'] })).rejects.toBeInstanceOf(LocalIssuerMissingError);
    LocalIssuer.open(home);
    await expect(staffToken(home, { brand: 'demo', roles: ['ops'] })).rejects.toThrow(/local-issuer\.json is missing/);
  });
});
