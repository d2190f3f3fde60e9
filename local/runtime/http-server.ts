import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiRoute, HttpApiDefinition } from './http-api';
import { applyCors, preflightHeaders } from './http-cors';
import { buildHttpApiEvent, newRequestId, toApiResponse, type ApiResponse } from './http-event';
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

class PayloadTooLarge extends Error {}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new PayloadTooLarge());
        request.destroy();
      } else {
        chunks.push(chunk);
      }
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function message(statusCode: number, text: string): ApiResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: Buffer.from(JSON.stringify({ message: text })),
  };
}

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
    if (!api) return message(404, 'Not Found');
    const { served, routes, throttles } = api;
    const { definition } = served;
    let url = request.url ?? '/';
    if (definition.stage !== '$default') {
      const prefix = `/${definition.stage}`;
      if (url !== prefix && !url.startsWith(`${prefix}/`) && !url.startsWith(`${prefix}?`)) return message(404, 'Not Found');
      url = url.slice(prefix.length) || '/';
      if (url.startsWith('?')) url = `/${url}`;
    }
    if (definition.cors) {
      const preflight = preflightHeaders(definition.cors, request.method ?? 'GET', request.headers);
      if (preflight) return { statusCode: 204, headers: preflight, cookies: [], body: Buffer.alloc(0) };
    }
    const rawPath = url.split('?')[0] ?? '/';
    const match = routes.match(request.method ?? 'GET', rawPath);
    if (!match) return message(404, 'Not Found');
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
      return message(500, 'Internal Server Error');
    }
    let authorizer: unknown;
    if (route.authorizationType !== 'NONE') {
      const verdict = await served.authorize(route, request);
      if (!verdict.allowed) {
        const denied = message(verdict.statusCode, verdict.message);
        if (verdict.wwwAuthenticate) denied.headers['www-authenticate'] = verdict.wwwAuthenticate;
        return denied;
      }
      authorizer = verdict.context;
    }
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch (error) {
      if (error instanceof PayloadTooLarge) return message(413, 'Request Entity Too Large');
      throw error;
    }
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
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      options.log.warn(`${request.method} ${rawPath} → 500 (${match.routeKey}: ${reason})`);
      return message(500, 'Internal Server Error');
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (options.beforeApi && (await options.beforeApi(request, response))) return;
    if (!ready) {
      send(response, NOT_READY);
      return;
    }
    const requestId = newRequestId();
    const answer = await answerApi(request, requestId);
    const cors = api?.served.definition.cors;
    const origin = typeof request.headers.origin === 'string' ? request.headers.origin : undefined;
    const headers = cors && answer.statusCode !== 204 ? applyCors(cors, origin, answer.headers) : answer.headers;
    send(response, { ...answer, headers }, { 'apigw-requestid': requestId });
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      options.log.error(`${request.method} ${request.url} failed: ${error instanceof Error ? error.stack : String(error)}`);
      if (!response.headersSent) send(response, message(500, 'Internal Server Error'));
      else response.destroy();
    });
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
