import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, verify } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { EbaySigningKey } from '../../../shared/adapters/ebay/ebay-signature';

// eBay's digital signatures as the sandbox checks them (the "Digital Signatures for APIs" guide): the seller's public
// key travels as a JWE only eBay can read, here one the sandbox encrypts for itself (`dir`, A256GCM) with a key of
// its own; the signature is an HTTP message signature (RFC 9421) over the JWE, the method, path and authority, and
// the body's Content-Digest.

/** The sandbox's own key for the JWEs it gives out; fixed, so a key made by one sandbox is read by the next. */
const JWE_KEY = createHash('sha256').update('kreislauf eBay sandbox: key management').digest();

/** How far a signature's `created` may be from the sandbox's clock, in seconds (eBay does not publish its own). */
const CREATED_TOLERANCE_SECONDS = 300;

/** Ed25519's PKCS #8 prefix: a private key is it followed by the 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The signing key of the sandbox's seller, made from a fixed seed as the sandbox's token is fixed, so the local
 * platform's secrets and the tests hold it without asking the Key Management API first.
 */
export const EBAY_SANDBOX_SIGNING_KEY: EbaySigningKey = signingKeyOf(
  createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, createHash('sha256').update('kreislauf eBay sandbox seller').digest()]), format: 'der', type: 'pkcs8' }),
  createHash('sha256').update('kreislauf eBay sandbox seller: iv').digest().subarray(0, 12),
);

/** What the Key Management API's `createSigningKey` answers: a new keypair, its private key given out once. */
export function createSigningKey(cipher: 'ED25519' | 'RSA'): EbaySigningKey & { signingKeyId: string; signingKeyCipher: string; publicKey: string; creationTime: number; expirationTime: number } {
  const { privateKey } = cipher === 'ED25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('rsa', { modulusLength: 2048 });
  const creationTime = Math.floor(Date.now() / 1000);
  return {
    signingKeyId: randomBytes(16).toString('hex'),
    signingKeyCipher: cipher,
    ...signingKeyOf(privateKey, randomBytes(12)),
    publicKey: createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64'),
    creationTime,
    // eBay's keys expire three years after they are made.
    expirationTime: creationTime + 3 * 365 * 24 * 3600,
  };
}

function signingKeyOf(privateKey: KeyObject, iv: Buffer): EbaySigningKey {
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const header = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM' })).toString('base64url');
  const cipher = createCipheriv('aes-256-gcm', JWE_KEY, iv).setAAD(Buffer.from(header));
  const ciphertext = Buffer.concat([cipher.update(publicKey), cipher.final()]);
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    jwe: [header, '', iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.'),
  };
}

function publicKeyOfJwe(jwe: string): KeyObject | undefined {
  const [header, encryptedKey, iv, ciphertext, tag, ...rest] = jwe.split('.');
  if (header === undefined || encryptedKey !== '' || !iv || !ciphertext || !tag || rest.length > 0) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', JWE_KEY, Buffer.from(iv, 'base64url')).setAAD(Buffer.from(header)).setAuthTag(Buffer.from(tag, 'base64url'));
    const spki = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
    return createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

/** Why eBay refuses a signed call: its status, errorId and message. */
export interface SignatureRefusal {
  status: number;
  errorId: number;
  message: string;
}

/**
 * Checks a call eBay wants signed for an EU or UK seller, as eBay does: the JWE is one the Key Management API made, the
 * signature covers exactly the JWE, method, path and authority (and the Content-Digest before them when there is a
 * body), the digest is the body's, `created` is near, and the signature verifies with the JWE's public key.
 */
export function refusedSignature(request: IncomingMessage, body: string | undefined, now = Date.now()): SignatureRefusal | undefined {
  const jwe = header(request, 'x-ebay-signature-key');
  if (!jwe) return { status: 400, errorId: 215001, message: 'Missing x-ebay-signature-key header' };
  const invalid = (detail: string): SignatureRefusal => ({ status: 403, errorId: 215122, message: `Signature validation failed: ${detail}` });
  const publicKey = publicKeyOfJwe(jwe);
  if (!publicKey) return invalid('the x-ebay-signature-key is not a key the Key Management API made.');
  const input = /^sig1=(\(((?:"[^"]+"(?: "[^"]+")*))\);created=(\d+))$/.exec(header(request, 'signature-input') ?? '');
  const signature = /^sig1=:([A-Za-z0-9+/]+={0,2}):$/.exec(header(request, 'signature') ?? '');
  if (!input || !signature) return invalid('the Signature-Input or Signature header is missing or malformed.');
  const withBody = body !== undefined && body !== '';
  const expected = [...(withBody ? ['content-digest'] : []), 'x-ebay-signature-key', '@method', '@path', '@authority'];
  const covered = [...(input[2] ?? '').matchAll(/"([^"]+)"/g)].map((match) => match[1]);
  if (covered.join(' ') !== expected.join(' ')) return invalid(`the signature must cover ${expected.map((name) => `"${name}"`).join(' ')}.`);
  if (Math.abs(now / 1000 - Number(input[3])) > CREATED_TOLERANCE_SECONDS) return invalid('the signature was not created now.');
  const digest = withBody ? `sha-256=:${createHash('sha256').update(body).digest('base64')}:` : undefined;
  if (withBody && header(request, 'content-digest') !== digest) return invalid('the Content-Digest is not the body\'s.');
  // The path as it came, up to its query: a URL parser would read a path of `//sell/…` as a host.
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  const values: Record<string, string> = {
    'content-digest': digest ?? '',
    'x-ebay-signature-key': jwe,
    '@method': request.method ?? 'GET',
    '@path': path,
    '@authority': request.headers.host ?? '',
  };
  const base = [...expected.map((name) => `"${name}": ${values[name]}`), `"@signature-params": ${input[1]}`].join('\n');
  const valid = verify(publicKey.asymmetricKeyType === 'ed25519' ? null : 'sha256', Buffer.from(base), publicKey, Buffer.from(signature[1] ?? '', 'base64'));
  return valid ? undefined : invalid('the signature does not verify.');
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}
