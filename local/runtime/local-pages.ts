import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformClock } from '../services/clock';
import type { LocalSqs } from '../services/sqs';
import { LambdaError } from './lambda-pool';

function send(response: ServerResponse, status: number, body: unknown, type = 'application/json'): true {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  response.end(text);
  return true;
}

function problem(response: ServerResponse, status: number, detail: string): true {
  const title = status === 405 ? 'Method Not Allowed' : status === 404 ? 'Not Found' : 'Bad Request';
  return send(response, status, { type: 'about:blank', title, status, detail }, 'application/problem+json');
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function clockState(clock: PlatformClock): unknown {
  return { now: clock.date().toISOString(), offsetSeconds: clock.offsetMs / 1000 };
}

async function moveClock(clock: PlatformClock, request: IncomingMessage, response: ServerResponse): Promise<true> {
  let body: { advanceSeconds?: unknown; now?: unknown };
  try {
    body = JSON.parse((await readBody(request)) || '{}');
  } catch {
    return problem(response, 400, 'The body must be JSON: {"advanceSeconds": n} or {"now": "2030-01-01T00:00:00Z"}.');
  }
  if (typeof body.advanceSeconds === 'number' && Number.isFinite(body.advanceSeconds) && body.advanceSeconds >= 0) {
    await clock.advance(body.advanceSeconds);
  } else if (typeof body.now === 'string' && Number.isFinite(Date.parse(body.now))) {
    await clock.moveTo(Date.parse(body.now));
  } else {
    return problem(response, 400, 'Give {"advanceSeconds": n} with n >= 0, or {"now": an ISO 8601 time}.');
  }
  return send(response, 200, clockState(clock));
}

const FUNCTION_INVOCATION = /^\/_local\/functions\/([^/]+)\/invoke$/;

/**
 * Invokes a function of the template as `aws lambda invoke` does on AWS, with the request's body
 * as its event: 200 with what it returned, or 200 with its error and `X-Amz-Function-Error`, as
 * Lambda answers; 404 for a function the template does not have.
 */
async function invokeFunction(
  invoke: (functionRef: string, event: unknown) => Promise<unknown>,
  functionRef: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<true> {
  let event: unknown;
  try {
    event = JSON.parse((await readBody(request)) || '{}');
  } catch {
    return problem(response, 400, 'The body must be the event as JSON, e.g. {}.');
  }
  let result: unknown;
  try {
    result = await invoke(functionRef, event);
  } catch (error) {
    if (!(error instanceof LambdaError)) throw error;
    if (error.errorType === 'ResourceNotFoundException') return problem(response, 404, error.message);
    response.setHeader('x-amz-function-error', 'Unhandled');
    return send(response, 200, error.toPayload());
  }
  return send(response, 200, result ?? null);
}

/**
 * The local cloud's own pages beside the API: `GET /_local/clock` tells the platform time,
 * `POST /_local/clock` moves it (`{"advanceSeconds": n}` or `{"now": iso}`) and answers once every
 * schedule that became due has fired; `GET /_local/queues` shows every queue with its messages;
 * `POST /_local/functions/{function}/invoke` invokes a function by its logical id or construct id
 * (e.g. `ResealFields`) with the body as its event; `GET /_local/endpoints` tells the AWS endpoint
 * and DynamoDB Local's, for a command that reads the table's stream. Returns true when it answered.
 */
export function serveLocalPages(options: {
  clock: PlatformClock;
  sqs: LocalSqs;
  invoke: (functionRef: string, event: unknown) => Promise<unknown>;
  endpoints: { aws: string; dynamodb: string };
}) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const invocation = FUNCTION_INVOCATION.exec(path);
    if (invocation) {
      if (request.method !== 'POST') return problem(response, 405, 'Use POST with the event as the body.');
      return invokeFunction(options.invoke, decodeURIComponent(invocation[1]!), request, response);
    }
    if (path === '/_local/clock') {
      if (request.method === 'GET') return send(response, 200, clockState(options.clock));
      if (request.method === 'POST') return moveClock(options.clock, request, response);
      return problem(response, 405, 'Use GET or POST.');
    }
    if (path === '/_local/queues' && request.method === 'GET') return send(response, 200, options.sqs.view());
    if (path === '/_local/endpoints' && request.method === 'GET') return send(response, 200, options.endpoints);
    return false;
  };
}
