import { describe, expect, it } from 'vitest';
import { demoBrand, demoRouteRules } from '../../local/seed/demo-brand';
import { GRADES, type Product } from '../../shared/domain/catalog';
import { UnprocessableError } from '../../shared/domain/errors';
import { decideRoute, type CategoryRouteRules, type RouteRules } from '../../shared/domain/routing';
import { errorOf } from '../support/errors';

const phone: Product = {
  sku: 'PHONE-1',
  name: 'Phone One',
  category: 'smartphone',
  newPrice: { amount: 100_000, currency: 'EUR' },
  weightGrams: 190,
};

const smartphoneRules: CategoryRouteRules = {
  resaleShare: { LIKE_NEW: 0.5, GOOD: 0.4, FAIR: 0.25, DEFECTIVE: 0.05 },
  repair: {
    restoresTo: 'GOOD',
    estimates: { FAIR: { minutes: 60, partsCost: 5_000 }, DEFECTIVE: { minutes: 120, partsCost: 15_000 } },
  },
  handlingCost: 2_000,
  recyclingValue: 1_000,
};

const rulesWith = (overrides: Partial<CategoryRouteRules> = {}): RouteRules => ({
  currency: 'EUR',
  labourRatePerHour: 6_000,
  categories: { smartphone: { ...smartphoneRules, ...overrides } },
});

const rules = rulesWith();

