import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { StoredResponse } from '../ports/idempotency-store';
import { DomainError, type FieldIssue, ValidationError } from '../domain/errors';
import { logger } from '../observability';
import { problemFor, problemResponse } from './problem';
import { issueWords } from './issue-words';
import { type Staff, type StaffRole, staffOf } from './staff';

export interface HttpRequest<P, Q, B> {
  path: P;
  query: Q;
  body: B;
  headers: Record<string, string | undefined>;
  /** The origin the client called, e.g. `https://api.example.com`, for links in responses. */
  origin: string;
  /** The body exactly as received (decoded from base64 where API Gateway encoded it). */
  rawBody: string;
  /** The staff member behind the request; only on routes whose spec names `staff` roles. */
  staff: Staff;
  /** Who the spec's `authenticate` found the caller to be (e.g. a shop's API key id), if it says. */
  caller: string | undefined;
}

/**
 * Remembers `Idempotency-Key`s; implemented in `./idempotency`, which a route imports, so that
 * routes without idempotency carry none of its code. `once` runs after the caller was
 * authenticated and the request validated, so a repeated key never skips a check.
 */
export interface IdempotencyGuard {
  once(
    call: { scope: string; key: string; request: Pick<HttpRequest<unknown, unknown, unknown>, 'path' | 'query' | 'rawBody'> } & KeptAnswers,
    execute: () => Promise<StoredResponse>,
  ): Promise<StoredResponse>;
}

/** How a route's answer is kept for a repeat, and a repeat answered from it, where not as the answer itself. */
export interface KeptAnswers {
  /** What is kept of the answer for a repeat (one that holds a secret shown once). */
  kept?: (response: StoredResponse) => StoredResponse;
  /** A repeat's answer from what was kept, when not what was kept itself. */
  replayed?: (kept: StoredResponse) => Promise<StoredResponse>;
}

export type HttpResult =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { status: number; binary: Uint8Array; contentType: string; headers?: Record<string, string> };

/**
 * A file the client saves (`attachment`) or shows (`inline`): a label, a bank file, a report. Private to its caller,
 * so no cache on the way keeps it; `headers` adds to that, e.g. `vary: accept` where the format was negotiated.
 *
 * @example return fileResult({ bytes, contentType: 'application/xml', filename: `pain001-${id}.xml` }, 'attachment');
 */
export function fileResult(
  file: { bytes: Uint8Array; contentType: string; filename: string },
  disposition: 'attachment' | 'inline',
  headers: Record<string, string> = {},
): HttpResult {
  return {
    status: 200,
    binary: file.bytes,
    contentType: file.contentType,
    headers: { 'cache-control': 'private, no-store', ...headers, 'content-disposition': `${disposition}; filename="${file.filename}"` },
  };
}

