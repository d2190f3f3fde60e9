import { describe, expect, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { demoResale } from '../../local/seed/demo-resale';
import { demoRouting } from '../../local/seed/repair-network';
import type { BrandCatalog, Product } from '../../shared/domain/catalog';
import { findLosingCombinations } from '../../shared/domain/economics-guard';
import { highestChannelFee } from '../../shared/domain/listing-price';

/** Every combination that loses money, in full. */
const lossesOf = (catalog: BrandCatalog) => findLosingCombinations(catalog).listed;

const demo: BrandCatalog = { ...demoBrand, config: { ...demoBrand.config, routing: demoRouting } };

const phone: Product = { sku: 'P-1', name: 'Phone', category: 'phone', newPrice: { amount: 100_000, currency: 'EUR' }, weightGrams: 200 };

/** One phone, resold as it is in every grade at half, a third, a fifth and a tenth of its new price, no channel fee. */
const brandWith = (config: Partial<BrandCatalog['config']> = {}): BrandCatalog => ({
  products: [phone],
  questions: [],
  config: {
    ...demoBrand.config,
    brand: 'guarded',
    resale: undefined,
    labelCost: { amount: 500, currency: 'EUR' },
    offerRules: {
      phone: {
        LIKE_NEW: { minShare: 0.3, maxShare: 0.4 },
        GOOD: { minShare: 0.2, maxShare: 0.25 },
        FAIR: { minShare: 0.1, maxShare: 0.12 },
        DEFECTIVE: { minShare: 0, maxShare: 0.02 },
      },
    },
    payouts: { rules: { currency: 'EUR', voucherExpiryDays: 365, tiers: {} } },
    routing: {
      gradingTolerance: 0.1,
      rules: {
        currency: 'EUR',
        labourRatePerHour: 6_000,
        categories: {
          phone: {
            resaleShare: { LIKE_NEW: 0.5, GOOD: 0.33, FAIR: 0.2, DEFECTIVE: 0.1 },
            repair: { restoresTo: 'GOOD', estimates: {} },
            handlingCost: 1_500,
            recyclingValue: 300,
          },
        },
      },
    },
    ...config,
  },
});

describe('findLosingCombinations', () => {
  it('finds no combination of the demo brand that pays more than the item recovers', () => {
    expect(lossesOf(demo)).toEqual([]);
  });

  it('checks all 8 demo products × 4 grades × 2 segments × 2 methods, so a loss anywhere shows', () => {
    // Without its consent to lose money on worn clothing, the demo brand loses on it.
    const withoutConsent: BrandCatalog = {
      ...demo,
      config: {
        ...demo.config,
        offerRules: Object.fromEntries(
          Object.entries(demo.config.offerRules).map(([category, grades]) => [
            category,
            Object.fromEntries(Object.entries(grades).map(([grade, { minShare, maxShare }]) => [grade, { minShare, maxShare }])),
          ]),
        ) as BrandCatalog['config']['offerRules'],
      },
    };

    const losses = lossesOf(withoutConsent);

    expect(new Set(losses.map((loss) => `${loss.sku} ${loss.grade}`))).toEqual(
      new Set(['DO-JKT-ALPENGLOW-M DEFECTIVE', 'DO-JKT-FJELL-DOWN-W DEFECTIVE', 'DO-JEANS-HARBOUR-32 FAIR', 'DO-JEANS-HARBOUR-32 DEFECTIVE', 'DO-BOOT-RIDGELINE-42 DEFECTIVE']),
    );
    // Every segment and method of each losing product and grade is listed.
    expect(losses).toHaveLength(5 * 4);
  });

  it('passes rules whose every payout stays within what the item recovers', () => {
    // LIKE_NEW: pays at most 400.00, recovers 500.00 − 15.00 handling − 5.00 label = 480.00.
    expect(lossesOf(brandWith())).toEqual([]);
  });

  it('lists a loss with the payout, its cost, the recovery and the rules that pay', () => {
    const generous = brandWith({
      payouts: { rules: { currency: 'EUR', voucherExpiryDays: 365, tiers: { grade: { LIKE_NEW: { percent: 25 } } } } },
    });

    const losses = lossesOf(generous);

    // 400.00 + 25 % = 500.00 paid; 480.00 recovered; for both segments and both methods (vouchers at face value).
    expect(losses).toHaveLength(4);
    expect(losses[0]).toEqual({
      sku: 'P-1',
      category: 'phone',
      grade: 'LIKE_NEW',
      segment: 'NEW',
      method: 'VOUCHER',
      route: 'RESELL',
      payout: { amount: 50_000, currency: 'EUR' },
      payoutCost: { amount: 50_000, currency: 'EUR' },
      recovery: { amount: 48_000, currency: 'EUR' },
      loss: { amount: 2_000, currency: 'EUR' },
      rules: ['/config/offerRules/phone/LIKE_NEW', '/config/payouts/rules/tiers/grade/LIKE_NEW'],
    });
  });

  it('counts a voucher at what it costs the brand', () => {
    const voucherBonus = { currency: 'EUR', voucherExpiryDays: 365, tiers: { voucher: { percent: 30 } } };

    const atFaceValue = lossesOf(brandWith({ payouts: { rules: voucherBonus } }));
    const atCost = lossesOf(brandWith({ payouts: { rules: voucherBonus, voucherCostRatio: 0.6 } }));

    // LIKE_NEW: 400.00 + 30 % = 520.00 against 480.00 recovered; GOOD: 250.00 + 30 % = 325.00 against
    // 330.00 − 15.00 − 5.00 = 310.00. At a cost ratio of 0.6 they cost 312.00 and 195.00.
    expect(atFaceValue.map((loss) => [loss.grade, loss.method, loss.payoutCost.amount])).toEqual([
      ['LIKE_NEW', 'VOUCHER', 52_000],
      ['LIKE_NEW', 'VOUCHER', 52_000],
      ['GOOD', 'VOUCHER', 32_500],
      ['GOOD', 'VOUCHER', 32_500],
    ]);
    expect(atCost).toEqual([]);
  });

  it('takes the highest fee of the switched-on channels out of the resale', () => {
    // Refurbed keeps 12 %, the most of the demo's channels. LIKE_NEW: 500.00 − 60.00 − 15.00 − 5.00 = 420.00
    // against 400.00 + 10 % = 440.00; GOOD: 330.00 − 39.60 − 20.00 = 270.40 against 250.00 + 10 % = 275.00.
    const rules = { currency: 'EUR', voucherExpiryDays: 365, tiers: { segment: { RETURNING: { percent: 10 } } } };
    const losses = lossesOf(brandWith({ resale: demoResale, payouts: { rules, voucherCostRatio: 0.5 } }));

    expect(losses.map((loss) => [loss.grade, loss.segment, loss.method, loss.recovery.amount])).toEqual([
      ['LIKE_NEW', 'RETURNING', 'BANK_TRANSFER', 42_000],
      ['GOOD', 'RETURNING', 'BANK_TRANSFER', 27_040],
    ]);
  });

  it("recovers no more than the brand's listing price rules would list the item at, where they net less than the route rules expect", () => {
    // The route rules expect LIKE_NEW to resell at 0.5 of 1,000.00; the price rules list it at 0.05 (50.00 net, the
    // fee added to the buyer's price): 50.00 − 15.00 handling − 5.00 label = 30.00 against a payout of up to 400.00.
    const priceRules = { shareOfNewPrice: { LIKE_NEW: 0.05, GOOD: 0.05, FAIR: 0.05, DEFECTIVE: 0.05 }, repairedShare: 0.05, floor: { amount: 100, currency: 'EUR' } };
    const losses = lossesOf(brandWith({ resale: { ...demoResale, priceRules } }));
    expect(losses.filter((loss) => loss.grade === 'LIKE_NEW').map((loss) => [loss.route, loss.payout.amount, loss.recovery.amount])).toEqual([
      ['RESELL', 40_000, 3_000],
      ['RESELL', 40_000, 3_000],
      ['RESELL', 40_000, 3_000],
      ['RESELL', 40_000, 3_000],
    ]);
    // A repair is held to the repaired share: GOOD restored from FAIR in 30 minutes (30.00) and 20.00 of parts nets
    // 0.05 × 1,000.00 − 50.00 − 15.00 − 5.00 = −20.00.
    const repairing = brandWith({ resale: { ...demoResale, priceRules } });
    const categories = repairing.config.routing!.rules.categories;
    categories.phone = { ...categories.phone!, resaleShare: { LIKE_NEW: 0.5, GOOD: 0.45, FAIR: 0.05, DEFECTIVE: 0.01 }, repair: { restoresTo: 'GOOD', estimates: { FAIR: { minutes: 30, partsCost: 2_000 } } } };
    expect(lossesOf(repairing).find((loss) => loss.grade === 'FAIR')).toMatchObject({ route: 'REPAIR', recovery: { amount: -2_000 } });
    // With no channel switched on the brand resells elsewhere, and the route rules' estimate stands.
    const offChannels = Object.fromEntries(Object.entries(demoResale.channels).map(([name, channel]) => [name, { ...channel, enabled: false }]));
    expect(lossesOf(brandWith({ resale: { ...demoResale, priceRules, channels: offChannels } }))).toEqual([]);
  });

  it('values a route forced to REPAIR without a repair estimate at what the repaired listing nets, not at the resale as is', () => {
    // Every LIKE_NEW and GOOD phone goes to repair, though the rules give no estimate for either; the price rules list a
    // repaired phone at 0.05 of 1,000.00. That nets 50.00 − 15.00 handling − 5.00 label = 30.00 at the most, whatever
    // the repair costs, against a payout of up to 400.00 (LIKE_NEW) and 250.00 (GOOD).
    const priceRules = { ...demoResale.priceRules, repairedShare: 0.05, floor: { amount: 100, currency: 'EUR' } };
    const forced = brandWith({ resale: { ...demoResale, priceRules } });
    forced.config.routing!.rules.categories.phone!.forcedRoutes = { LIKE_NEW: 'REPAIR', GOOD: 'REPAIR' };

    const losses = lossesOf(forced);

    expect(losses.filter((loss) => loss.grade === 'LIKE_NEW' || loss.grade === 'GOOD').map((loss) => [loss.grade, loss.route, loss.recovery.amount])).toEqual([
      ...Array.from({ length: 4 }, () => ['LIKE_NEW', 'REPAIR', 3_000]),
      ...Array.from({ length: 4 }, () => ['GOOD', 'REPAIR', 3_000]),
    ]);
  });

  it('takes the repair estimate of a grade a forced repair starts from, even one the rules would not repair by their economics', () => {
    // LIKE_NEW is better than the GOOD a repair restores, so the route rules never choose to repair it; forced, its
    // estimate of 30 minutes (30.00) and 20.00 of parts comes off the repaired listing's 0.62 × 1,000.00: 620.00 −
    // 50.00 − 15.00 − 5.00 = 550.00 by the price rules, but the route rules' GOOD resale of 330.00 less Refurbed's
    // 12 % (39.60) nets less: 330.00 − 39.60 − 50.00 − 15.00 − 5.00 = 220.40 against a payout of up to 400.00.
    const forced = brandWith({ resale: demoResale });
    const phoneRules = forced.config.routing!.rules.categories.phone!;
    forced.config.routing!.rules.categories.phone = { ...phoneRules, forcedRoutes: { LIKE_NEW: 'REPAIR' }, repair: { restoresTo: 'GOOD', estimates: { LIKE_NEW: { minutes: 30, partsCost: 2_000 } } } };

    expect(lossesOf(forced).map((loss) => [loss.grade, loss.route, loss.recovery.amount])).toEqual(Array.from({ length: 4 }, () => ['LIKE_NEW', 'REPAIR', 22_040]));
  });

  it('counts every losing combination of a large catalogue but sets out only as many as asked', () => {
    const generous = brandWith({ payouts: { rules: { currency: 'EUR', voucherExpiryDays: 365, tiers: { grade: { LIKE_NEW: { percent: 25 } } } } } });
    const phones = Array.from({ length: 40 }, (_, index) => ({ ...phone, sku: `P-${index + 1}` }));
    const catalogue = { ...generous, products: phones };

    const found = findLosingCombinations(catalogue, { listAtMost: 100 });

    // 40 phones × 2 segments × 2 methods, each LIKE_NEW; the first 100 in the order of the catalogue.
    expect(found.count).toBe(160);
    expect(found.listed).toEqual(lossesOf(catalogue).slice(0, 100));
    expect(found.listed.at(-1)).toMatchObject({ sku: 'P-25', segment: 'RETURNING', method: 'BANK_TRANSFER' });
  });

  it('pays the generous self-assessment its lower bound when grading finds it within the tolerance', () => {
    // Assessed LIKE_NEW (offered 300.00–400.00) and found GOOD, worth up to 280.00: that is within 10 % of
    // 300.00, so the customer is paid 300.00, more than GOOD's own range and more than GOOD's
    // 315.00 − 15.00 − 5.00 = 295.00 recovery.
    const closeGrades = brandWith();
    closeGrades.config.offerRules.phone!.GOOD = { minShare: 0.2, maxShare: 0.28 };
    closeGrades.config.routing!.rules.categories.phone!.resaleShare.GOOD = 0.315;

    const losses = lossesOf(closeGrades);

    expect(losses.map((loss) => [loss.grade, loss.payout.amount, loss.recovery.amount, loss.rules[0]])).toEqual(
      Array.from({ length: 4 }, () => ['GOOD', 30_000, 29_500, '/config/offerRules/phone/LIKE_NEW']),
    );
  });

  it('flags taking back an item that recovers less than its label, even when it pays nothing', () => {
    const costlyLabel = brandWith({ labelCost: { amount: 9_000, currency: 'EUR' } });
    costlyLabel.config.offerRules.phone!.DEFECTIVE = { minShare: 0, maxShare: 0 };

    const defective = lossesOf(costlyLabel).filter((loss) => loss.grade === 'DEFECTIVE');

    // 100.00 resale − 15.00 handling − 90.00 label = −5.00.
    expect(defective.map((loss) => [loss.payout.amount, loss.loss.amount])).toEqual(Array.from({ length: 4 }, () => [0, 500]));
  });

  it('accepts a loss the paying rule consents to, with its reason', () => {
    const generous = brandWith({
      payouts: {
        rules: { currency: 'EUR', voucherExpiryDays: 365, tiers: { grade: { LIKE_NEW: { percent: 25, acceptLoss: { reason: 'Launch campaign, budget 2027-Q1' } } } } },
      },
    });

    expect(lossesOf(generous)).toEqual([]);
  });

  it('has nothing to check for a brand that cannot grade yet', () => {
    expect(lossesOf(brandWith({ routing: undefined }))).toEqual([]);
  });
});

describe('highestChannelFee', () => {
  it('charges what the most expensive switched-on channel keeps', () => {
    expect(highestChannelFee(demoResale)(30_000)).toBe(3_600);
  });

  it('charges nothing when the brand sells on no channel', () => {
    expect(highestChannelFee(undefined)(30_000)).toBe(0);
  });
});
