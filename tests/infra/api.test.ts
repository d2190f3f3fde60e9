import { App, Stack } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { Api } from '../../infra/constructs/api';
import { routeKeyOf } from '../../shared/schemas/route-throttling';
import { API_ROUTES } from '../../shared/schemas/routes';

/** An Api in a stack of its own, with inline functions: no bundling, so these checks are quick. */
function apiInStack() {
  const stack = new Stack(new App(), 'ApiOnly');
  const api = new Api(stack, 'Api', { staffAuthorizer: new HttpJwtAuthorizer('Staff', 'https://issuer.example', { jwtAudience: ['console'] }) });
  const fn = (id: string) => new LambdaFunction(stack, id, { runtime: Runtime.NODEJS_22_X, handler: 'index.handler', code: Code.fromInline('exports.handler = async () => ({})') });
  return { stack, api, fn };
}

const entries = [...new Set(API_ROUTES.map((route) => route.handler))];

describe('the Api construct', () => {
  it('routes each operation of the contract to the function served for its entry', () => {
    const { stack, api, fn } = apiInStack();
    for (const [i, entry] of entries.entries()) api.serve(entry, fn(`Fn${i}`));
    const routes = Object.values(Template.fromStack(stack).findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties);
    expect(routes.map((route) => route.RouteKey).sort()).toEqual(API_ROUTES.map(routeKeyOf).sort());
    const staffOperations = API_ROUTES.filter((route) => typeof route.access === 'object').map(routeKeyOf);
    expect(routes.filter((route) => route.AuthorizationType === 'JWT').map((route) => route.RouteKey).sort()).toEqual(staffOperations.sort());
  });

  it('refuses an entry no operation names, and the same entry twice', () => {
    const { api, fn } = apiInStack();
    expect(() => api.serve('take-back/create-label', fn('Label'))).toThrow(/no operation .* names take-back\/create-label/);
    api.serve('platform/health', fn('Health'));
    expect(() => api.serve('platform/health', fn('Health2'))).toThrow(/already served/);
  });

  it('reports every operation whose function was never served', () => {
    const { stack, api, fn } = apiInStack();
    for (const [i, entry] of entries.entries()) if (entry !== 'vouchers/get-voucher') api.serve(entry, fn(`Fn${i}`));
    const errors = stack.node.findAll().flatMap((construct) => construct.node.validate());
    expect(errors).toEqual(['GET /v1/vouchers/{code} names vouchers/get-voucher, which no construct handed to the API']);
  });
});
