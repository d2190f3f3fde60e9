import { describe, expect, it } from 'vitest';
import { applyCors, preflightHeaders } from '../../local/runtime/http-cors';
import { buildHttpApiEvent, MalformedLambdaResponse, toApiResponse, type ReceivedRequest } from '../../local/runtime/http-event';
import { RouteTable } from '../../local/runtime/http-routes';

describe('RouteTable', () => {
  const table = new RouteTable(
    [
      'GET /v1/brands/{brand}/catalog',
      'GET /v1/brands/demo/catalog',
      'GET /v1/{proxy+}',
      'ANY /v1/take-backs/{id}',
      'POST /v1/take-backs/{id}',
      '$default',
    ].map((routeKey) => ({ routeKey, target: routeKey })),
  );

  it('prefers a literal segment over a path parameter over a greedy parameter', () => {
    expect(table.match('GET', '/v1/brands/demo/catalog')?.routeKey).toBe('GET /v1/brands/demo/catalog');
    expect(table.match('GET', '/v1/brands/acme/catalog')).toEqual({
      routeKey: 'GET /v1/brands/{brand}/catalog',
      target: 'GET /v1/brands/{brand}/catalog',
      pathParameters: { brand: 'acme' },
    });
    expect(table.match('GET', '/v1/brands/acme/catalog/extra')?.pathParameters).toEqual({ proxy: 'brands/acme/catalog/extra' });
  });

  it('prefers a named method over ANY for the same path', () => {
    expect(table.match('POST', '/v1/take-backs/42')?.routeKey).toBe('POST /v1/take-backs/{id}');
    expect(table.match('DELETE', '/v1/take-backs/42')?.routeKey).toBe('ANY /v1/take-backs/{id}');
  });

  it('decodes path parameters', () => {
    expect(table.match('GET', '/v1/brands/caf%C3%A9%20co/catalog')?.pathParameters).toEqual({ brand: 'café co' });
  });

  it('falls back to $default, and without it finds nothing', () => {
    expect(table.match('PUT', '/elsewhere')?.routeKey).toBe('$default');
    expect(new RouteTable([{ routeKey: 'GET /a', target: 1 }]).match('GET', '/b')).toBeUndefined();
  });

  it('does not match a greedy parameter with nothing after it', () => {
    expect(new RouteTable([{ routeKey: 'GET /files/{proxy+}', target: 1 }]).match('GET', '/files/')).toBeUndefined();
  });
});