export interface RouteSpec<P, Q, B> {
  path?: z.ZodMiniType<P>;
  query?: z.ZodMiniType<Q>;
  body?: z.ZodMiniType<B>;
  /**
   * The route reads the body's bytes itself (`rawBody`), e.g. a webhook whose signature covers
   * them. Without it or `body`, a request that carries a body is refused (400): the route takes none.
   */
  readsRawBody?: true;
  /**
   * Makes the route honour `Idempotency-Key` within `scope`, the caller the request was
   * authenticated as (a staff member's brand, a shop's API key id, a take-back whose token
   * matched, plus the resource where it helps), so one caller never reads another's answer.
   *
   * With `required`, a request without the header is refused (400) once it is authenticated and
   * valid: for a route whose repeat after a lost answer would undo what the caller holds (a second
   * rotation of a signing secret replaces the one just given).
   *
   * @example idempotency: { guard: idempotencyKeys, scope: ({ staff, path }) => `${staff.brand}#${path.id}` }
   */
  idempotency?: {
    guard: IdempotencyGuard;
    scope: (request: HttpRequest<P, Q, B>) => string;
    required?: boolean;
    /**
     * What is kept of an answer for a repeat, and how a repeat is answered from it, when not the answer itself: for a
     * route whose answer holds a secret shown once (`secretShownOnce`, `secretReplayedWhileInUse` in `./idempotency`,
     * so that only such routes carry them).
     */
    answers?: (request: HttpRequest<P, Q, B>) => KeptAnswers;
  };
  /** Makes the route a staff route: the token's brand and one of these roles are required. */
  staff?: readonly StaffRole[];
  /**
   * Checks the caller on the raw request before anything is parsed, e.g. a webhook signature
   * over the exact bytes received, or a tracking token. Throws a DomainError (401, 404) to refuse;
   * may return who the caller is, which the request carries as `caller`.
   */
  authenticate?: (raw: {
    body: string;
    headers: Record<string, string | undefined>;
    path: Record<string, string | undefined>;
    query: Record<string, string | undefined>;
  }) => Promise<string | void>;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Wraps a route's logic into a Lambda handler for API Gateway HTTP APIs (payload 2.0): it parses
 * and validates the path, query and JSON body with zod, then applies idempotency (in this order,
 * so a repeated key never skips a check), maps typed domain
 * errors to problem+json, and turns the result into the HTTP response.
 *
 * @example
 * export const handler = apiHandler({ path: BrandPathSchema }, ({ path }) => catalogOf(path.brand));
 */
export function apiHandler<P = undefined, Q = undefined, B = undefined>(
  spec: RouteSpec<P, Q, B>,
  handle: (request: HttpRequest<P, Q, B>) => Promise<HttpResult>,
) {
  const base = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: async (request) => {
        const problem = problemFor(request.error);
        if (problem.status >= 500) logger.error('request failed', { error: request.error as Error });
        else if (!(request.error instanceof DomainError)) logger.warn('request refused', { error: request.error as Error });
        request.response = problemResponse(problem);
      },
    })
    .use({
      before: async (request) => {
        const key = request.event.headers?.['idempotency-key'];
        if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
          throw new ValidationError('Invalid Idempotency-Key header.', [
            { in: 'header', path: ['Idempotency-Key'], message: 'must be 1 to 255 visible ASCII characters' },
          ]);
        }
      },
    });

  return base.handler(async (event) => {
    const staff = spec.staff ? staffOf(event, spec.staff) : undefined;
    const rawBody = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    const caller = await spec.authenticate?.({
      body: rawBody,
      headers: event.headers ?? {},
      path: event.pathParameters ?? {},
      query: event.queryStringParameters ?? {},
    });
    const request: HttpRequest<P, Q, B> = {
      path: parsePart(spec.path, event.pathParameters ?? {}, 'path') as P,
      query: (spec.query ? parsePart(spec.query, event.queryStringParameters ?? {}, 'query') : refuseQuery(event.queryStringParameters)) as Q,
      body: (spec.body ? parsePart(spec.body, readJsonBody(event, rawBody), 'body') : refuseBody(spec.readsRawBody, rawBody)) as B,
      headers: event.headers ?? {},
      origin: `${event.headers?.['x-forwarded-proto'] ?? 'https'}://${event.requestContext.domainName}`,
      rawBody,
      get staff(): Staff {
        if (!staff) throw new Error('This route has no staff roles in its spec.');
        return staff;
      },
      caller: caller ?? undefined,
    };
    const key = event.headers?.['idempotency-key'];
    if (spec.idempotency?.required && key === undefined) {
      throw new ValidationError('This request needs an Idempotency-Key header: a repeat without one would be done twice.', [
        { in: 'header', path: ['Idempotency-Key'], message: 'required' },
      ]);
    }
    if (spec.idempotency && key !== undefined) {
      const scope = spec.idempotency.scope(request);
      return spec.idempotency.guard.once({ scope, key, request, ...spec.idempotency.answers?.(request) }, async () => toResponse(await handle(request)));
    }
    return toResponse(await handle(request));
  });
}

function parsePart<T>(schema: z.ZodMiniType<T> | undefined, value: unknown, where: NonNullable<FieldIssue['in']>): T | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value, { error: issueWords });
  if (result.success) return result.data;
  const issues = result.error.issues.flatMap((issue): FieldIssue[] => {
    const path = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
    // zod/mini says only "Invalid input" at the object: each key it does not know is named instead.
    if (issue.code === 'unrecognized_keys') {
      const message = where === 'body' ? 'is not a field of this request' : 'is not a parameter of this route';
      return issue.keys.map((key) => ({ in: where, path: [...path, key], message }));
    }
    return [{ in: where, path, message: issue.message }];
  });
  throw new ValidationError(`The request's ${where === 'body' ? 'body' : `${where} parameters`} did not validate.`, issues);
}

