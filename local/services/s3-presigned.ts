import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { crc32 } from 'node:zlib';
import { SignatureV4 } from '@smithy/signature-v4';
import { LOCAL_CREDENTIALS } from './local-credentials';

// What S3 checks of a presigned request and s3rver does not: its signature, over the headers it
// names (a photo upload's `Content-Type` and `Content-Length`), and a checksum signed into the
// address. Every function of the local cloud signs with its one key (LOCAL_CREDENTIALS).

/** What the signer hashes: text or bytes. */
type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** SHA-256 (and its HMAC, given a key) in the shape the signer takes. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }

  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
}

/** An S3 error answer: its status, code and message. */
export interface S3Refusal {
  status: number;
  code: string;
  message: string;
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** The time an `X-Amz-Date` (`20300101T120000Z`) writes, or undefined when it is not one. */
export function parseAmzDate(value: string): Date | undefined {
  const parts = AMZ_DATE.exec(value);
  if (!parts) return undefined;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

const mismatch: S3Refusal = {
  status: 403,
  code: 'SignatureDoesNotMatch',
  message: 'The request signature we calculated does not match the signature you provided.',
};

/**
 * Checks the signature of a presigned request (one with `X-Amz-Signature` in its address) as S3
 * would: signed again with the local key over the same method, path, query and the values the
 * request sends of the headers the address names. Undefined when it matches, or when the request
 * is not presigned (header-signed requests are s3rver's to take) or is a CORS preflight.
 */
export async function presignedSignatureRefusal(request: IncomingMessage): Promise<S3Refusal | undefined> {
  const raw = request.url ?? '/';
  const question = raw.indexOf('?');
  const path = question < 0 ? raw : raw.slice(0, question);
  const params = new URLSearchParams(question < 0 ? '' : raw.slice(question + 1));
  const signature = params.get('X-Amz-Signature');
  // A browser's CORS preflight asks at the same address, unsigned; S3 answers it by the bucket's rules.
  if (signature === null || request.method === 'OPTIONS') return undefined;

  const [accessKeyId, , region, service] = (params.get('X-Amz-Credential') ?? '').split('/');
  if (accessKeyId !== LOCAL_CREDENTIALS.accessKeyId) {
    return { status: 403, code: 'InvalidAccessKeyId', message: 'The AWS Access Key Id you provided does not exist in our records.' };
  }
  const signingDate = parseAmzDate(params.get('X-Amz-Date') ?? '');
  const expiresIn = Number(params.get('X-Amz-Expires'));
  const signedHeaders = (params.get('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean);
  if (!region || !service || !signingDate || !Number.isInteger(expiresIn) || signedHeaders.length === 0) {
    return { status: 400, code: 'AuthorizationQueryParametersError', message: 'The presigned address is missing or has malformed X-Amz parameters.' };
  }

  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = request.headers[name];
    if (value === undefined) return mismatch;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of params) if (name !== 'X-Amz-Signature') query[name] = value;
  // The signer reads the payload's hash from this header, then moves it into the query, where the
  // S3 presigner put it under this very name.
  headers['X-Amz-Content-Sha256'] = params.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  const [hostname, port] = (request.headers.host ?? '').split(':');

  const signer = new SignatureV4({ credentials: LOCAL_CREDENTIALS, region, service, sha256: NodeSha256, uriEscapePath: false, applyChecksum: false });
  const signed = await signer.presign(
    { method: request.method ?? 'GET', protocol: 'http:', hostname: hostname ?? '', port: port ? Number(port) : undefined, path, query, headers },
    {
      signingDate,
      expiresIn,
      signableHeaders: new Set(signedHeaders),
      unhoistableHeaders: new Set(signedHeaders.filter((name) => name.startsWith('x-amz-'))),
    },
  );
  const expected = signed.query?.['X-Amz-Signature'];
  return expected === signature && signed.query?.['X-Amz-SignedHeaders'] === signedHeaders.join(';') ? undefined : mismatch;
}

/**
 * The CRC32 checksum a request states for its body (`x-amz-checksum-crc32`, as a header or signed
 * into a presigned address), or undefined.
 */
export function statedCrc32(request: IncomingMessage): string | undefined {
  const header = request.headers['x-amz-checksum-crc32'];
  if (typeof header === 'string') return header;
  const question = (request.url ?? '').indexOf('?');
  if (question < 0) return undefined;
  return new URLSearchParams(request.url?.slice(question + 1)).get('x-amz-checksum-crc32') ?? undefined;
}

/** A refusal when `body` does not have the CRC32 checksum `stated` (base64, as S3 writes it), as S3's. */
export function crc32Refusal(body: Buffer, stated: string): S3Refusal | undefined {
  const actual = Buffer.alloc(4);
  actual.writeUInt32BE(crc32(body));
  if (actual.toString('base64') === stated) return undefined;
  return { status: 400, code: 'BadDigest', message: 'The CRC32 you specified did not match the calculated checksum.' };
}
