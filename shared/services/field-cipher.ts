import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const KEY_BYTES = 32;

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

  /** @throws Error when the value was not sealed for this purpose and context, or was altered. */
  async open(purpose: string, context: string, sealed: string): Promise<string> {
    const [version, iv, ciphertext, tag] = sealed.split('.');
    if (version !== VERSION || !iv || ciphertext === undefined || !tag) throw new Error(`A sealed ${purpose} is malformed.`);
    const decipher = createDecipheriv('aes-256-gcm', await this.key(purpose), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`${purpose}:${context}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
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
