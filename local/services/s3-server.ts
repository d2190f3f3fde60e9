import { mkdir } from 'node:fs/promises';
import { createServer, request as forward, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import S3rver from '@20minutes/s3rver';
import AWSAccount from '@20minutes/s3rver/lib/models/account.js';
import { decodeAwsChunked } from './aws-chunked';
import type { PlatformClock } from './clock';
import { crc32Refusal, parseAmzDate, presignedSignatureRefusal, type S3Refusal, statedCrc32 } from './s3-presigned';

/** A running local S3 server. */
export interface S3Server {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * s3rver knows one access key (`S3RVER`). Every other local service takes any credentials, and the
 * Lambdas and tests use whatever dummy ones they were given, so every key counts as that account;
 * the signatures cannot be checked without the secret, hence `allowMismatchedSignatures`.
 */
function acceptAnyAccessKey(): void {
  const { registry, DUMMY_ACCOUNT } = AWSAccount;
  const known = registry.get.bind(registry);
  registry.get = (accessKeyId) => known(accessKeyId) ?? DUMMY_ACCOUNT;
}
acceptAnyAccessKey();

const STREAMING_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

function readAll(request: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => done(Buffer.concat(chunks)));
    request.on('error', fail);
  });
}

function s3Error(response: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}

/**
 * The SDK streams uploads as `aws-chunked` with trailing checksums, which s3rver does not read.
 * Such a request is passed on as the plain upload it stands for; the trailing checksum is not
 * checked, the bytes only crossed the loopback interface.
 */
async function plainUpload(request: IncomingMessage, received: IncomingHttpHeaders): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  const body = decodeAwsChunked(await readAll(request));
  const headers: IncomingHttpHeaders = { ...received };
  headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
  headers['content-length'] = String(body.length);
  const encodings = (headers['content-encoding'] ?? '')
    .split(',')
    .map((encoding) => encoding.trim())
    .filter((encoding) => encoding && encoding !== 'aws-chunked');
  if (encodings.length > 0) headers['content-encoding'] = encodings.join(', ');
  else delete headers['content-encoding'];
  delete headers['x-amz-decoded-content-length'];
  delete headers['x-amz-trailer'];
  delete headers['transfer-encoding'];
  return { headers, body };
}

/** A time as `X-Amz-Date` writes it: `20300101T120000Z`. */
function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** An `X-Amz-Date` moved by `offsetMs`. */
function shiftAmzDate(value: string, offsetMs: number): string {
  const date = parseAmzDate(value);
  return date ? amzDate(date.getTime() - offsetMs) : value;
}

/**
 * The server runs on the platform clock, as the functions do, while s3rver checks request times
 * (15 minutes of skew at most) and presigned URL expiry against real time. The signatures are not
 * checked, so a signed request counts as sent now, whichever clock signed it; a presigned URL's
 * date is moved back by the clock's offset, so it expires on the platform clock. Answers carry the
 * platform time in `Date`, which the SDK sets its own clock by, so functions keep presigning on it.
 */
function inRealTime(request: IncomingMessage, offsetMs: number): { path: string | undefined; headers: IncomingHttpHeaders } {
  const headers = { ...request.headers };
  if (offsetMs === 0) return { path: request.url, headers };
  if (typeof headers['x-amz-date'] === 'string') headers['x-amz-date'] = amzDate(Date.now());
  const url = new URL(request.url ?? '/', 'http://local');
  const presignedDate = url.searchParams.get('X-Amz-Date');
  if (presignedDate) url.searchParams.set('X-Amz-Date', shiftAmzDate(presignedDate, offsetMs));
  return { path: presignedDate ? `${url.pathname}${url.search}` : request.url, headers };
}

/** `rawHeaders` with `Date` telling the platform time. */
function platformDate(rawHeaders: string[], offsetMs: number): string[] {
  if (offsetMs === 0) return rawHeaders;
  const date = new Date(Date.now() + offsetMs).toUTCString();
  return rawHeaders.map((value, index) => (index % 2 === 1 && rawHeaders[index - 1]?.toLowerCase() === 'date' ? date : value));
}

