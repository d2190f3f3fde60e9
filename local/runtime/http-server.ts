import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiRoute, HttpApiDefinition } from './http-api';
import { applyCors, preflightHeaders } from './http-cors';
import { buildHttpApiEvent, newRequestId, toApiResponse, type ApiResponse } from './http-event';
import { EVENT_TOO_LARGE, LambdaError, MAX_EVENT_BYTES } from './lambda-pool';
import { RouteTable } from './http-routes';
import { RouteThrottles, tooManyRequests } from './http-throttle';
import type { Logger } from './log';

/** Lets the caller answer a request before the API does; returns true when it answered. */
export type RequestHook = (request: IncomingMessage, response: ServerResponse) => boolean | Promise<boolean>;

/** An authorizer's answer: what the event's `requestContext.authorizer` gets, or the response sent instead of invoking. */
export type RouteAuthorization =
  | { allowed: true; context: unknown }
  | { allowed: false; statusCode: number; message: string; wwwAuthenticate?: string };

/** The API the server serves and how it reaches the Lambda functions. */
export interface ServedApi {
  definition: HttpApiDefinition;
  accountId: string;
  invoke(functionArn: string, event: unknown): Promise<unknown>;
  /** Decides on requests to routes with an authorizer, before anything is invoked. */
  authorize(route: ApiRoute, request: IncomingMessage): Promise<RouteAuthorization>;
}

export interface HttpApiServer {
  /** `http://localhost:PORT` */
  origin: string;
  port: number;
  serve(api: ServedApi | undefined): void;
  /** While not ready, API requests are answered 503 (the `beforeApi` hook still runs). */
  setReady(ready: boolean): void;
  close(): Promise<void>;
}

// API Gateway's payload limit.
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The body, or `undefined` when it grew past the limit; then the rest is not read. */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.off('data', onData);
        request.pause();
        resolve(undefined);
      } else {
        chunks.push(chunk);
      }
    };
    request.on('data', onData);
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * An error the API itself gives, as problem details (RFC 9457) like the functions' own errors.
 * API Gateway in AWS answers these with `{"message": ...}` instead (docs/errors.md).
 */
function problem(statusCode: number, detail: string): ApiResponse {
  const title = STATUS_CODES[statusCode] ?? 'Error';
  return {
    statusCode,
    headers: { 'content-type': 'application/problem+json' },
    cookies: [],
    body: Buffer.from(JSON.stringify({ type: 'about:blank', title, status: statusCode, detail })),
  };
}

function payloadTooLarge(): ApiResponse {
  const answer = problem(413, `The body is larger than API Gateway's limit of ${MAX_BODY_BYTES} bytes.`);
  // The rest of the body is never read, so the connection cannot carry another request.
  answer.headers.connection = 'close';
  return answer;
}

/** A raw HTTP/1.1 response for a request Node could not parse, so no ServerResponse exists. */
function rawProblem(statusCode: number, detail: string): string {
  const { body } = problem(statusCode, detail);
  return (
    `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\n` +
    `content-type: application/problem+json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body.toString()}`
  );
}

/** Node's parser errors that have a status of their own; any other is a 400. */
const CLIENT_ERRORS: ReadonlyMap<string, { status: number; detail: string }> = new Map([
  ['HPE_HEADER_OVERFLOW', { status: 431, detail: 'The request line and headers are larger than the server accepts.' }],
  ['ERR_HTTP_REQUEST_TIMEOUT', { status: 408, detail: 'The request did not arrive in time.' }],
]);

const NOT_READY: ApiResponse = {
  statusCode: 503,
  headers: { 'content-type': 'application/problem+json', 'retry-after': '1' },
  cookies: [],
  body: Buffer.from(
    JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'The local cloud is starting.' }),
  ),
};

function send(response: ServerResponse, answer: ApiResponse, extraHeaders: Record<string, string> = {}): void {
  response.statusCode = answer.statusCode;
  for (const [name, value] of Object.entries({ ...answer.headers, ...extraHeaders })) response.setHeader(name, value);
  if (answer.cookies.length > 0) response.setHeader('set-cookie', answer.cookies);
  response.setHeader('content-length', answer.body.length);
  response.end(answer.body);
}

/**
 * Starts the local API Gateway: a node:http server on 127.0.0.1 that answers 503 until the
 * API is mounted and marked ready, then routes requests to Lambda like an HTTP API.
 */