describe('decideRoute', () => {
  it('resells a like-new item as it is', () => {
    const decision = decideRoute({ product: phone, grade: 'LIKE_NEW', rules });

    expect(decision.route).toBe('RESELL');
    expect(decision.reason).toBe('Reselling as is recovers €480.00 net, more than recycling (€10.00)');
    expect(decision.basis).toMatchObject({ kind: 'ECONOMICS', resellMargin: 48_000, repairMargin: null });
  });

  it('reports the economics of reselling: the expected resale less handling', () => {
    const { economics } = decideRoute({ product: phone, grade: 'LIKE_NEW', rules });

    expect(economics).toEqual({
      expectedResale: 50_000,
      repairCost: null,
      handlingCost: 2_000,
      recyclingValue: 1_000,
      channelFee: 0,
      resellMargin: 48_000,
      repairMargin: null,
    });
  });

  it('takes the channel fee out of every resale, as is and after a repair', () => {
    // 10 % of the price, as a function of the price it is charged on.
    const decision = decideRoute({ product: phone, grade: 'FAIR', rules, channelFee: (price) => price / 10 });

    // As is: 250.00 − 25.00 fee − 20.00 handling; repaired: 400.00 − 40.00 fee − 110.00 repair − 20.00 handling.
    expect(decision.economics).toMatchObject({ channelFee: 2_500, resellMargin: 20_500, repairMargin: 23_000 });
    expect(decision.reason).toBe('Repairing to GOOD recovers €230.00 net, more than reselling as is (€205.00) and recycling (€10.00)');
  });

  it('repairs a fair item when its resale as a good one, less repair and handling, earns the most', () => {
    const decision = decideRoute({ product: phone, grade: 'FAIR', rules });

    // Repaired: 400.00 resale − (60 min at 60.00/h + 50.00 parts) − 20.00 handling = 270.00; as is: 250.00 − 20.00.
    expect(decision.route).toBe('REPAIR');
    expect(decision.economics).toMatchObject({ repairCost: 11_000, repairMargin: 27_000, resellMargin: 23_000 });
    expect(decision.reason).toBe(
      'Repairing to GOOD recovers €270.00 net, more than reselling as is (€230.00) and recycling (€10.00)',
    );
    // The facts of that sentence, for the console to word in its own language.
    expect(decision.basis).toEqual({ kind: 'ECONOMICS', currency: 'EUR', resellMargin: 23_000, repairMargin: 27_000, recyclingValue: 1_000, restoresTo: 'GOOD' });
  });

  it('prices the labour at the repair partner’s rate when one is given', () => {
    const { economics } = decideRoute({ product: phone, grade: 'FAIR', rules, labourRatePerHour: 3_000 });

    expect(economics.repairCost).toBe(3_000 + 5_000);
  });

  it('resells a fair item as it is when the repair costs more than it adds', () => {
    const costlyParts = rulesWith({ repair: { restoresTo: 'GOOD', estimates: { FAIR: { minutes: 60, partsCost: 10_000 } } } });

    const decision = decideRoute({ product: phone, grade: 'FAIR', rules: costlyParts });

    expect(decision.route).toBe('RESELL');
    expect(decision.reason).toBe('Reselling as is recovers €230.00 net, more than recycling (€10.00) and repairing (€220.00)');
  });

  it('recycles an item when neither reselling nor repairing earns more than recycling', () => {
    const cheapPhone: Product = { ...phone, newPrice: { amount: 5_000, currency: 'EUR' } };

    const decision = decideRoute({ product: cheapPhone, grade: 'DEFECTIVE', rules });

    expect(decision.route).toBe('RECYCLE');
    expect(decision.reason).toBe('Neither reselling as is (-€17.50) nor repairing (-€270.00) beats recycling (€10.00)');
    expect(decision.basis).toEqual({ kind: 'ECONOMICS', currency: 'EUR', resellMargin: -1_750, repairMargin: -27_000, recyclingValue: 1_000, restoresTo: 'GOOD' });
  });

  it('resells rather than repairs when both earn the same', () => {
    const evenRepair = rulesWith({ repair: { restoresTo: 'GOOD', estimates: { FAIR: { minutes: 60, partsCost: 9_000 } } } });

    const decision = decideRoute({ product: phone, grade: 'FAIR', rules: evenRepair });

    expect(decision.economics.repairMargin).toBe(decision.economics.resellMargin);
    expect(decision.route).toBe('RESELL');
    expect(decision.reason).toBe(
      'Reselling as is recovers €230.00 net, more than recycling (€10.00) and as much as repairing, which it wins as the quicker sale',
    );
  });

  it('recycles when reselling earns exactly the recycling value', () => {
    const decision = decideRoute({ product: phone, grade: 'LIKE_NEW', rules: rulesWith({ recyclingValue: 48_000 }) });

    expect(decision.route).toBe('RECYCLE');
  });

  it('recycles when repairing earns exactly the recycling value', () => {
    const decision = decideRoute({ product: phone, grade: 'DEFECTIVE', rules: rulesWith({ recyclingValue: 11_000 }) });

    expect(decision.economics.repairMargin).toBe(11_000);
    expect(decision.route).toBe('RECYCLE');
  });

  it('does not repair an item already in the grade a repair restores', () => {
    const goodEstimate = rulesWith({
      repair: { restoresTo: 'GOOD', estimates: { GOOD: { minutes: 10, partsCost: 0 } } },
    });

    const decision = decideRoute({ product: phone, grade: 'GOOD', rules: goodEstimate });

    expect(decision.economics).toMatchObject({ repairCost: null, repairMargin: null });
    expect(decision.route).toBe('RESELL');
  });

  it('does not repair a grade the brand has no repair estimate for', () => {
    const fairOnly = rulesWith({ repair: { restoresTo: 'GOOD', estimates: { FAIR: { minutes: 60, partsCost: 5_000 } } } });

    const decision = decideRoute({ product: phone, grade: 'DEFECTIVE', rules: fairOnly });

    expect(decision.economics.repairMargin).toBeNull();
    expect(decision.route).toBe('RESELL');
  });

  it('follows a route the brand forces for the grade, whatever it earns, and says so', () => {
    const neverRepairDefective = rulesWith({ forcedRoutes: { DEFECTIVE: 'RECYCLE' } });

    const decision = decideRoute({ product: phone, grade: 'DEFECTIVE', rules: neverRepairDefective });

    expect(decision.route).toBe('RECYCLE');
    expect(decision.reason).toBe('The brand routes every smartphone in grade DEFECTIVE to RECYCLE');
    expect(decision.basis).toEqual({ kind: 'FORCED', category: 'smartphone', grade: 'DEFECTIVE' });
    expect(decision.economics.repairMargin).toBe(11_000);
  });

  it('decides the grades the brand forces no route for by their economics', () => {
    const forcedDefective = rulesWith({ forcedRoutes: { DEFECTIVE: 'RECYCLE' } });

    expect(decideRoute({ product: phone, grade: 'FAIR', rules: forcedDefective }).route).toBe('REPAIR');
  });

  it('refuses a category without route rules', () => {
    const jacket: Product = { ...phone, category: 'jacket' };

    const error = errorOf(UnprocessableError, () => decideRoute({ product: jacket, grade: 'GOOD', rules }));

    expect(error.message).toBe('No route rules configured for category "jacket"');
  });

  it('refuses a category named like a property every object has', () => {
    const odd: Product = { ...phone, category: 'constructor' };

    expect(() => decideRoute({ product: odd, grade: 'GOOD', rules })).toThrow(UnprocessableError);
  });

  it('refuses a product priced in another currency than the rules', () => {
    const inFrancs: Product = { ...phone, newPrice: { amount: 100_000, currency: 'CHF' } };

    const error = errorOf(UnprocessableError, () => decideRoute({ product: inFrancs, grade: 'GOOD', rules }));

    expect(error.message).toBe('Product PHONE-1 is priced in CHF, but the route rules are in EUR');
  });
});

describe('the demo brand’s route rules', () => {
  const productGrades = demoBrand.products.flatMap((product) => GRADES.map((grade) => [product.sku, grade] as const));
  const productOf = (sku: string) => demoBrand.products.find((product) => product.sku === sku)!;

  it.each(productGrades)('route %s in grade %s', (sku, grade) => {
    expect(() => decideRoute({ product: productOf(sku), grade, rules: demoRouteRules })).not.toThrow();
  });

  it('resell a like-new phone and repair a fair one', () => {
    const phoneX2 = productOf('DO-PHONE-X2-128');

    expect(decideRoute({ product: phoneX2, grade: 'LIKE_NEW', rules: demoRouteRules }).route).toBe('RESELL');
    expect(decideRoute({ product: phoneX2, grade: 'FAIR', rules: demoRouteRules }).route).toBe('REPAIR');
  });

  it('resole worn-through boots even at a loss', () => {
    const decision = decideRoute({ product: productOf('DO-BOOT-RIDGELINE-42'), grade: 'DEFECTIVE', rules: demoRouteRules });

    expect(decision.route).toBe('REPAIR');
    expect(decision.economics.repairMargin).toBeLessThan(decision.economics.recyclingValue);
  });
});