/**
 * A route that takes no body refuses one rather than ignore it: a client that sent one meant
 * something else. An empty JSON object says nothing, so it passes as no body (clients that always
 * send one).
 */
function refuseBody(readsRawBody: true | undefined, text: string): undefined {
  if (!readsRawBody && !/^\s*(\{\s*\})?\s*$/.test(text)) {
    throw new ValidationError('This request takes no body: send it without one.', [{ in: 'body', path: [], message: 'must be empty' }]);
  }
  return undefined;
}

/**
 * A route that takes no query parameters refuses them, as the routes that take some refuse the ones they do not know:
 * `GET /v1/api-keys?cursor=…` looks like a page of a list that has none. And a parameter no route reads is in no
 * `Idempotency-Key`'s match (`./idempotency` compares the query parsed): `POST /v1/brands/demo/take-backs?x=1` with a
 * used key got the first take-back's answer, though a key matches on path, query and body. Until 7 December 2026 such
 * parameters were ignored, on the customers' routes until the evening (the links Kreislauf writes carry only `token`
 * and the label's `format`; the pages' addresses, which take `lang=` and what a mail client adds, are the web app's).
 */
function refuseQuery(query: Record<string, string | undefined> | undefined): undefined {
  const names = Object.keys(query ?? {});
  if (names.length > 0) {
    throw new ValidationError("The request's query parameters did not validate.", names.map((name) => ({ in: 'query', path: [name], message: 'is not a parameter of this route' })));
  }
  return undefined;
}

function readJsonBody(event: APIGatewayProxyEventV2, text: string): unknown {
  if (text === '') {
    throw new ValidationError('This request needs a JSON body.', [{ in: 'body', path: [], message: 'required' }]);
  }
  const contentType = event.headers?.['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new ValidationError('The body must be JSON, sent with Content-Type: application/json.', [
      { in: 'header', path: ['Content-Type'], message: 'must be application/json' },
    ]);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ValidationError('The body is not valid JSON.', [{ in: 'body', path: [], message: 'invalid JSON' }]);
  }
  const unstorable = unstorableNumbers(body);
  if (unstorable.length > 0) throw new ValidationError("The request's body did not validate.", unstorable);
  return body;
}

/**
 * DynamoDB stores a number of a magnitude from 1e-130 to below 1e126, or 0. A number of the body outside that range
 * passed a schema that bounds it on one side only (a grading check's value, a turnaround of 1e-131 days) and failed
 * the write with a 500 (until 7 December 2026); it is refused at its path first, on every route. Walked without
 * recursion, so that no nesting the JSON parser took can overflow the stack; at most 100 are named, as for any problem.
 */
function unstorableNumbers(body: unknown): FieldIssue[] {
  // Each value keeps its key and its parent's place, not a copy of its path: a deep body costs no more than its size.
  type Place = { key: string | number; parent: Place | undefined } | undefined;
  const pathOf = (place: Place): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let at = place; at; at = at.parent) path.push(at.key);
    return path.reverse();
  };
  const issues: FieldIssue[] = [];
  const pending: { value: unknown; place: Place }[] = [{ value: body, place: undefined }];
  while (pending.length > 0 && issues.length < 100) {
    const { value, place } = pending.pop()!;
    if (typeof value === 'number') {
      const magnitude = Math.abs(value);
      if (magnitude !== 0 && (magnitude < 1e-130 || magnitude >= 1e126)) {
        issues.push({ in: 'body', path: pathOf(place), message: 'must be 0 or of a magnitude from 1e-130 to below 1e126' });
      }
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, place: { key: index, parent: place } }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) pending.push({ value: item, place: { key, parent: place } });
    }
  }
  return issues;
}

function toResponse(result: HttpResult): StoredResponse {
  if ('binary' in result) {
    return {
      statusCode: result.status,
      headers: { 'content-type': result.contentType, ...result.headers },
      body: Buffer.from(result.binary).toString('base64'),
      isBase64Encoded: true,
    };
  }
  // A response without a body (204) claims no content type, so clients do not try to parse one.
  return {
    statusCode: result.status,
    headers: { ...(result.body === undefined ? {} : { 'content-type': 'application/json' }), ...result.headers },
    body: result.body === undefined ? '' : JSON.stringify(result.body),
    isBase64Encoded: false,
  };
}
