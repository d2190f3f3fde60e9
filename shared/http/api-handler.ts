import middy from '@middy/core';
import { IdempotencyConfig } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { makeHandlerIdempotent } from '@aws-lambda-powertools/idempotency/middleware';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { DomainError, type FieldIssue, ValidationError } from '../domain/errors';
import { requiredEnv } from '../config';
import { logger } from '../observability';
import { problemFor, problemResponse } from './problem';
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
}

export type HttpResult =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { status: number; binary: Uint8Array; contentType: string; headers?: Record<string, string> };

export interface RouteSpec<P, Q, B> {
  path?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /**
   * Makes the route honour `Idempotency-Key`: a repeat with the same key and body gets the first
   * response, a repeat with another body 422. `scope` is the JMESPath of the value that keeps one
   * tenant's keys apart from another's (e.g. `pathParameters.brand`), or several, e.g. the staff
   * member's brand and the resource in the path.
   */
  idempotency?: { scope: string | readonly string[] };
  /** Makes the route a staff route: the token's brand and one of these roles are required. */
  staff?: readonly StaffRole[];
  /**
   * Checks the caller on the raw request before anything is parsed, e.g. a webhook signature
   * over the exact bytes received. Throws a DomainError (401) to refuse.
   */
  authenticate?: (raw: { body: string; headers: Record<string, string | undefined>; path: Record<string, string | undefined> }) => Promise<void>;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

/**
 * Wraps a route's logic into a Lambda handler for API Gateway HTTP APIs (payload 2.0): it parses
 * and validates the path, query and JSON body with zod, applies idempotency, maps typed domain
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

  if (spec.idempotency) {
    base.use(
      makeHandlerIdempotent({
        persistenceStore: new DynamoDBPersistenceLayer({
          tableName: requiredEnv('TABLE_NAME'),
          keyAttr: 'PK',
          sortKeyAttr: 'SK',
          expiryAttr: 'ttl',
        }),
        config: new IdempotencyConfig({
          // No header, no idempotency: `&&` yields null and Powertools then runs the request plainly.
          eventKeyJmesPath: `headers."idempotency-key" && join('#', [${[spec.idempotency.scope].flat().join(', ')}, headers."idempotency-key"])`,
          payloadValidationJmesPath: 'body',
          expiresAfterSeconds: IDEMPOTENCY_TTL_SECONDS,
        }),
      }),
    );
  }

  return base.handler(async (event) => {
    const staff = spec.staff ? staffOf(event, spec.staff) : undefined;
    const rawBody = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    await spec.authenticate?.({ body: rawBody, headers: event.headers ?? {}, path: event.pathParameters ?? {} });
    const request: HttpRequest<P, Q, B> = {
      path: parsePart(spec.path, event.pathParameters ?? {}, 'path') as P,
      query: parsePart(spec.query, event.queryStringParameters ?? {}, 'query') as Q,
      body: (spec.body ? parsePart(spec.body, readJsonBody(event, rawBody), 'body') : undefined) as B,
      headers: event.headers ?? {},
      origin: `${event.headers?.['x-forwarded-proto'] ?? 'https'}://${event.requestContext.domainName}`,
      rawBody,
      get staff(): Staff {
        if (!staff) throw new Error('This route has no staff roles in its spec.');
        return staff;
      },
    };
    return toResponse(await handle(request));
  });
}

function parsePart<T>(schema: z.ZodType<T> | undefined, value: unknown, where: NonNullable<FieldIssue['in']>): T | undefined {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: FieldIssue[] = result.error.issues.map((issue) => ({
    in: where,
    path: issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment)),
    message: issue.message,
  }));
  throw new ValidationError(`The request's ${where === 'body' ? 'body' : `${where} parameters`} did not validate.`, issues);
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
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('The body is not valid JSON.', [{ in: 'body', path: [], message: 'invalid JSON' }]);
  }
}

function toResponse(result: HttpResult): APIGatewayProxyResultV2 {
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
  };
}
