import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { ConflictError, NotFoundError } from '../../shared/domain/errors';
import { apiHandler, fileResult, type IdempotencyGuard } from '../../shared/http/api-handler';
import { UnauthenticatedError } from '../../shared/http/staff';

const context = { functionName: 'test', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function anEvent(overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /v1/brands/{brand}/quotes',
    rawPath: '/v1/brands/demo/quotes',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'api.example.org', 'x-forwarded-proto': 'https' },
    pathParameters: { brand: 'demo' },
    requestContext: { domainName: 'api.example.org', http: { method: 'POST' } } as APIGatewayProxyEventV2['requestContext'],
    body: JSON.stringify({ sku: 'A-1', answers: { screen: 'flawless' } }),
    isBase64Encoded: false,
    ...overrides,
  };
}

/** A request as a route without a body gets it: none. */
const bodyless = (overrides: Partial<APIGatewayProxyEventV2> = {}) => anEvent({ body: undefined, ...overrides });

const echo = apiHandler(
  {
    path: z.object({ brand: z.string().check(z.regex(/^[a-z]+$/)) }),
    body: z.strictObject({ sku: z.string().check(z.minLength(1)), answers: z.record(z.string(), z.string()) }),
  },
  async ({ path, body, origin }) => ({ status: 201, body: { brand: path.brand, sku: body.sku, origin } }),
);

async function call(handler: typeof echo, event: APIGatewayProxyEventV2) {
  const response = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
  return { status: response.statusCode, headers: response.headers ?? {}, body: response.body ? JSON.parse(response.body) : undefined };
}

