import { createHash } from 'node:crypto';
import { NotFoundError } from '../domain/errors';
import { UnauthenticatedError } from '../http/staff';
import type { ApiKeyStore } from '../ports/api-key-store';
import type { ApiKeyCreated, ApiKeySummary } from '../schemas/vouchers';

export interface ApiKeyDependencies {
  keys: ApiKeyStore;
  now: () => Date;
  newId: () => string;
  /** Cryptographically secure random bytes. */
  randomBytes: (size: number) => Uint8Array;
}

const KEY_PREFIX = 'krlf_';
const KEY_BYTES = 32;
/**
 * How long a function remembers which brand a key belongs to: a request asks twice (to refuse a
 * stranger before anything is parsed, then to serve), and a revoked key stops working within it.
 */
const REMEMBER_MS = 10_000;

/**
 * The making of a brand shop's API key (`POST /v1/api-keys`): its handler writes keys and reads none, so it carries
 * neither the reads of {@link ApiKeys} nor the stored key's schema.
 */
export class ApiKeyIssuer<D extends Pick<ApiKeyDependencies, 'now' | 'newId' | 'randomBytes'> & { keys: Pick<ApiKeyStore, 'putApiKey'> } = ApiKeyDependencies> {
  constructor(protected readonly deps: D) {}

  async create(brand: string, name: string): Promise<ApiKeyCreated> {
    const apiKey = KEY_PREFIX + Buffer.from(this.deps.randomBytes(KEY_BYTES)).toString('base64url');
    const record = { keyId: this.deps.newId(), keyHash: hashOf(apiKey), brand, name, createdAt: this.deps.now().toISOString() };
    await this.deps.keys.putApiKey(record);
    return { keyId: record.keyId, name, createdAt: record.createdAt, apiKey };
  }
}

/**
 * The API keys a brand's shop calls the voucher routes with: 256 random bits, shown once, stored
 * only as their SHA-256, each scoped to one brand. Its admins make, list and revoke them; the
 * voucher routes check them with {@link ApiKeyAuthentication}.
 */
export class ApiKeys extends ApiKeyIssuer<ApiKeyDependencies> {
  async list(brand: string): Promise<{ apiKeys: ApiKeySummary[] }> {
    const keys = await this.deps.keys.listApiKeys(brand);
    return { apiKeys: keys.map(({ keyId, name, createdAt }) => ({ keyId, name, createdAt })) };
  }

  async revoke(brand: string, keyId: string): Promise<void> {
    if (!(await this.deps.keys.deleteApiKey(brand, keyId))) throw new NotFoundError(`No API key ${keyId}.`);
  }
}

export interface ApiKeyAuthenticationDependencies {
  keys: Pick<ApiKeyStore, 'findByHash'>;
  now: () => Date;
}

/**
 * A brand shop's `x-api-key` checked, for the voucher routes, which make, list and revoke no key.
 * Each function remembers a key's brand for 10 s (a request asks twice: to refuse a stranger before
 * anything is parsed, then to serve).
 */
export class ApiKeyAuthentication {
  private readonly remembered = new Map<string, { key: { brand: string; keyId: string }; until: number }>();

  constructor(private readonly deps: ApiKeyAuthenticationDependencies) {}

  /**
   * The brand an `x-api-key` belongs to.
   * @throws UnauthenticatedError (401) for a missing or unknown key.
   */
  async brandOf(apiKey: string | undefined): Promise<string> {
    return (await this.keyOf(apiKey)).brand;
  }

  /**
   * The brand and id of an `x-api-key`: the id names the caller where the key itself must not
   * be written down (idempotency scopes).
   * @throws UnauthenticatedError (401) for a missing or unknown key.
   */
  async keyOf(apiKey: string | undefined): Promise<{ brand: string; keyId: string }> {
    if (!apiKey?.startsWith(KEY_PREFIX)) throw new UnauthenticatedError('An x-api-key header with a brand shop key is required.');
    const keyHash = hashOf(apiKey);
    const now = this.deps.now().getTime();
    const known = this.remembered.get(keyHash);
    if (known && known.until > now) return known.key;
    const record = await this.deps.keys.findByHash(keyHash);
    if (!record) throw new UnauthenticatedError('The x-api-key is not a valid key.');
    const key = { brand: record.brand, keyId: record.keyId };
    this.remembered.set(keyHash, { key, until: now + REMEMBER_MS });
    return key;
  }
}

function hashOf(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}
