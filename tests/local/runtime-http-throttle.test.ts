import { afterEach, describe, expect, it } from 'vitest';
import { readHttpApi, type ApiRoute, type HttpApiDefinition } from '../../local/runtime/http-api';
import { startHttpApiServer, type HttpApiServer } from '../../local/runtime/http-server';
import { RouteThrottles } from '../../local/runtime/http-throttle';
import { TemplateResolver } from '../../local/runtime/intrinsics';
import { createLogger } from '../../local/runtime/log';
import type { CfnTemplate } from '../../local/runtime/template';

const LIMIT = { rateLimit: 2, burstLimit: 3 };

describe('RouteThrottles', () => {
  it('lets a burst through up to the burst limit, then refuses with the seconds until the next token', () => {
    let now = 0;
    const throttles = new RouteThrottles({ now: () => now, scale: 1 });

    const verdicts = [1, 2, 3, 4].map(() => throttles.take('POST /quotes', LIMIT));

    expect(verdicts.slice(0, 3)).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    expect(verdicts[3]).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('refills at the rate limit, never above the burst limit', () => {
    let now = 0;
    const throttles = new RouteThrottles({ now: () => now, scale: 1 });
    for (let i = 0; i < 3; i++) throttles.take('POST /quotes', LIMIT);

    now = 1_000;
    expect([1, 2, 3].map(() => throttles.take('POST /quotes', LIMIT).allowed)).toEqual([true, true, false]);
    now = 3_600_000;
    expect([1, 2, 3, 4].map(() => throttles.take('POST /quotes', LIMIT).allowed)).toEqual([true, true, true, false]);
  });

  it('keeps one bucket per route key', () => {
    const throttles = new RouteThrottles({ now: () => 0, scale: 1 });
    for (let i = 0; i < 3; i++) throttles.take('POST /quotes', LIMIT);

    expect(throttles.take('POST /quotes', LIMIT).allowed).toBe(false);
    expect(throttles.take('GET /catalog', LIMIT).allowed).toBe(true);
  });

  it('scales rate and burst by the scale it was given', () => {
    let now = 0;
    const throttles = new RouteThrottles({ now: () => now, scale: 10 });

    expect(Array.from({ length: 31 }, () => throttles.take('POST /quotes', LIMIT).allowed).filter(Boolean)).toHaveLength(30);
    now = 500;
    expect(Array.from({ length: 11 }, () => throttles.take('POST /quotes', LIMIT).allowed).filter(Boolean)).toHaveLength(10);
  });

  it('tells a caller of a route that never refills to come back in a minute', () => {
    const throttles = new RouteThrottles({ now: () => 0, scale: 1 });

    expect(throttles.take('POST /closed', { rateLimit: 0, burstLimit: 0 })).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('refuses a scale that is not a positive number', () => {
    expect(() => new RouteThrottles({ now: () => 0, scale: 0 })).toThrow(/positive/);
    expect(() => new RouteThrottles({ now: () => 0, scale: Number.NaN })).toThrow(/positive/);
  });
});

describe('readHttpApi', () => {
  const template: CfnTemplate = {
    Resources: {
      Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP', Name: 'api' } },
      Quotes: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Api' }, RouteKey: 'POST /quotes' } },
      Catalog: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Api' }, RouteKey: 'GET /catalog' } },
      Stage: {
        Type: 'AWS::ApiGatewayV2::Stage',
        Properties: {
          ApiId: { Ref: 'Api' },
          StageName: '$default',
          DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
          RouteSettings: { 'POST /quotes': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20 } },
        },
      },
    },
  };

  it("gives each route its stage's route settings, else the stage's default route settings", () => {
    const api = readHttpApi(new TemplateResolver(template, { stackName: 'S' }))!;
    const throttleOf = (routeKey: string) => api.routes.find((route) => route.routeKey === routeKey)?.throttle;

    expect(throttleOf('POST /quotes')).toEqual({ rateLimit: 10, burstLimit: 20 });
    expect(throttleOf('GET /catalog')).toEqual({ rateLimit: 50, burstLimit: 100 });
  });
});

describe('the local HTTP API over its throttle', () => {
  let server: HttpApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function serveQuotes(now: () => number) {
    const route: ApiRoute = {
      routeKey: 'POST /quotes',
      functionArn: 'arn:aws:lambda:eu-central-1:000000000000:function:quotes',
      payloadFormatVersion: '2.0',
      integrationType: 'AWS_PROXY',
      authorizationType: 'NONE',
      authorizerId: undefined,
      authorizationScopes: [],
      throttle: LIMIT,
    };
    const definition: HttpApiDefinition = { logicalId: 'Api', apiId: 'api', stage: '$default', routes: [route], authorizers: [], cors: undefined };
    const started = await startHttpApiServer({ port: 0, log: createLogger(true), now: () => new Date(now()) });
    started.serve({
      definition,
      accountId: '000000000000',
      invoke: async () => ({ statusCode: 201, body: '{"quoteId":"q1"}' }),
      authorize: async () => ({ allowed: true, context: undefined }),
    });
    started.setReady(true);
    server = started;
    return (count: number) =>
      Promise.all(Array.from({ length: count }, () => fetch(`${started.origin}/quotes`, { method: 'POST', body: '{}' })));
  }

  it('answers a burst above the limit 429 with Retry-After and a problem document, and serves the route again later', async () => {
    let now = Date.UTC(2026, 0, 1);
    const post = await serveQuotes(() => now);

    const burst = await post(LIMIT.burstLimit + 2);

    expect(burst.map((response) => response.status).sort()).toEqual([201, 201, 201, 429, 429]);
    const refused = burst.find((response) => response.status === 429)!;
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ type: 'about:blank', title: 'Too Many Requests', status: 429 });

    now += 1_000;
    const later = await post(1);
    expect(later[0]!.status).toBe(201);
    expect(await later[0]!.json()).toEqual({ quoteId: 'q1' });
  });
});
