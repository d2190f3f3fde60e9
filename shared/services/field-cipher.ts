import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const KEY_BYTES = 32;

/**
 * A sealed value that does not open: malformed, altered, sealed for another record or purpose, or
 * sealed under another platform secret. Retrying does not help, unlike a secret that could not be
 * fetched (that error passes through as it is).
 */
export class UnreadableSealError extends Error {
  constructor(purpose: string, reason: string) {
    super(`A sealed ${purpose} cannot be opened: ${reason}.`);
    this.name = 'UnreadableSealError';
  }
}

/**
 * Encrypts single fields of stored records (a customer's IBAN, a brand's webhook secret) with
 * AES-256-GCM under a key derived from one platform secret, a separate key per purpose (HKDF).
 * The context, e.g. the passport id, is authenticated with the field, so a sealed value copied
 * to another record does not open there.
 *
 * @example
 * const cipher = new FieldCipher(() => secretString(requiredEnv('FIELD_KEY_SECRET_ARN')));
 * const sealed = await cipher.seal('bank-account', passportId, JSON.stringify(account));
 * JSON.parse(await cipher.open('bank-account', passportId, sealed));
 */
export class FieldCipher {
  private readonly keys = new Map<string, Buffer>();
  private secretValue: string | undefined;

  constructor(private readonly secret: () => Promise<string>) {}

  async seal(purpose: string, context: string, plaintext: string): Promise<string> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', await this.key(purpose), iv);
    cipher.setAAD(Buffer.from(`${purpose}:${context}`));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, ciphertext, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /**
   * @throws UnreadableSealError when the value was not sealed for this purpose and context, or was
   *   altered, or was sealed under another secret; the secret's own read errors pass through.
   */
  async open(purpose: string, context: string, sealed: string): Promise<string> {
    const [version, iv, ciphertext, tag] = sealed.split('.');
    if (version !== VERSION || !iv || ciphertext === undefined || !tag) throw new UnreadableSealError(purpose, 'it is malformed');
    const key = await this.key(purpose);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(`${purpose}:${context}`));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new UnreadableSealError(purpose, 'it was altered, or sealed for another record or under another secret');
    }
  }

  private async key(purpose: string): Promise<Buffer> {
    const secret = await this.secret();
    // Derived keys are cached for the secret value they came from, which Powertools re-reads every five minutes.
    if (secret !== this.secretValue) {
      this.keys.clear();
      this.secretValue = secret;
    }
    let key = this.keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', secret, 'kreislauf-field-cipher', `kreislauf/${purpose}`, KEY_BYTES));
      this.keys.set(purpose, key);
    }
    return key;
  }
}