describe('buildHttpApiEvent', () => {
  const request = (overrides: Partial<ReceivedRequest>): ReceivedRequest => ({
    method: 'POST',
    url: '/v1/items/a%2Fb?tag=x&tag=y&q=1',
    rawHeaders: ['Host', 'localhost:3000', 'X-Trace', 'one', 'x-trace', 'two', 'Cookie', 'a=1; b=2', 'User-Agent', 'vitest'],
    body: Buffer.from('{"ok":true}'),
    sourceIp: '::ffff:127.0.0.1',
    httpVersion: '1.1',
    ...overrides,
  });
  const target = {
    accountId: '000000000000',
    apiId: 'abc123defg',
    stage: '$default',
    routeKey: 'POST /v1/items/{id}',
    pathParameters: { id: 'a/b' },
    requestId: 'JKJaXmPLvHcESHA=',
    receivedAt: new Date(Date.UTC(2020, 2, 12, 19, 3, 58)),
  };

  it('builds the payload format 2.0 event API Gateway sends', () => {
    const event = buildHttpApiEvent(request({ rawHeaders: [...request({}).rawHeaders, 'Content-Type', 'application/json'] }), target);

    expect(event).toEqual({
      version: '2.0',
      routeKey: 'POST /v1/items/{id}',
      rawPath: '/v1/items/a%2Fb',
      rawQueryString: 'tag=x&tag=y&q=1',
      cookies: ['a=1', 'b=2'],
      headers: {
        host: 'localhost:3000',
        'x-trace': 'one,two',
        'user-agent': 'vitest',
        'content-type': 'application/json',
        'x-forwarded-proto': 'http',
        'x-forwarded-port': '3000',
      },
      queryStringParameters: { tag: 'x,y', q: '1' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'abc123defg',
        domainName: 'localhost:3000',
        domainPrefix: 'localhost',
        http: { method: 'POST', path: '/v1/items/a%2Fb', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
        requestId: 'JKJaXmPLvHcESHA=',
        routeKey: 'POST /v1/items/{id}',
        stage: '$default',
        time: '12/Mar/2020:19:03:58 +0000',
        timeEpoch: 1584039838000,
      },
      pathParameters: { id: 'a/b' },
      body: '{"ok":true}',
      isBase64Encoded: false,
    });
  });

  it('base64-encodes a body that is not text', () => {
    const event = buildHttpApiEvent(
      request({ rawHeaders: ['Content-Type', 'image/png'], body: Buffer.from([137, 80, 78, 71]) }),
      target,
    );

    expect(event.isBase64Encoded).toBe(true);
    expect(event.body).toBe(Buffer.from([137, 80, 78, 71]).toString('base64'));
  });

  it('keeps query parameters and headers named like prototype properties as plain values', () => {
    const event = buildHttpApiEvent(
      request({ url: '/x?constructor=a&__proto__=b&constructor=c', rawHeaders: ['Constructor', 'd', '__proto__', 'e', 'toString', 'f'] }),
      target,
    );

    expect(Object.entries(event.queryStringParameters ?? {})).toEqual([['constructor', 'a,c'], ['__proto__', 'b']]);
    expect(Object.entries(event.headers)).toEqual(expect.arrayContaining([['constructor', 'd'], ['__proto__', 'e'], ['tostring', 'f']]));
  });

  it('leaves out cookies, query parameters, path parameters and body when the request has none', () => {
    const event = buildHttpApiEvent(request({ url: '/health', rawHeaders: [], body: Buffer.alloc(0) }), {
      ...target,
      pathParameters: {},
    });

    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
    expect(event).not.toHaveProperty('body');
    expect(event.rawQueryString).toBe('');
    expect(event.isBase64Encoded).toBe(false);
  });
});

describe('toApiResponse', () => {
  it('sends a structured result as it is, decoding a base64 body', () => {
    expect(
      toApiResponse({
        statusCode: 201,
        headers: { 'Content-Type': 'application/pdf', 'X-Count': 2 },
        cookies: ['s=1'],
        body: Buffer.from('%PDF').toString('base64'),
        isBase64Encoded: true,
      }),
    ).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/pdf', 'x-count': '2' },
      cookies: ['s=1'],
      body: Buffer.from('%PDF'),
    });
  });

  it('sends any other result as JSON with status 200', () => {
    expect(toApiResponse({ id: 1 })).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from('{"id":1}'),
    });
    expect(toApiResponse('ok').body.toString()).toBe('"ok"');
    expect(toApiResponse(null).body.toString()).toBe('null');
  });

  it('refuses a result whose status code or body API Gateway could not use', () => {
    expect(() => toApiResponse({ statusCode: 'teapot' })).toThrow(MalformedLambdaResponse);
    expect(() => toApiResponse({ statusCode: 200, body: { not: 'a string' } })).toThrow(MalformedLambdaResponse);
  });
});

describe('CORS', () => {
  const cors = {
    allowOrigins: ['http://localhost:5173'],
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['content-type', 'authorization'],
    exposeHeaders: ['location'],
    allowCredentials: false,
    maxAge: 600,
  };

  it('answers a preflight from an allowed origin', () => {
    expect(
      preflightHeaders(cors, 'OPTIONS', { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' }),
    ).toEqual({
      'access-control-allow-origin': 'http://localhost:5173',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'content-type,authorization',
      'access-control-max-age': '600',
    });
    expect(preflightHeaders(cors, 'OPTIONS', { origin: 'http://evil.example', 'access-control-request-method': 'POST' })).toEqual({});
    expect(preflightHeaders(cors, 'GET', { origin: 'http://localhost:5173' })).toBeUndefined();
  });

  it('replaces the CORS headers of a response with the API configuration', () => {
    expect(applyCors(cors, 'http://localhost:5173', { 'access-control-allow-origin': '*', 'content-type': 'text/plain' })).toEqual({
      'content-type': 'text/plain',
      'access-control-allow-origin': 'http://localhost:5173',
      'access-control-expose-headers': 'location',
      vary: 'Origin',
    });
  });
});
