import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRoute } from '../../local/runtime/http-api';
import { startHttpApiServer, type HttpApiServer } from '../../local/runtime/http-server';
import { LambdaError } from '../../local/runtime/lambda-pool';
import { createLogger } from '../../local/runtime/log';

const route = (routeKey: string, functionArn: string, authorizationType = 'NONE'): ApiRoute => ({
  routeKey,
  functionArn,
  payloadFormatVersion: '2.0',
  integrationType: 'AWS_PROXY',
  authorizationType,
  authorizerId: authorizationType === 'NONE' ? undefined : 'staff',
  authorizationScopes: [],
  throttle: undefined,
});

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends a request with node:http, optionally streaming the body in chunks without a length. */
function send(server: HttpApiServer, options: { method: string; path: string; headers?: Record<string, string>; chunks?: Buffer[] }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: server.port, method: options.method, path: options.path, headers: options.headers }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts).toString() }));
    });
    // The server may close while the rest of a refused body is still being written.
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    for (const chunk of options.chunks ?? []) request.write(chunk);
    request.end();
  });
}

function expectProblem(answer: RawAnswer, status: number): void {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(JSON.parse(answer.body)).toMatchObject({ type: 'about:blank', status, title: expect.any(String), detail: expect.any(String) });
}

describe('the local HTTP API', () => {
  let server: HttpApiServer;
  let invocations = 0;

  beforeAll(async () => {
    server = await startHttpApiServer({ port: 0, log: createLogger(true), now: () => new Date() });
    server.serve({
      definition: {
        logicalId: 'Api',
        apiId: 'abc123defg',
        stage: '$default',
        routes: [route('POST /echo', 'arn:echo'), route('GET /crash', 'arn:crash'), route('POST /too-large', 'arn:too-large'), route('GET /answers-too-much', 'arn:answers-too-much'), route('GET /private', 'arn:echo', 'JWT')],
        authorizers: [],
        cors: undefined,
      },
      accountId: '000000000000',
      async invoke(functionArn, event) {
        invocations += 1;
        if (functionArn === 'arn:crash') throw new Error('Runtime.ExitError');
        if (functionArn === 'arn:too-large') throw new LambdaError('RequestEntityTooLargeException', 'Request must be smaller than 6291456 bytes for the InvokeFunction operation');
        if (functionArn === 'arn:answers-too-much') throw new LambdaError('Function.ResponseSizeTooLarge', 'Response payload size exceeded maximum allowed payload size (6291556 bytes).');
        return { statusCode: 200, body: String((event as { body?: string }).body?.length ?? 0) };
      },
      async authorize() {
        return { allowed: false, statusCode: 401, message: 'Unauthorized', wwwAuthenticate: 'Bearer' };
      },
    });
    server.setReady(true);
  });
  afterAll(() => server.close());

  it('answers a declared body over 10 MB with 413 before reading it, and invokes nothing', async () => {
    const before = invocations;
    const answer = await send(server, {
      method: 'POST',
      path: '/echo',
      headers: { 'content-type': 'application/json', 'content-length': String(11 * 1024 * 1024) },
      chunks: [Buffer.alloc(64 * 1024, 'a')],
    });

    expectProblem(answer, 413);
    expect(answer.headers.connection).toBe('close');
    expect(invocations).toBe(before);
  });

  it('answers a streamed body that grows past 10 MB with 413', async () => {
    const before = invocations;
    const chunks = Array.from({ length: 11 }, () => Buffer.alloc(1024 * 1024, 'a'));

    const answer = await send(server, { method: 'POST', path: '/echo', headers: { 'content-type': 'application/json' }, chunks });

    expectProblem(answer, 413);
    expect(invocations).toBe(before);
  });

  it('still passes a body just under the limit to the function', async () => {
    const answer = await send(server, { method: 'POST', path: '/echo', headers: { 'content-type': 'text/plain' }, chunks: [Buffer.alloc(10 * 1024 * 1024, 'a')] });

    expect(answer).toMatchObject({ status: 200, body: String(10 * 1024 * 1024) });
  });

  it("answers 413 for a request Lambda refuses as over its 6 MB, and 500 for a result over it", async () => {
    const refused = await send(server, { method: 'POST', path: '/too-large', headers: { 'content-type': 'text/plain' }, chunks: [Buffer.alloc(7 * 1024 * 1024, 'a')] });
    expectProblem(refused, 413);
    expect(JSON.parse(refused.body).detail).toContain("Lambda's limit of 6291456 bytes");
    expectProblem(await send(server, { method: 'GET', path: '/answers-too-much' }), 500);
  });

  it('answers headers larger than Node accepts with 431', async () => {
    expectProblem(await send(server, { method: 'GET', path: '/echo', headers: { 'x-big': 'a'.repeat(20_000) } }), 431);
  });

  it('answers bytes that are not HTTP with 400', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      const parts: Buffer[] = [];
      socket.on('data', (part: Buffer) => parts.push(part));
      socket.on('end', () => resolve(Buffer.concat(parts).toString()));
      socket.on('error', reject);
    });

    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(raw).toMatch(/content-type: application\/problem\+json/);
    expect(JSON.parse(raw.split('\r\n\r\n')[1]!)).toMatchObject({ status: 400 });
  });

  it('answers an unknown route, a refused token and a crashing function with problem details', async () => {
    expectProblem(await send(server, { method: 'GET', path: '/nowhere' }), 404);
    expectProblem(await send(server, { method: 'DELETE', path: '/echo' }), 404);
    const denied = await send(server, { method: 'GET', path: '/private' });
    expectProblem(denied, 401);
    expect(denied.headers['www-authenticate']).toBe('Bearer');
    expectProblem(await send(server, { method: 'GET', path: '/crash' }), 500);
  });
});