/** Answers `refusal` once the request's body has been read, so that the client sees the answer. */
function refuse(request: IncomingMessage, response: ServerResponse, refusal: S3Refusal): void {
  request.resume();
  request.once('end', () => s3Error(response, refusal.status, refusal.code, refusal.message));
  if (request.readableEnded) s3Error(response, refusal.status, refusal.code, refusal.message);
}

/**
 * Every bucket of the template blocks public access, so S3 answers a request signed neither in its
 * headers nor in its address with 403; s3rver would serve it. A browser's CORS preflight is
 * unsigned and answered by the bucket's CORS rules.
 */
const PRIVATE_BUCKET: S3Refusal = { status: 403, code: 'AccessDenied', message: 'Access Denied' };

function isAnonymous(request: IncomingMessage): boolean {
  if (request.method === 'OPTIONS' || request.headers.authorization !== undefined) return false;
  return !/[?&]X-Amz-Signature=/.test(request.url ?? '');
}

const MALFORMED_PRESIGNED: S3Refusal = { status: 400, code: 'AuthorizationQueryParametersError', message: 'The presigned address could not be read.' };

async function pass(request: IncomingMessage, response: ServerResponse, innerPort: number, offsetMs: number): Promise<void> {
  // Checked before the clock's rewriting of the address, on what the client was given.
  const signatureRefusal = await presignedSignatureRefusal(request).catch(() => MALFORMED_PRESIGNED);
  if (signatureRefusal) return refuse(request, response, signatureRefusal);
  if (isAnonymous(request)) return refuse(request, response, PRIVATE_BUCKET);
  const { path, headers } = inRealTime(request, offsetMs);
  let upload: { headers: IncomingHttpHeaders; body: Buffer } | undefined;
  const statedChecksum = request.method === 'PUT' ? statedCrc32(request) : undefined;
  if (request.headers['x-amz-content-sha256'] === STREAMING_TRAILER) {
    try {
      upload = await plainUpload(request, headers);
    } catch (error) {
      s3Error(response, 400, 'IncompleteBody', (error as Error).message);
      return;
    }
  } else if (statedChecksum !== undefined) {
    upload = { headers, body: await readAll(request) };
    const checksumRefusal = crc32Refusal(upload.body, statedChecksum);
    if (checksumRefusal) return s3Error(response, checksumRefusal.status, checksumRefusal.code, checksumRefusal.message);
  }
  const inner = forward(
    { host: '127.0.0.1', port: innerPort, method: request.method, path, headers: upload?.headers ?? headers },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, platformDate(answer.rawHeaders, offsetMs));
      answer.pipe(response);
    },
  );
  inner.on('error', (error) => {
    if (!response.headersSent) s3Error(response, 502, 'InternalError', error.message);
    else response.destroy();
  });
  if (upload) inner.end(upload.body);
  else request.pipe(inner);
}

/**
 * Starts an S3-compatible server (`@20minutes/s3rver`) on 127.0.0.1 that keeps its buckets as
 * files under `directory` and takes any access key. Requests must be path-style
 * (`forcePathStyle: true` in the SDK), since bucket host names do not resolve locally. Resolves
 * once it listens; logs nothing. Given the platform clock, it takes requests signed on it.
 *
 * @example
 * const s3 = await startS3Server({ directory: '.kreislauf/s3' });
 * const client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true });
 * await s3.stop();
 */
export async function startS3Server(options: { directory: string; port?: number; clock?: PlatformClock }): Promise<S3Server> {
  const directory = resolve(options.directory);
  await mkdir(directory, { recursive: true });
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    vhostBuckets: false,
    allowMismatchedSignatures: true,
  });
  const { port: innerPort } = await s3rver.run();

  const front = createServer((request, response) => {
    void pass(request, response, innerPort, options.clock?.offsetMs ?? 0);
  });
  try {
    await new Promise<void>((done, fail) => {
      front.once('error', fail);
      front.listen(options.port ?? 0, '127.0.0.1', () => done());
    });
  } catch (error) {
    await s3rver.close();
    throw error;
  }
  const address = front.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await new Promise<void>((done) => {
        front.close(() => done());
        front.closeAllConnections();
      });
      await s3rver.close();
    },
  };
}
