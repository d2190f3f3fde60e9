import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * An error answered the way AWS answers it: `type` is the error code the SDK turns into the
 * exception's name (`ResourceNotFoundException`, `BadRequestException`, ...).
 */
export class AwsServiceError extends Error {
  override readonly name = 'AwsServiceError';
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    /** The error code of the service's older Query protocol (SQS), which the SDK reads from `x-amzn-query-error`. */
    readonly queryErrorCode?: string,
  ) {
    super(message);
  }
}

/** One operation of an AWS JSON 1.0 / 1.1 protocol service: the parsed request body in, the response body out. */
export type JsonOperation = (input: Record<string, unknown>) => unknown;

/** What a REST-JSON request carries besides its body: the path's labels and the query string. */
export interface RestRequest {
  labels: Record<string, string>;
  query: URLSearchParams;
}

/** One route of an AWS REST-JSON service (SESv2, Scheduler, ...): answers 200 with the returned body. */
export interface RestJsonRoute {
  method: string;
  /** The path; a `{Label}` segment matches one segment and reaches the handler decoded in `labels`. */
  path: string;
  handle(input: Record<string, unknown>, request: RestRequest): unknown;
}

/** What a {@link RawRoute} answers: its own status, headers and body. */
export interface RawAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * One route of a REST service whose body is not a JSON object of parameters (Lambda's Invoke takes
 * the function's event as it is, and answers with the function's result and headers of its own).
 */
export interface RawRoute {
  method: string;
  /** As {@link RestJsonRoute.path}. */
  path: string;
  handle(body: Buffer, request: RestRequest & { headers: IncomingHttpHeaders }): Promise<RawAnswer>;
}

/**
 * An AWS service emulated on the shared local endpoint. JSON protocol services are found by the
 * prefix of `X-Amz-Target` (`AWSEvents` in `AWSEvents.PutEvents`), REST services by method and path.
 *
 * @example
 * const sqs: AwsService = { name: 'SQS', targetPrefix: 'AmazonSQS', operations: { SendMessage: send } };
 */
export interface AwsService {
  /** For log lines and error messages. */
  name: string;
  targetPrefix?: string;
  operations?: Record<string, JsonOperation>;
  routes?: RestJsonRoute[];
  rawRoutes?: RawRoute[];
}

/** SESv2 takes messages of up to 40 MB, and a JSON body carrying one is larger still. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

class BodyTooLargeError extends Error {}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is read and dropped, so that the client still gets its 413.
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => (size > MAX_BODY_BYTES ? fail(new BodyTooLargeError()) : done(Buffer.concat(chunks))));
    request.on('error', fail);
  });
}

function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new AwsServiceError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsServiceError('SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: unknown): void {
  const text = JSON.stringify(body ?? {});
  response.writeHead(status, {
    ...headers,
    'x-amzn-RequestId': randomUUID(),
    'content-length': String(Buffer.byteLength(text)),
  });
  response.end(text);
}

/** JSON 1.0 and 1.1 put the error code in `__type`; REST-JSON in the `x-amzn-ErrorType` header. */
function sendError(response: ServerResponse, error: AwsServiceError, contentType: string): void {
  const headers: Record<string, string> = { 'content-type': contentType, 'x-amzn-ErrorType': error.type };
  if (error.queryErrorCode) headers['x-amzn-query-error'] = `${error.queryErrorCode};${error.status < 500 ? 'Sender' : 'Receiver'}`;
  send(response, error.status, headers, { __type: error.type, message: error.message });
}

function matchLabels(template: string, path: string): Record<string, string> | undefined {
  const expected = template.split('/');
  const actual = path.split('/');
  if (expected.length !== actual.length) return undefined;
  const labels: Record<string, string> = {};
  for (const [index, part] of expected.entries()) {
    const value = actual[index] ?? '';
    const label = /^\{(\w+)\}$/.exec(part)?.[1];
    if (label === undefined) {
      if (part !== value) return undefined;
    } else {
      if (value === '') return undefined;
      labels[label] = decodeURIComponent(value);
    }
  }
  return labels;
}