export async function startHttpApiServer(options: {
  port: number;
  beforeApi?: RequestHook;
  log: Logger;
  /** The platform clock's time, for the events' request time and the throttles' buckets. */
  now: () => Date;
  /** Multiplies every route's rate and burst limit (default 1: the template's limits). */
  throttleScale?: number;
}): Promise<HttpApiServer> {
  let ready = false;
  let api: { served: ServedApi; routes: RouteTable<ApiRoute>; throttles: RouteThrottles } | undefined;
  const newThrottles = () => new RouteThrottles({ now: () => options.now().getTime(), scale: options.throttleScale ?? 1 });
  // A bad scale fails the start, not the first request.
  newThrottles();

  async function answerApi(request: IncomingMessage, requestId: string): Promise<ApiResponse> {
    if (!api) return problem(404, 'No API is mounted.');
    const { served, routes, throttles } = api;
    const { definition } = served;
    let url = request.url ?? '/';
    if (definition.stage !== '$default') {
      const prefix = `/${definition.stage}`;
      if (url !== prefix && !url.startsWith(`${prefix}/`) && !url.startsWith(`${prefix}?`)) return problem(404, `The API serves only under /${definition.stage}.`);
      url = url.slice(prefix.length) || '/';
      if (url.startsWith('?')) url = `/${url}`;
    }
    if (definition.cors) {
      const preflight = preflightHeaders(definition.cors, request.method ?? 'GET', request.headers);
      if (preflight) return { statusCode: 204, headers: preflight, cookies: [], body: Buffer.alloc(0) };
    }
    const rawPath = url.split('?')[0] ?? '/';
    const match = routes.match(request.method ?? 'GET', rawPath);
    if (!match) return problem(404, `No route matches ${request.method ?? 'GET'} ${rawPath}.`);
    const route = match.target;
    if (route.throttle) {
      const verdict = throttles.take(match.routeKey, route.throttle);
      if (!verdict.allowed) return tooManyRequests(match.routeKey, verdict.retryAfterSeconds);
    }
    if (!route.functionArn || route.payloadFormatVersion !== '2.0') {
      options.log.error(
        `${match.routeKey}: the local cloud serves Lambda proxy integrations with payload format 2.0 only ` +
          `(this one is ${route.integrationType}, format ${route.payloadFormatVersion})`,
      );
      return problem(500, 'The route has no Lambda proxy integration the local cloud can serve.');
    }
    let authorizer: unknown;
    if (route.authorizationType !== 'NONE') {
      const verdict = await served.authorize(route, request);
      if (!verdict.allowed) {
        const denied = problem(verdict.statusCode, verdict.message);
        if (verdict.wwwAuthenticate) denied.headers['www-authenticate'] = verdict.wwwAuthenticate;
        return denied;
      }
      authorizer = verdict.context;
    }
    const body = await readBody(request);
    if (!body) return payloadTooLarge();
    const event = buildHttpApiEvent(
      {
        method: request.method ?? 'GET',
        url,
        rawHeaders: request.rawHeaders,
        body,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        httpVersion: request.httpVersion,
      },
      {
        accountId: served.accountId,
        apiId: definition.apiId,
        stage: definition.stage,
        routeKey: match.routeKey,
        pathParameters: match.pathParameters,
        requestId,
        receivedAt: options.now(),
        ...(authorizer !== undefined ? { authorizer } : {}),
      },
    );
    try {
      return toApiResponse(await served.invoke(route.functionArn, event));
    } catch (error) {
      // Within API Gateway's 10 MB, but over Lambda's 6 MB once it is the function's event: Lambda refuses it, and
      // API Gateway answers 413 too. A result over Lambda's limit is the function's failure (500 below).
      if (error instanceof LambdaError && error.errorType === EVENT_TOO_LARGE) {
        return problem(413, `The request is larger than Lambda's limit of ${MAX_EVENT_BYTES} bytes for a function's event (the body with the request's headers and details, as API Gateway sends it).`);
      }
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      options.log.warn(`${request.method} ${rawPath} → 500 (${match.routeKey}: ${reason})`);
      return problem(500, 'The function failed or gave a response API Gateway cannot use.');
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (options.beforeApi && (await options.beforeApi(request, response))) return;
    if (!ready) {
      send(response, NOT_READY);
      return;
    }
    const requestId = newRequestId();
    // A declared length over the limit is refused before routing or authorizing, as API Gateway does.
    const answer = Number(request.headers['content-length']) > MAX_BODY_BYTES ? payloadTooLarge() : await answerApi(request, requestId);
    const cors = api?.served.definition.cors;
    const origin = typeof request.headers.origin === 'string' ? request.headers.origin : undefined;
    const headers = cors && answer.statusCode !== 204 ? applyCors(cors, origin, answer.headers) : answer.headers;
    send(response, { ...answer, headers }, { 'apigw-requestid': requestId });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log.error(`${request.method} ${request.url} failed: ${error instanceof Error ? error.stack : String(error)}`);
      if (!response.headersSent) send(response, problem(500, 'The local API failed.'));
      else response.destroy();
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const known = error.code === undefined ? undefined : CLIENT_ERRORS.get(error.code);
    socket.end(rawProblem(known?.status ?? 400, known?.detail ?? 'The request is not valid HTTP/1.1.'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    port,
    serve(served) {
      const routes = served?.definition.routes.map((route) => ({ routeKey: route.routeKey, target: route }));
      api = served && routes && { served, routes: new RouteTable(routes), throttles: newThrottles() };
    },
    setReady(value) {
      ready = value;
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
