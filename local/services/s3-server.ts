import { mkdir } from 'node:fs/promises';
import { createServer, request as forward, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import S3rver from '@20minutes/s3rver';
import AWSAccount from '@20minutes/s3rver/lib/models/account.js';
import { decodeAwsChunked } from './aws-chunked';

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
async function plainUpload(request: IncomingMessage): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  const body = decodeAwsChunked(await readAll(request));
  const headers: IncomingHttpHeaders = { ...request.headers };
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

async function pass(request: IncomingMessage, response: ServerResponse, innerPort: number): Promise<void> {
  let upload: { headers: IncomingHttpHeaders; body: Buffer } | undefined;
  if (request.headers['x-amz-content-sha256'] === STREAMING_TRAILER) {
    try {
      upload = await plainUpload(request);
    } catch (error) {
      s3Error(response, 400, 'IncompleteBody', (error as Error).message);
      return;
    }
  }
  const inner = forward(
    { host: '127.0.0.1', port: innerPort, method: request.method, path: request.url, headers: upload?.headers ?? request.headers },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
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
 * once it listens; logs nothing.
 *
 * @example
 * const s3 = await startS3Server({ directory: '.kreislauf/s3' });
 * const client = new S3Client({ endpoint: s3.endpoint, forcePathStyle: true });
 * await s3.stop();
 */
export async function startS3Server(options: { directory: string; port?: number }): Promise<S3Server> {
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
    void pass(request, response, innerPort);
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