/**
 * An HTTP server answering for every mounted {@link AwsService}; more can be mounted while it runs.
 * Unknown targets and paths, bad JSON and failing operations are answered in the protocol's error
 * format, never left hanging.
 */
export class AwsHttpServer {
  private readonly services: AwsService[] = [];
  private readonly server: Server;

  constructor(private readonly log: (line: string) => void) {
    this.server = createServer((request, response) => {
      void this.answer(request, response);
    });
  }

  /** Adds a service; its targets and routes answer from now on, before those of services mounted earlier. Returns the unmount. */
  mount(service: AwsService): () => void {
    this.services.unshift(service);
    return () => {
      const index = this.services.indexOf(service);
      if (index >= 0) this.services.splice(index, 1);
    };
  }

  /** Listens on 127.0.0.1 (`port` 0: a free port) and resolves with the port. */
  listen(port: number): Promise<number> {
    return new Promise((done, fail) => {
      this.server.once('error', fail);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', fail);
        const address = this.server.address();
        done(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  /** Stops listening and drops idle keep-alive connections, which would otherwise hold `close` open. */
  close(): Promise<void> {
    return new Promise((done) => {
      this.server.close(() => done());
      this.server.closeAllConnections();
    });
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = request.headers['x-amz-target'];
    const contentType =
      typeof target === 'string' ? (request.headers['content-type'] ?? 'application/x-amz-json-1.1') : 'application/json';
    try {
      if (typeof target !== 'string' && (await this.answerRaw(request, response))) return;
      const input = parseJsonObject(await readBody(request));
      const output = typeof target === 'string' ? await this.callTarget(target, input) : await this.callRoute(request, input);
      send(response, 200, { 'content-type': contentType }, output);
    } catch (error) {
      if (error instanceof AwsServiceError) {
        sendError(response, error, contentType);
      } else if (error instanceof BodyTooLargeError) {
        sendError(response, new AwsServiceError('RequestEntityTooLarge', 'The request body is too large.', 413), contentType);
      } else {
        this.log(`[aws] ${request.method} ${request.url} ${String(target ?? '')} failed: ${(error as Error).stack ?? String(error)}`);
        sendError(response, new AwsServiceError('InternalFailure', (error as Error).message ?? String(error), 500), contentType);
      }
    }
  }

  private callTarget(target: string, input: Record<string, unknown>): unknown {
    const dot = target.lastIndexOf('.');
    const prefix = target.slice(0, dot);
    const service = this.services.find((candidate) => candidate.targetPrefix === prefix);
    const operation = service?.operations?.[target.slice(dot + 1)];
    if (dot < 0 || !operation) {
      throw new AwsServiceError(
        'UnknownOperationException',
        service
          ? `The local ${service.name} does not implement ${target}.`
          : `No local AWS service answers X-Amz-Target ${target}.`,
      );
    }
    return operation(input);
  }

  /** Answers a request for a {@link RawRoute}; false when none matches. */
  private async answerRaw(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://local');
    for (const service of this.services) {
      for (const route of service.rawRoutes ?? []) {
        const labels = route.method === request.method ? matchLabels(route.path, url.pathname) : undefined;
        if (!labels) continue;
        const answer = await route.handle(await readBody(request), { labels, query: url.searchParams, headers: request.headers });
        const body = answer.body ?? '';
        response.writeHead(answer.status, { ...answer.headers, 'x-amzn-RequestId': randomUUID(), 'content-length': String(Buffer.byteLength(body)) });
        response.end(body);
        return true;
      }
    }
    return false;
  }

  private callRoute(request: IncomingMessage, input: Record<string, unknown>): unknown {
    const url = new URL(request.url ?? '/', 'http://local');
    for (const service of this.services) {
      for (const route of service.routes ?? []) {
        const labels = route.method === request.method ? matchLabels(route.path, url.pathname) : undefined;
        if (labels) return route.handle(input, { labels, query: url.searchParams });
      }
    }
    throw new AwsServiceError('UnknownOperationException', `No local AWS service answers ${request.method} ${url.pathname}.`, 404);
  }
}
