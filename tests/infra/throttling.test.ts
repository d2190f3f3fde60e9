import { beforeAll, describe, expect, it } from 'vitest';
import { routeKeyOf, STAGE_THROTTLE, THROTTLE_TIERS, throttleTierOf } from '../../shared/schemas/route-throttling';
import { API_ROUTES } from '../../shared/schemas/routes';
import { type Resource, SynthesizedStack } from '../support/stack-template';

describe('API throttling in the stack', () => {
  let stage: Resource;
  let routeIds: string[];

  beforeAll(() => {
    const synthesized = new SynthesizedStack();
    const stages = synthesized.ofType('AWS::ApiGatewayV2::Stage');
    expect(stages).toHaveLength(1);
    stage = synthesized.template.toJSON().Resources[stages[0]![0]];
    routeIds = synthesized.ofType('AWS::ApiGatewayV2::Route').map(([id]) => id);
  });

  it('gives every operation of the route contract its own route settings, with the limit of its tier', () => {
    const settings = stage.Properties.RouteSettings as Record<string, unknown>;
    expect(Object.keys(settings).sort()).toEqual(API_ROUTES.map(routeKeyOf).sort());
    for (const route of API_ROUTES) {
      const limit = THROTTLE_TIERS[throttleTierOf(route)];
      expect(settings[routeKeyOf(route)], routeKeyOf(route)).toEqual({
        ThrottlingRateLimit: limit.rateLimit,
        ThrottlingBurstLimit: limit.burstLimit,
      });
    }
  });

  it('throttles customer routes tighter than shop and webhook routes, and those tighter than staff routes', () => {
    const settings = stage.Properties.RouteSettings as Record<string, { ThrottlingRateLimit: number }>;
    expect(settings['POST /v1/brands/{brand}/take-backs']!.ThrottlingRateLimit).toBe(THROTTLE_TIERS.customer.rateLimit);
    expect(settings['POST /v1/take-backs/{id}/counter-offer']!.ThrottlingRateLimit).toBe(THROTTLE_TIERS.customer.rateLimit);
    expect(settings['POST /v1/vouchers/{code}/redeem']!.ThrottlingRateLimit).toBe(THROTTLE_TIERS.integration.rateLimit);
    expect(settings['POST /v1/webhooks/repair-partners/{partnerId}']!.ThrottlingRateLimit).toBe(THROTTLE_TIERS.integration.rateLimit);
    expect(settings['POST /v1/passports/{id}/grading']!.ThrottlingRateLimit).toBe(THROTTLE_TIERS.staff.rateLimit);
    expect(THROTTLE_TIERS.customer.rateLimit).toBeLessThan(THROTTLE_TIERS.integration.rateLimit);
    expect(THROTTLE_TIERS.integration.rateLimit).toBeLessThan(THROTTLE_TIERS.staff.rateLimit);
  });

  it('keeps a stage-wide default and creates the stage after the routes its settings name', () => {
    expect(stage.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: STAGE_THROTTLE.rateLimit,
      ThrottlingBurstLimit: STAGE_THROTTLE.burstLimit,
    });
    expect([...((stage as Resource & { DependsOn?: string[] }).DependsOn ?? [])].sort()).toEqual(expect.arrayContaining(routeIds.sort()));
  });
});
