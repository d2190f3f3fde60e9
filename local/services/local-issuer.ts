import { createHash, generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import { platformTimeOf } from './clock';
import { dataFolder } from './data-folder';

/** Who the tokens are for: the issuer and audience the template's JWT authorizer trusts. */
export interface IssuerConfig {
  issuer: string;
  audience: string;
}

/** The staff member a token speaks for. */
export interface StaffTokenClaims {
  brand: string;
  /** Cognito groups: `ops`, `analyst`, `admin`. */
  roles: string[];
  /** `sub`; by default a UUID derived from the e-mail address, so the same person keeps the same id. */
  subject?: string;
  /** Default `staff@{brand}.example`. */
  email?: string;
  /** Default 3600, Cognito's default ID token lifetime; negative values make expired tokens. */
  expiresInSeconds?: number;
  /** Default: now on the platform clock. */
  issuedAt?: Date;
}

/** The data folder has no issuer yet: the platform never ran there. */
export class LocalIssuerMissingError extends Error {
  override readonly name = 'LocalIssuerMissingError';
}

const DEFAULT_LIFETIME_SECONDS = 3600;

function uuidFrom(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/**
 * The local stand-in for the Cognito user pool of the staff: an RS256 key pair made once per data
 * folder (the private JWK kept there, readable by the owner only) that signs Cognito-like ID
 * tokens with the issuer and audience of the template's authorizer. The local cloud's JWT
 * authorizer trusts its {@link LocalIssuer.jwks}.
 *
 * @example
 * const issuer = LocalIssuer.open('.kreislauf');
 * const token = await issuer.signIdToken({ brand: 'demo', roles: ['ops'] }, { issuer: iss, audience: clientId });
 */
export class LocalIssuer {
  private constructor(private readonly privateKey: JWK & { kid: string }) {}

  /** The issuer of a data folder, with a new key pair when the folder has none yet. */
  static open(home: string): LocalIssuer {
    const { issuerKeyFile } = dataFolder(home);
    if (existsSync(issuerKeyFile)) return new LocalIssuer(readJson(issuerKeyFile));
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = privateKey.export({ format: 'jwk' }) as JsonWebKey & JWK;
    const kid = createHash('sha256').update(jwk.n ?? '').digest('base64url').slice(0, 16);
    const key = { ...jwk, kid, alg: 'RS256', use: 'sig' };
    mkdirSync(dirname(issuerKeyFile), { recursive: true });
    writeFileSync(issuerKeyFile, JSON.stringify(key), { mode: 0o600 });
    chmodSync(issuerKeyFile, 0o600);
    return new LocalIssuer(key);
  }

  /**
   * The issuer of a data folder where the platform already ran.
   * @throws LocalIssuerMissingError when it never ran there.
   */
  static existing(home: string): LocalIssuer {
    if (!existsSync(dataFolder(home).issuerKeyFile)) {
      throw new LocalIssuerMissingError(`No local issuer in ${home}: run npm start there first.`);
    }
    return LocalIssuer.open(home);
  }

  /** The public key set, as a JWKS endpoint serves it. */
  jwks(): JSONWebKeySet {
    const { kty, n, e, kid, alg, use } = this.privateKey;
    return { keys: [{ kty, n, e, kid, alg, use }] };
  }

  /** A Cognito-like ID token (`token_use: id`, `custom:brand`, `cognito:groups`) signed with RS256. */
  async signIdToken(claims: StaffTokenClaims, config: IssuerConfig): Promise<string> {
    const email = claims.email ?? `staff@${claims.brand}.example`;
    const subject = claims.subject ?? uuidFrom(email);
    const issuedAt = Math.floor((claims.issuedAt?.getTime() ?? Date.now()) / 1000);
    const key = await importJWK(this.privateKey, 'RS256');
    return new SignJWT({
      'cognito:groups': claims.roles,
      email_verified: true,
      'cognito:username': subject,
      origin_jti: randomUUID(),
      event_id: randomUUID(),
      token_use: 'id',
      auth_time: issuedAt,
      email,
      'custom:brand': claims.brand,
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.privateKey.kid })
      .setSubject(subject)
      .setIssuer(config.issuer)
      .setAudience(config.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + (claims.expiresInSeconds ?? DEFAULT_LIFETIME_SECONDS))
      .setJti(randomUUID())
      .sign(key);
  }
}

/** Records the issuer and audience the running platform's authorizer trusts, for the token CLI and the tests. */
export function writeIssuerConfig(home: string, config: IssuerConfig): void {
  const { issuerConfigFile } = dataFolder(home);
  mkdirSync(dirname(issuerConfigFile), { recursive: true });
  writeFileSync(issuerConfigFile, `${JSON.stringify(config, null, 2)}\n`);
}

/**
 * A staff token for the platform that runs (or ran) on a data folder: signed by its issuer, for
 * its authorizer's issuer and audience, issued at the folder's platform clock time. Tests use it
 * for valid, expired (`expiresInSeconds: -60`) and other brands' tokens.
 *
 * @throws LocalIssuerMissingError when the platform never started on that folder.
 * @example
 * const token = await staffToken('.kreislauf', { brand: 'demo', roles: ['ops'] });
 * await fetch(`${api}/v1/passports`, { headers: { authorization: `Bearer ${token}` } });
 */
export async function staffToken(home: string, claims: StaffTokenClaims): Promise<string> {
  const { issuerConfigFile, clockFile } = dataFolder(home);
  const issuer = LocalIssuer.existing(home);
  if (!existsSync(issuerConfigFile)) {
    throw new LocalIssuerMissingError(`${issuerConfigFile} is missing: run npm start there first (its stack needs a JWT authorizer).`);
  }
  const issuedAt = claims.issuedAt ?? new Date(platformTimeOf(clockFile));
  return issuer.signIdToken({ ...claims, issuedAt }, readJson<IssuerConfig>(issuerConfigFile));
}