describe('apiHandler', () => {
  it('hands the validated request to the route and answers JSON', async () => {
    const response = await call(echo, anEvent());
    expect(response).toMatchObject({ status: 201, body: { brand: 'demo', sku: 'A-1', origin: 'https://api.example.org' } });
    expect(response.headers['content-type']).toBe('application/json');
  });

  it('answers a route without a body (204) with no content type, so clients parse nothing', async () => {
    const deleted = apiHandler({ path: z.object({ brand: z.string() }) }, async () => ({ status: 204 }));
    const response = await call(deleted, bodyless());
    expect(response).toMatchObject({ status: 204, body: undefined });
    expect(response.headers['content-type']).toBeUndefined();
  });

  it('refuses a body on a route that takes none with 400 and runs nothing, takes an empty JSON object as none, and lets a route that reads the bytes itself have them', async () => {
    let runs = 0;
    const cancel = apiHandler({ path: z.object({ brand: z.string() }) }, async () => {
      runs += 1;
      return { status: 200, body: { cancelled: true } };
    });
    const encoded = Buffer.from('{"reason":"moved"}').toString('base64');
    for (const body of ['{', '{"reason":"moved"}', '[]', '<x/>', encoded]) {
      const response = await call(cancel, anEvent({ body, isBase64Encoded: body === encoded }));
      expect(response).toMatchObject({ status: 400, body: { detail: 'This request takes no body: send it without one.', errors: [{ in: 'body', path: [] }] } });
      expect(response.headers['content-type']).toBe('application/problem+json');
    }
    expect(runs).toBe(0);
    expect((await call(cancel, bodyless())).status).toBe(200);
    // No body, an empty one, and an empty JSON object (some clients always send one) say nothing.
    for (const body of ['', ' {\n} ', '{}']) expect((await call(cancel, anEvent({ body }))).status).toBe(200);
    expect(runs).toBe(4);

    const signed = apiHandler({ readsRawBody: true }, async ({ rawBody }) => ({ status: 200, body: { bytes: rawBody.length } }));
    expect(await call(signed, anEvent({ body: '{"id":1}' }))).toMatchObject({ status: 200, body: { bytes: 8 } });
  });

  it('reads a base64-encoded body', async () => {
    const body = Buffer.from(JSON.stringify({ sku: 'B-2', answers: {} })).toString('base64');
    expect((await call(echo, anEvent({ body, isBase64Encoded: true }))).body).toMatchObject({ sku: 'B-2' });
  });

  it('answers an invalid body with 400 problem+json naming every field path', async () => {
    const response = await call(echo, anEvent({ body: JSON.stringify({ sku: '', answers: { screen: 3 }, extra: true }) }));
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.body).toMatchObject({ status: 400, title: 'Invalid request' });
    const paths = response.body.errors.map((e: { in: string; path: unknown[] }) => `${e.in}:${e.path.join('.')}`);
    expect(paths).toEqual(expect.arrayContaining(['body:sku', 'body:answers.screen', 'body:extra']));
    expect(response.body.errors).toContainEqual({ in: 'body', path: ['extra'], message: 'is not a field of this request' });
  });

  it('refuses at its path a number DynamoDB cannot store, before the route runs, however deep the body', async () => {
    let ran = false;
    const grading = apiHandler({ body: z.object({ checks: z.record(z.string(), z.number()), tags: z.optional(z.array(z.unknown())) }) }, async () => {
      ran = true;
      return { status: 200 };
    });
    const answer = await call(grading, anEvent({ body: '{"checks":{"battery-health":1e-200,"screen":0,"case":1e-130},"tags":[1,[2,-1e126]]}' }));
    expect(answer).toMatchObject({ status: 400, body: { detail: "The request's body did not validate." } });
    expect(answer.body.errors).toEqual([
      { in: 'body', path: ['tags', 1, 1], message: 'must be 0 or of a magnitude from 1e-130 to below 1e126' },
      { in: 'body', path: ['checks', 'battery-health'], message: 'must be 0 or of a magnitude from 1e-130 to below 1e126' },
    ]);
    expect(ran).toBe(false);
    // Nested ten thousand deep: named at its path, without a stack overflow.
    const deep = `{"checks":{},"tags":${'['.repeat(10_000)}1e999999${']'.repeat(10_000)}}`;
    const nested = await call(grading, anEvent({ body: deep }));
    expect(nested.status).toBe(400);
    expect(nested.body.errors[0].path).toHaveLength(10_001);
  });

  it('lists the first 100 errors of a body with many thousand, each once, and says how many there were', async () => {
    // Thousands are enough to show the cut; the probe's 70,000 took seconds of zod's time alone on a busy machine.
    const answers = Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`q${i}`, i]));
    const extra = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`x${i}`, true]));
    const response = await call(echo, anEvent({ body: JSON.stringify({ sku: 'A-1', answers, ...extra }) }));
    expect(response).toMatchObject({ status: 400, body: { detail: "The request's body did not validate. The first 100 of its 5000 errors are listed." } });
    expect(response.body.errors).toHaveLength(100);
    expect(response.body.errors[0]).toEqual({ in: 'body', path: ['answers', 'q0'], message: 'must be of type string' });
    expect(JSON.stringify(response.body).length).toBeLessThan(20_000);
    // Errors that say the same of the same field are listed once.
    const twice = apiHandler({ body: z.object({ amount: z.number().check(z.int(), z.int()) }) }, async () => ({ status: 200 }));
    expect((await call(twice, anEvent({ body: '{"amount":1.5}' }))).body.errors).toEqual([{ in: 'body', path: ['amount'], message: 'must be a whole number' }]);
  });

  it('names each query parameter a route does not take, at the parameter, and runs nothing', async () => {
    let ran = false;
    const report = apiHandler({ query: z.strictObject({ from: z.string() }) }, async () => {
      ran = true;
      return { status: 200, body: {} };
    });

    const response = await call(report, bodyless({ queryStringParameters: { from: '2026-01', groupby: 'month', utm_source: 'mail' } }));

    expect(response).toMatchObject({ status: 400, body: { title: 'Invalid request' } });
    expect(response.body.errors).toEqual([
      { in: 'query', path: ['groupby'], message: 'is not a parameter of this route' },
      { in: 'query', path: ['utm_source'], message: 'is not a parameter of this route' },
    ]);
    expect(ran).toBe(false);
  });

  it('refuses every query parameter on a staff route that takes none', async () => {
    let ran = 0;
    const list = apiHandler({ staff: ['admin'] }, async () => {
      ran++;
      return { status: 200, body: {} };
    });
    const asAdmin = (queryStringParameters?: Record<string, string>) =>
      bodyless({
        ...(queryStringParameters ? { queryStringParameters } : {}),
        requestContext: {
          domainName: 'api.example.org',
          http: { method: 'GET' },
          authorizer: { jwt: { claims: { sub: 'admin-1', 'custom:brand': 'demo', 'cognito:groups': '[admin]' }, scopes: [] } },
        } as unknown as APIGatewayProxyEventV2['requestContext'],
      });

    const response = await call(list, asAdmin({ cursor: 'abc', limit: '1' }));

    expect(response).toMatchObject({ status: 400, body: { title: 'Invalid request' } });
    expect(response.body.errors).toEqual([
      { in: 'query', path: ['cursor'], message: 'is not a parameter of this route' },
      { in: 'query', path: ['limit'], message: 'is not a parameter of this route' },
    ]);
    expect(ran).toBe(0);
    expect((await call(list, asAdmin())).status).toBe(200);
  });

  it('refuses every query parameter on a public route that takes none (until 7 December 2026 they were ignored)', async () => {
    const health = apiHandler({}, async () => ({ status: 200, body: {} }));

    const response = await call(health, bodyless({ queryStringParameters: { utm_source: 'mail' } }));

    expect(response).toMatchObject({ status: 400, body: { title: 'Invalid request' } });
    expect(response.body.errors).toEqual([{ in: 'query', path: ['utm_source'], message: 'is not a parameter of this route' }]);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const response = await call(echo, anEvent({ body: '{"sku":' }));
    expect(response).toMatchObject({ status: 400, body: { detail: 'The body is not valid JSON.' } });
  });

  it('answers a missing body and a non-JSON content type with 400', async () => {
    expect((await call(echo, anEvent({ body: undefined }))).status).toBe(400);
    const form = await call(echo, anEvent({ headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    expect(form).toMatchObject({ status: 400, body: { errors: [{ in: 'header', path: ['Content-Type'] }] } });
  });

  it('answers invalid path parameters with 400 located in the path', async () => {
    const response = await call(echo, anEvent({ pathParameters: { brand: 'NOT OK' } }));
    expect(response).toMatchObject({ status: 400, body: { errors: [{ in: 'path', path: ['brand'] }] } });
  });

  it('refuses an Idempotency-Key that is not visible ASCII', async () => {
    const response = await call(echo, anEvent({ headers: { ...anEvent().headers, 'idempotency-key': 'key with spaces' } }));
    expect(response).toMatchObject({ status: 400, body: { errors: [{ in: 'header', path: ['Idempotency-Key'] }] } });
  });

  it('maps typed domain errors to their status with the extensions', async () => {
    const conflict = apiHandler({}, async () => {
      throw new ConflictError('The quote expired.', { validUntil: '2026-01-01T00:00:00.000Z' });
    });
    expect(await call(conflict, bodyless())).toMatchObject({
      status: 409,
      body: { title: 'Conflict', detail: 'The quote expired.', validUntil: '2026-01-01T00:00:00.000Z' },
    });
    const missing = apiHandler({}, async () => {
      throw new NotFoundError('No brand x.');
    });
    expect((await call(missing, bodyless())).status).toBe(404);
  });

  it('answers an unexpected error with a 500 problem that leaks no internals', async () => {
    const broken = apiHandler({}, async () => {
      throw new Error('connection string postgres://secret');
    });
    const response = await call(broken, bodyless());
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.body)).not.toContain('secret');
  });

  it('answers binary results base64-encoded with their content type', async () => {
    const pdf = apiHandler({}, async () => ({ status: 200, binary: new Uint8Array([0x25, 0x50, 0x44, 0x46]), contentType: 'application/pdf' }));
    const response = (await pdf(bodyless(), context)) as APIGatewayProxyStructuredResultV2;
    expect(response).toMatchObject({ statusCode: 200, isBase64Encoded: true, headers: { 'content-type': 'application/pdf' } });
    expect(Buffer.from(response.body!, 'base64').toString()).toBe('%PDF');
  });

  it('answers a file to save or show with its name, kept by no cache on the way, with the headers the route adds', async () => {
    const label = apiHandler({}, async () => fileResult({ bytes: new Uint8Array([0x25, 0x50, 0x44, 0x46]), contentType: 'application/pdf', filename: 'label-1.pdf' }, 'inline'));
    expect(((await label(bodyless(), context)) as APIGatewayProxyStructuredResultV2).headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': 'inline; filename="label-1.pdf"',
      'cache-control': 'private, no-store',
    });
    const csv = fileResult({ bytes: new Uint8Array(), contentType: 'text/csv; charset=utf-8', filename: 'ledger.csv' }, 'attachment', { vary: 'accept' });
    expect(csv.headers).toEqual({ 'cache-control': 'private, no-store', vary: 'accept', 'content-disposition': 'attachment; filename="ledger.csv"' });
  });

  describe('with Idempotency-Key', () => {
    /** A guard that records what it was asked and runs the route, as the real one does on first use. */
    function aGuard() {
      const asked: { scope: string; key: string }[] = [];
      const guard: IdempotencyGuard = {
        async once({ scope, key }, execute) {
          asked.push({ scope, key });
          return execute();
        },
      };
      return { guard, asked };
    }
    const keyed = (guard: IdempotencyGuard, authenticate: () => Promise<string | void>) =>
      apiHandler(
        {
          path: z.object({ brand: z.string().check(z.regex(/^[a-z]+$/)) }),
          body: z.strictObject({ sku: z.string().check(z.minLength(1)), answers: z.record(z.string(), z.string()) }),
          authenticate,
          idempotency: { guard, scope: ({ caller, path }) => `${caller}#${path.brand}` },
        },
        async ({ body }) => ({ status: 201, body: { sku: body.sku } }),
      );
    const withKey = (overrides: Partial<APIGatewayProxyEventV2> = {}) =>
      anEvent({ ...overrides, headers: { 'content-type': 'application/json', 'idempotency-key': 'K', ...overrides.headers } });

    it('looks at the key only after the caller is authenticated, so a replay cannot skip the check', async () => {
      const { guard, asked } = aGuard();
      const refusing = keyed(guard, async () => Promise.reject(new UnauthenticatedError('An x-api-key header with a brand shop key is required.')));
      expect((await call(refusing, withKey())).status).toBe(401);
      expect(asked).toEqual([]);
    });

    it('looks at the key only after the request validated', async () => {
      const { guard, asked } = aGuard();
      const response = await call(keyed(guard, async () => 'key-1'), withKey({ body: JSON.stringify({ sku: '' }) }));
      expect(response.status).toBe(400);
      expect(asked).toEqual([]);
    });

    it('scopes the key to the authenticated caller', async () => {
      const { guard, asked } = aGuard();
      expect((await call(keyed(guard, async () => 'key-1'), withKey())).status).toBe(201);
      expect(asked).toEqual([{ scope: 'key-1#demo', key: 'K' }]);
    });

    it("refuses a query parameter the public route does not read before the key is looked at, so that no part of the query escapes the key's match", async () => {
      const { guard, asked } = aGuard();
      const response = await call(keyed(guard, async () => undefined), withKey({ queryStringParameters: { x: '1' } }));
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ in: 'query', path: ['x'], message: 'is not a parameter of this route' }]);
      expect(asked).toEqual([]);
    });

    it('runs a request without a key plainly', async () => {
      const { guard, asked } = aGuard();
      expect((await call(keyed(guard, async () => 'key-1'), anEvent())).status).toBe(201);
      expect(asked).toEqual([]);
    });

    it('refuses a request without a key where the route requires one, once it is authenticated and valid, and runs nothing', async () => {
      const { guard, asked } = aGuard();
      let ran = 0;
      const required = (authenticate: () => Promise<string | void>) =>
        apiHandler(
          { path: z.object({ brand: z.string() }), authenticate, idempotency: { guard, scope: ({ path }) => path.brand, required: true } },
          async () => ({ status: 200, body: { ran: ++ran } }),
        );

      const refused = await call(required(async () => 'key-1'), bodyless({ headers: {} }));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ errors: [{ in: 'header', path: ['Idempotency-Key'], message: 'required' }] });
      // An unauthenticated caller learns nothing about the route's headers.
      expect((await call(required(async () => Promise.reject(new UnauthenticatedError('no'))), bodyless({ headers: {} }))).status).toBe(401);
      expect((await call(required(async () => 'key-1'), bodyless({ headers: { 'idempotency-key': 'K' } }))).status).toBe(200);
      expect(ran).toBe(1);
      expect(asked).toEqual([{ scope: 'demo', key: 'K' }]);
    });
  });
});
