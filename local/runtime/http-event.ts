import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { isRecord } from './template';

/** An HTTP request as the local API server received it. */
export interface ReceivedRequest {
  method: string;
  /** The request target: raw path and query, still percent-encoded. */
  url: string;
  /** Node's `rawHeaders`: names and values alternating, duplicates kept. */
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
  httpVersion: string;
}

/** Where the request arrived: the API and the route API Gateway selected. */
export interface RequestTarget {
  accountId: string;
  apiId: string;
  stage: string;
  routeKey: string;
  pathParameters: Record<string, string>;
  requestId: string;
  receivedAt: Date;
  /** What the route's authorizer passes on (`{ jwt: { claims, scopes } }`). */
  authorizer?: unknown;
}

/** An HTTP response as API Gateway builds it from a Lambda result. */
export interface ApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// API Gateway passes these bodies as text and base64-encodes every other media type.
const TEXT_MEDIA_TYPE = /^(text\/.*|application\/(json|xml|javascript|ecmascript|graphql|x-ndjson)|.*\+(json|xml))$/;

/** A request id in API Gateway's format (`JKJaXmPLvHcESHA=`). */
export function newRequestId(): string {
  return randomBytes(11).toString('base64');
}

function clfTime(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  const day = `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  return `${day}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

function joinHeaders(rawHeaders: string[]): { headers: Record<string, string>; cookies: string[] } {
  // Names are the client's: a Map keeps `constructor` or `__proto__` from meeting the prototype.
  const headers = new Map<string, string>();
  const cookies: string[] = [];
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = (rawHeaders[index] ?? '').toLowerCase();
    const value = rawHeaders[index + 1] ?? '';
    if (name === 'cookie') {
      cookies.push(...value.split(';').map((cookie) => cookie.trim()).filter(Boolean));
    } else {
      const earlier = headers.get(name);
      headers.set(name, earlier === undefined ? value : `${earlier},${value}`);
    }
  }
  return { headers: Object.fromEntries(headers), cookies };
}

function parseQuery(rawQueryString: string): Record<string, string> {
  const parameters = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    const earlier = parameters.get(name);
    parameters.set(name, earlier === undefined ? value : `${earlier},${value}`);
  }
  return Object.fromEntries(parameters);
}

/** Whether API Gateway hands a body of this content type to Lambda as text (else base64). */
function isTextContentType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  return mediaType !== undefined && TEXT_MEDIA_TYPE.test(mediaType);
}

/**
 * Builds the payload format 2.0 event API Gateway sends to a Lambda proxy integration.
 *
 * @example
 * const event = buildHttpApiEvent(request, { accountId, apiId, stage: '$default', routeKey: 'GET /items/{id}', ... });
 */
export function buildHttpApiEvent(request: ReceivedRequest, target: RequestTarget): APIGatewayProxyEventV2 {
  const queryAt = request.url.indexOf('?');
  const rawPath = queryAt >= 0 ? request.url.slice(0, queryAt) : request.url;
  const rawQueryString = queryAt >= 0 ? request.url.slice(queryAt + 1).split('#')[0] ?? '' : '';
  const { headers, cookies } = joinHeaders(request.rawHeaders);
  // API Gateway tells the function how the client reached it; the local server speaks plain HTTP.
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= (headers.host ?? '').split(':')[1] ?? '80';
  const queryStringParameters = parseQuery(rawQueryString);
  const host = headers.host ?? `${target.apiId}.execute-api.amazonaws.com`;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: target.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(queryStringParameters).length > 0 ? { queryStringParameters } : {}),
    requestContext: {
      accountId: target.accountId,
      apiId: target.apiId,
      domainName: host,
      domainPrefix: host.split(':')[0]?.split('.')[0] ?? host,
      http: {
        method: request.method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp.replace(/^::ffff:/, ''),
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: target.requestId,
      routeKey: target.routeKey,
      stage: target.stage,
      time: clfTime(target.receivedAt),
      timeEpoch: target.receivedAt.getTime(),
      ...(target.authorizer !== undefined ? { authorizer: target.authorizer } : {}),
    },
    ...(Object.keys(target.pathParameters).length > 0 ? { pathParameters: target.pathParameters } : {}),
    isBase64Encoded: false,
  };
  if (request.body.length > 0) {
    const text = isTextContentType(headers['content-type']);
    event.body = text ? request.body.toString('utf8') : request.body.toString('base64');
    event.isBase64Encoded = !text;
  }
  return event;
}

/** A Lambda result API Gateway cannot turn into a response; it answers 500. */
export class MalformedLambdaResponse extends Error {
  override name = 'MalformedLambdaResponse';
}

function headerValue(value: unknown, name: string): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new MalformedLambdaResponse(`header ${name} has a value that is not a string`);
}

/**
 * Maps a Lambda result to the HTTP response, as API Gateway does for payload format 2.0: an
 * object with a `statusCode` is the response; any other value is sent as JSON with status 200.
 */
export function toApiResponse(result: unknown): ApiResponse {
  if (!isRecord(result) || !('statusCode' in result)) {
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from(JSON.stringify(result ?? null)),
    };
  }
  const statusCode = Number(result.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) {
    throw new MalformedLambdaResponse(`statusCode ${JSON.stringify(result.statusCode)} is not an HTTP status`);
  }
  const headers: Record<string, string> = {};
  if (result.headers !== undefined && result.headers !== null) {
    if (!isRecord(result.headers)) throw new MalformedLambdaResponse('headers is not an object');
    for (const [name, value] of Object.entries(result.headers)) headers[name.toLowerCase()] = headerValue(value, name);
  }
  const cookies = result.cookies ?? [];
  if (!Array.isArray(cookies) || !cookies.every((cookie) => typeof cookie === 'string')) {
    throw new MalformedLambdaResponse('cookies is not a list of strings');
  }
  const body = result.body ?? '';
  if (typeof body !== 'string') throw new MalformedLambdaResponse('body is not a string');
  return {
    statusCode,
    headers,
    cookies,
    body: result.isBase64Encoded === true ? Buffer.from(body, 'base64') : Buffer.from(body),
  };
}
