import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PlatformClock } from '../services/clock';
import type { LocalSqs } from '../services/sqs';

function send(response: ServerResponse, status: number, body: unknown, type = 'application/json'): true {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  response.end(text);
  return true;
}

function problem(response: ServerResponse, status: number, detail: string): true {
  const title = status === 405 ? 'Method Not Allowed' : 'Bad Request';
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

/**
 * The local cloud's own pages beside the API: `GET /_local/clock` tells the platform time,
 * `POST /_local/clock` moves it (`{"advanceSeconds": n}` or `{"now": iso}`) and answers once every
 * schedule that became due has fired; `GET /_local/queues` shows every queue with its messages.
 * Returns true when it answered.
 */
export function serveLocalPages(options: { clock: PlatformClock; sqs: LocalSqs }) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/_local/clock') {
      if (request.method === 'GET') return send(response, 200, clockState(options.clock));
      if (request.method === 'POST') return moveClock(options.clock, request, response);
      return problem(response, 405, 'Use GET or POST.');
    }
    if (path === '/_local/queues' && request.method === 'GET') return send(response, 200, options.sqs.view());
    return false;
  };
}
