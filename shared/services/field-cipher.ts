import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { FieldKeyRingSchema, type FieldKeyRing } from '../schemas/field-keys';
import type { UnreadableSealProblem } from '../domain/sealed-fields';

/** A value sealed under a key of the ring: `k.<key id>.<iv>.<ciphertext>.<tag>`. */
const KEYED = 'k';
/** A value sealed before the key ring: `v1.<iv>.<ciphertext>.<tag>`, under the key whose id is `v1`. */
const LEGACY = 'v1';
const IV_BYTES = 12;
const KEY_BYTES = 32;

/**
 * A sealed value that does not open: malformed, altered, sealed for another record or purpose, or
 * sealed under another platform secret. Retrying does not help, unlike a secret that could not be
 * fetched (that error passes through as it is).
 */
export class UnreadableSealError extends Error {
  /**
   * @param problem why it does not open, as a reader words it ({@link UnreadableSealProblem})
   * @param keyId the retired key it was sealed under (`KEY_RETIRED`)
   */
  constructor(purpose: string, reason: string, readonly problem: UnreadableSealProblem, readonly keyId?: string) {
    super(`A sealed ${purpose} cannot be opened: ${reason}.`);
    this.name = 'UnreadableSealError';
  }
}

/** The key ring a `FieldKey` secret holds: JSON of {@link FieldKeyRingSchema}, or one plain key (id `v1`). */
function fieldKeyRing(secret: string): FieldKeyRing {
  if (!secret.trimStart().startsWith('{')) return { current: LEGACY, keys: { [LEGACY]: secret } };
  let json: unknown;
  try {
    json = JSON.parse(secret);
  } catch {
    throw new Error('The FieldKey secret starts like JSON but is not JSON: it must be one key, or a key ring {"current": "<id>", "keys": {"<id>": "<key>"}}.');
  }
  const parsed = FieldKeyRingSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(ring)'}: ${issue.message}`).join('; ');
    throw new Error(`The FieldKey secret is not a valid key ring (${problems}).`);
  }
  return parsed.data;
}

/** The id of the key `sealed` was sealed under, or undefined when it is malformed. */
export function fieldKeyIdOf(sealed: string): string | undefined {
  const parts = sealed.split('.');
  if (parts[0] === KEYED && parts.length === 5) return parts[1];
  if (parts[0] === LEGACY && parts.length === 4) return LEGACY;
  return undefined;
}

/**
 * Encrypts single fields of stored records (a customer's IBAN, a brand's webhook secret) with
 * AES-256-GCM under a key derived from the platform's field key, a separate key per purpose (HKDF).
 * The context, e.g. the passport id, is authenticated with the field, so a sealed value copied
 * to another record does not open there.
 *
 * The `FieldKey` secret may hold a key ring ({@link fieldKeyRing}): a value is sealed under the
 * ring's current key and carries that key's id, so it opens under whichever key of the ring it was
 * sealed with. Rotating adds a key and makes it current; `platform/reseal-fields` then seals every
 * stored value again under it, after which the old key can leave the ring (docs/field-keys.md).
 *
 * @example
 * const cipher = new FieldCipher(() => secretString(requiredEnv('FIELD_KEY_SECRET_ARN')));
 * const sealed = await cipher.seal('bank-account', passportId, JSON.stringify(account));
 * JSON.parse(await cipher.open('bank-account', passportId, sealed));
 */
export class FieldCipher {
  private readonly keys = new Map<string, Buffer>();
  private secretValue: string | undefined;
  private ring: FieldKeyRing | undefined;

  constructor(private readonly secret: () => Promise<string>) {}

  async seal(purpose: string, context: string, plaintext: string): Promise<string> {
    const ring = await this.currentRing();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(ring, ring.current, purpose), iv);
    cipher.setAAD(Buffer.from(`${purpose}:${context}`));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [KEYED, ring.current, ...[iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString('base64url'))].join('.');
  }

  /**
   * @throws UnreadableSealError when the value was not sealed for this purpose and context, or was
   *   altered, or was sealed under a key the ring no longer holds or another secret; the secret's
   *   own read errors, and a secret that is no valid key ring, pass through.
   */
  async open(purpose: string, context: string, sealed: string): Promise<string> {
    const keyId = fieldKeyIdOf(sealed);
    const [iv, ciphertext, tag] = sealed.split('.').slice(sealed.startsWith(`${KEYED}.`) ? 2 : 1);
    if (keyId === undefined || !iv || ciphertext === undefined || !tag) throw new UnreadableSealError(purpose, 'it is malformed', 'MALFORMED');
    const ring = await this.currentRing();
    if (!Object.hasOwn(ring.keys, keyId)) {
      throw new UnreadableSealError(purpose, `it was sealed under the field key "${keyId}", which the FieldKey secret no longer holds`, 'KEY_RETIRED', keyId);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key(ring, keyId, purpose), Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(`${purpose}:${context}`));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new UnreadableSealError(purpose, 'it was altered, or sealed for another record or under another secret', 'ALTERED');
    }
  }

  /**
   * `sealed` sealed again under the ring's current key, or undefined when it already is.
   *
   * @throws UnreadableSealError as {@link open}.
   */
  async resealed(purpose: string, context: string, sealed: string): Promise<string | undefined> {
    const ring = await this.currentRing();
    if (fieldKeyIdOf(sealed) === ring.current && sealed.startsWith(`${KEYED}.`)) return undefined;
    return this.seal(purpose, context, await this.open(purpose, context, sealed));
  }

  /** The ring of the secret's value, parsed once per value (Powertools re-reads the secret every five minutes). */
  private async currentRing(): Promise<FieldKeyRing> {
    const secret = await this.secret();
    if (secret !== this.secretValue || !this.ring) {
      this.ring = fieldKeyRing(secret);
      this.keys.clear();
      this.secretValue = secret;
    }
    return this.ring;
  }

  private key(ring: FieldKeyRing, keyId: string, purpose: string): Buffer {
    const cacheKey = `${keyId}/${purpose}`;
    let key = this.keys.get(cacheKey);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', ring.keys[keyId]!, 'kreislauf-field-cipher', `kreislauf/${purpose}`, KEY_BYTES));
      this.keys.set(cacheKey, key);
    }
    return key;
  }
}
