import { createHash, createPrivateKey, type KeyObject, sign } from 'node:crypto';

/**
 * A keypair from eBay's Key Management API (`createSigningKey`): the private key as it returns it (base64 PKCS #8,
 * with or without the PEM lines around it) and the public key as the JWE eBay reads it back from.
 */
export interface EbaySigningKey {
  privateKey: string;
  jwe: string;
}

/** The message a signature covers: the request as it goes out, its body the exact bytes sent. */
export interface SignedRequest {
  method: string;
  url: string;
  body?: string;
}

/**
 * The four headers of eBay's "Digital Signatures for APIs", which eBay asks of calls made for sellers domiciled in the
 * EU or the UK to its refund and cancellation methods (and ignores elsewhere): an HTTP message signature (RFC 9421)
 * over the JWE, the method, path and authority, and the body's SHA-256 `Content-Digest` (RFC 9530) when there is one.
 * Ed25519 keys sign the signature base as it is, RSA keys with RSASSA-PKCS1-v1_5 over SHA-256, as eBay describes.
 * `created` is the signature's time in Unix seconds.
 */
export function ebaySignatureHeaders(request: SignedRequest, key: EbaySigningKey, created: number): Record<string, string> {
  const url = new URL(request.url);
  const headers: Record<string, string> = { 'x-ebay-signature-key': key.jwe };
  if (request.body !== undefined) headers['content-digest'] = contentDigest(request.body);
  const components: [string, string][] = [
    ...(request.body === undefined ? [] : [['content-digest', headers['content-digest'] ?? ''] as [string, string]]),
    ['x-ebay-signature-key', key.jwe],
    ['@method', request.method.toUpperCase()],
    ['@path', url.pathname],
    ['@authority', url.host],
  ];
  const params = `(${components.map(([name]) => `"${name}"`).join(' ')});created=${created}`;
  const base = [...components.map(([name, value]) => `"${name}": ${value}`), `"@signature-params": ${params}`].join('\n');
  const privateKey = privateKeyOf(key);
  const signature = sign(privateKey.asymmetricKeyType === 'ed25519' ? null : 'sha256', Buffer.from(base), privateKey);
  headers['signature-input'] = `sig1=${params}`;
  headers.signature = `sig1=:${signature.toString('base64')}:`;
  return headers;
}

/** The `Content-Digest` of a body: its SHA-256 as a structured-field byte sequence. */
export function contentDigest(body: string): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

const keys = new Map<string, KeyObject>();

function privateKeyOf(key: EbaySigningKey): KeyObject {
  const cached = keys.get(key.privateKey);
  if (cached) return cached;
  let parsed: KeyObject;
  try {
    parsed = key.privateKey.includes('-----BEGIN')
      ? createPrivateKey(key.privateKey)
      : createPrivateKey({ key: Buffer.from(key.privateKey.replace(/\s+/g, ''), 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new EbaySigningKeyError('The eBay signing key cannot be read: it must be the privateKey createSigningKey returned (PKCS #8, base64 or PEM).');
  }
  if (parsed.asymmetricKeyType !== 'ed25519' && parsed.asymmetricKeyType !== 'rsa') {
    throw new EbaySigningKeyError(`The eBay signing key is ${parsed.asymmetricKeyType ?? 'of no known type'}; eBay signs with ED25519 or RSA keys.`);
  }
  keys.set(key.privateKey, parsed);
  return parsed;
}

/** The brand's signing key is not one eBay's signatures can be made with. */
export class EbaySigningKeyError extends Error {
  override readonly name = 'EbaySigningKeyError';
}
