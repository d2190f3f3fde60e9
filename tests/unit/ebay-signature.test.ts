import { createPrivateKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentDigest, ebaySignatureHeaders, EbaySigningKeyError } from '../../shared/adapters/ebay/ebay-signature';

// eBay's published example (github.com/eBay/digital-signature-verification-ebay-api, README): the Ed25519 test key of
// the HTTP message signatures draft, its public key as a JWE, a POST of {"hello": "world"} to
// http://localhost:8080/verifysignature created at 1659651955, and the signature eBay's verifier accepts for it.
const TEST_PRIVATE_KEY = 'MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF';
const TEST_JWE =
  'eyJ6aXAiOiJERUYiLCJlbmMiOiJBMjU2R0NNIiwidGFnIjoiSGdLcjNSSWFlZll0Mkd4blBUUTEwUSIsImFsZyI6IkEyNTZHQ01LVyIsIml2IjoiQTVOQXFYUXlITkNIT01GVSJ9.z3JcS0vvxrYboqpySAq_Znww-3V6AllxmJP5JEMkuLY.K1f4MVMEc8ylbfSS.fASwJyMCk2tXZsNWk13IcuVgSWTOcynSdAoJrK4WApZANlxAP9J0qr0Jz_4aFldFDSZ5tfuxLGqzJmWU7CiZWwNjk2XoVy8q5ogMrFNFwFXP4SrX1XORhNLZPTyS5DEqLDPYn2NX944xendEwfcxxXsTSeNCUnmSyfitiscUC04GYOfn0UWQ2buSWx7Yod0IR2GtTGUsM9o3J-riuNDKhw.rRsWM1Sl_2stTnZLJkWVmQ';
const EXPECTED_SIGNATURE = 'sig1=:uunxYrXKC8KaoupD5D1DKdmQmrOhz6b4Xbhb3o9d4x4xFIpg++XzEZztOyeOI59rMMjM3NIcFgxBH0c1ckpfBw==:';

describe("eBay's digital signatures", () => {
  const example = { method: 'POST', url: 'http://localhost:8080/verifysignature', body: '{"hello": "world"}' };

  it("signs eBay's published example exactly as eBay's verifier expects", () => {
    expect(ebaySignatureHeaders(example, { privateKey: TEST_PRIVATE_KEY, jwe: TEST_JWE }, 1659651955)).toEqual({
      'x-ebay-signature-key': TEST_JWE,
      'content-digest': 'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:',
      'signature-input': 'sig1=("content-digest" "x-ebay-signature-key" "@method" "@path" "@authority");created=1659651955',
      signature: EXPECTED_SIGNATURE,
    });
  });

  it('reads the private key as PEM as well as bare base64', () => {
    const pem = `-----BEGIN PRIVATE KEY-----\n${TEST_PRIVATE_KEY}\n-----END PRIVATE KEY-----\n`;
    expect(ebaySignatureHeaders(example, { privateKey: pem, jwe: TEST_JWE }, 1659651955).signature).toBe(EXPECTED_SIGNATURE);
  });

  it('leaves the digest out of a request without a body', () => {
    const headers = ebaySignatureHeaders({ method: 'get', url: 'https://apiz.ebay.com/sell/finances/v1/payout?limit=20' }, { privateKey: TEST_PRIVATE_KEY, jwe: TEST_JWE }, 1683883448);
    expect(headers['content-digest']).toBeUndefined();
    expect(headers['signature-input']).toBe('sig1=("x-ebay-signature-key" "@method" "@path" "@authority");created=1683883448');
  });

  it('signs with an RSA key (RSASSA-PKCS1-v1_5, SHA-256), which eBay takes where Ed25519 is not at hand', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const headers = ebaySignatureHeaders(example, { privateKey: pkcs8, jwe: 'jwe' }, 1700000000);
    const base = [
      `"content-digest": ${contentDigest(example.body)}`,
      '"x-ebay-signature-key": jwe',
      '"@method": POST',
      '"@path": /verifysignature',
      '"@authority": localhost:8080',
      '"@signature-params": ("content-digest" "x-ebay-signature-key" "@method" "@path" "@authority");created=1700000000',
    ].join('\n');
    const signature = Buffer.from(/^sig1=:(.*):$/.exec(headers.signature ?? '')?.[1] ?? '', 'base64');
    expect(verify('sha256', Buffer.from(base), publicKey, signature)).toBe(true);
  });

  it('refuses a key it cannot read, or of a type eBay does not sign with, in words', () => {
    expect(() => ebaySignatureHeaders(example, { privateKey: 'not a key', jwe: TEST_JWE }, 1)).toThrow(EbaySigningKeyError);
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => ebaySignatureHeaders(example, { privateKey: p256, jwe: TEST_JWE }, 1)).toThrow(/ED25519 or RSA/);
    expect(createPrivateKey(p256).asymmetricKeyType).toBe('ec');
  });
});
