import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { demoBrand } from '../../local/seed/demo-brand';
import { demoRouting } from '../../local/seed/repair-network';
import type { BrandCatalog } from '../../shared/domain/catalog';
import { BrandCatalogSchema } from '../../shared/schemas/brand-config';

const demo: BrandCatalog = { ...demoBrand, config: { ...demoBrand.config, routing: demoRouting } };

/** The demo brand with one change made to a deep copy. */
function demoWith(change: (catalog: any) => void): unknown {
  const copy = structuredClone(demo);
  change(copy);
  return copy;
}

const issuesOf = (result: z.core.util.SafeParseResult<unknown>) => (result.success ? [] : result.error.issues.map(({ path, message }) => ({ path, message })));

describe('the brand configuration schema', () => {
  it('accepts the demo brand as it is seeded, unchanged', () => {
    expect(BrandCatalogSchema.parse(demo)).toEqual(demo);
  });

  it.each([
    ['an offer range whose minimum exceeds its maximum', (c: any) => (c.config.offerRules.smartphone.LIKE_NEW.minShare = 0.5), ['config', 'offerRules', 'smartphone', 'LIKE_NEW', 'minShare']],
    ['an offer rule without a grade', (c: any) => delete c.config.offerRules.jeans.DEFECTIVE, ['config', 'offerRules', 'jeans', 'DEFECTIVE']],
    ['an acceptLoss without a reason', (c: any) => (c.config.offerRules.smartphone.GOOD.acceptLoss = { reason: ' ' }), ['config', 'offerRules', 'smartphone', 'GOOD', 'acceptLoss', 'reason']],
    ['a trade-in range whose minimum exceeds its maximum', (c: any) => (c.products[1].tradeIn.GOOD = { min: 40_000, max: 30_000 }), ['products', 1, 'tradeIn', 'GOOD', 'min']],
    ['a voucher cost ratio above 1', (c: any) => (c.config.payouts.voucherCostRatio = 1.5), ['config', 'payouts', 'voucherCostRatio']],
    ['a counter-offer to answer within 2 days', (c: any) => (c.config.counterOfferAnswerDays = 2), ['config', 'counterOfferAnswerDays']],
    ['a counter-offer to answer within 61 days', (c: any) => (c.config.counterOfferAnswerDays = 61), ['config', 'counterOfferAnswerDays']],
    ['a counter-offer window of part of a day', (c: any) => (c.config.counterOfferAnswerDays = 7.5), ['config', 'counterOfferAnswerDays']],
    ['a bonus percent with three decimals', (c: any) => (c.config.payouts.rules.tiers.voucher.percent = 2.555), ['config', 'payouts', 'rules', 'tiers', 'voucher', 'percent']],
    ['a bonus with a negative fixed amount', (c: any) => (c.config.payouts.rules.tiers.category.smartphone.fixed = -500), ['config', 'payouts', 'rules', 'tiers', 'category', 'smartphone', 'fixed']],
    ['an IBAN with wrong check digits', (c: any) => (c.config.payouts.sepaDebtor.iban = 'DE89370400440532013001'), ['config', 'payouts', 'sepaDebtor', 'iban']],
    ['a theme colour that is not #rrggbb', (c: any) => (c.config.theme.primaryColor = 'green'), ['config', 'theme', 'primaryColor']],
    ['a logo on plain http', (c: any) => (c.config.theme.logoUrl = 'http://demo.example/logo.svg'), ['config', 'theme', 'logoUrl']],
    ['a time zone that does not exist', (c: any) => (c.config.timeZone = 'Mars/Olympus_Mons'), ['config', 'timeZone']],
    ['a sender address that is not one', (c: any) => (c.config.senderEmail = 'take-back'), ['config', 'senderEmail']],
    ['a negative label cost', (c: any) => (c.config.labelCost.amount = -549), ['config', 'labelCost', 'amount']],
    ['a resale share above 1', (c: any) => (c.config.resale.priceRules.repairedShare = 1.2), ['config', 'resale', 'priceRules', 'repairedShare']],
    ['an impact factor without a source', (c: any) => (c.config.impactOverrides = [{ category: 'jacket', avoidedKgCo2e: 12, basis: 'per item reused', unit: 'kg CO2e / item', year: 2024, source: '', confidence: 'low', note: 'own LCA' }]), ['config', 'impactOverrides', 0, 'source']],
    ['a route rule without a handling cost', (c: any) => delete c.config.routing.rules.categories.tablet.handlingCost, ['config', 'routing', 'rules', 'categories', 'tablet', 'handlingCost']],
    ['a parcel billing number of 13 digits', (c: any) => (c.config.carrier.dhl.parcels.billingNumbers.V01PAK = '3333333333010'), ['config', 'carrier', 'dhl', 'parcels', 'billingNumbers', 'V01PAK']],
    ['a DHL Paket billing number under the international procedure', (c: any) => (c.config.carrier.dhl.parcels.billingNumbers.V01PAK = '33333333335301'), ['config', 'carrier', 'dhl', 'parcels', 'billingNumbers', 'V01PAK']],
    ['an international billing number under the national procedure', (c: any) => (c.config.carrier.dhl.parcels.billingNumbers.V53WPAK = '33333333330102'), ['config', 'carrier', 'dhl', 'parcels', 'billingNumbers', 'V53WPAK']],
    ['a parcel account without a sender reference', (c: any) => (c.config.carrier.dhl.parcels.shipperRef = ' '), ['config', 'carrier', 'dhl', 'parcels', 'shipperRef']],
    ['a negative parcel cost', (c: any) => (c.config.carrier.dhl.parcels.cost.amount = -439), ['config', 'carrier', 'dhl', 'parcels', 'cost', 'amount']],
    ['a question with a grade that does not exist', (c: any) => (c.questions[0].options[0].grade = 'MINT'), ['questions', 0, 'options', 0, 'grade']],
    ['a category name for a code that is not one', (c: any) => (c.config.categoryNames = { Earbuds: 'In-Ear-Kopfhörer' }), ['config', 'categoryNames', 'Earbuds']],
    ['an empty category name', (c: any) => (c.config.categoryNames = { earbuds: ' ' }), ['config', 'categoryNames', 'earbuds']],
    ['a category name of 61 characters', (c: any) => (c.config.categoryNames = { earbuds: 'x'.repeat(61) }), ['config', 'categoryNames', 'earbuds']],
    ['a repair cost tolerance above 100 %', (c: any) => (c.config.routing.repairCostTolerance = 1.01), ['config', 'routing', 'repairCostTolerance']],
    ['a negative repair cost tolerance', (c: any) => (c.config.routing.repairCostTolerance = -0.1), ['config', 'routing', 'repairCostTolerance']],
    ['a repair cost tolerance finer than 0.01 %', (c: any) => (c.config.routing.repairCostTolerance = 0.12345), ['config', 'routing', 'repairCostTolerance']],
    ['a repair cost tolerance a hair off a whole 0.01 %', (c: any) => (c.config.routing.repairCostTolerance = 0.12340000001), ['config', 'routing', 'repairCostTolerance']],
    ['names of 201 categories', (c: any) => (c.config.categoryNames = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`c${i}`, `C ${i}`]))), ['config', 'categoryNames']],
  ])('refuses %s at its path', (_what, change, path) => {
    expect(issuesOf(BrandCatalogSchema.safeParse(demoWith(change))).map((issue) => issue.path)).toEqual([path]);
  });

  it('takes a repair cost tolerance of 0 to 100 % in hundredths of a percent, or none', () => {
    for (const tolerance of [0, 0.1, 0.25, 0.0001, 0.1234, 0.07, 0.29, 0.3, 0.57, 0.9999, 1]) {
      expect(BrandCatalogSchema.safeParse(demoWith((c) => (c.config.routing.repairCostTolerance = tolerance))).success, String(tolerance)).toBe(true);
    }
  });

  it('takes a counter-offer window of 3 to 60 days', () => {
    for (const days of [3, 7, 60]) expect(BrandCatalogSchema.safeParse(demoWith((c) => (c.config.counterOfferAnswerDays = days))).success, String(days)).toBe(true);
  });

  it("takes the brand's names of its categories, its own and published ones, trimmed", () => {
    const names = { earbuds: ' In-Ear-Kopfhörer ', smartphone: 'Handys', [`c${'x'.repeat(46)}`]: 'x'.repeat(60) };
    const parsed = BrandCatalogSchema.parse(demoWith((c) => (c.config.categoryNames = names)));
    expect(parsed.config.categoryNames).toEqual({ earbuds: 'In-Ear-Kopfhörer', smartphone: 'Handys', [`c${'x'.repeat(46)}`]: 'x'.repeat(60) });
  });

  it('refuses the prototype keys among the category names', () => {
    for (const key of ['constructor', 'prototype']) {
      const issues = issuesOf(BrandCatalogSchema.safeParse(demoWith((c) => (c.config.categoryNames = JSON.parse(`{"${key}":"Name"}`)))));
      expect(issues).toEqual([{ path: ['config', 'categoryNames', key], message: 'must not be __proto__, constructor or prototype' }]);
    }
  });

  it('refuses a misspelt field instead of dropping it', () => {
    const issues = issuesOf(BrandCatalogSchema.safeParse(demoWith((c) => (c.config.labelcost = { amount: 549, currency: 'EUR' }))));
    expect(issues).toEqual([{ path: ['config'], message: expect.stringContaining('labelcost') }]);
  });

  it.each([
    ['offer rules', (key: string) => `{"config":{"offerRules":{"${key}":{}}}}`, ['config', 'offerRules']],
    ['route rules', (key: string) => `{"config":{"routing":{"rules":{"categories":{"${key}":{}}}}}}`, ['config', 'routing', 'rules', 'categories']],
    ['category bonuses', (key: string) => `{"config":{"payouts":{"rules":{"tiers":{"category":{"${key}":{}}}}}}}`, ['config', 'payouts', 'rules', 'tiers', 'category']],
    ['eBay categories', (key: string) => `{"config":{"resale":{"channels":{"ebay":{"categories":{"${key}":"9355"}}}}}}`, ['config', 'resale', 'channels', 'ebay', 'categories']],
  ])('refuses the prototype keys constructor and prototype in the %s', (_what, json, at) => {
    for (const key of ['constructor', 'prototype']) {
      const catalog = structuredClone(demo) as any;
      const patch = JSON.parse(json(key));
      let target = catalog;
      let source = patch;
      for (const segment of at) {
        target = target[segment];
        source = source[segment];
      }
      Object.assign(target, source);
      expect(issuesOf(BrandCatalogSchema.safeParse(catalog))).toContainEqual({ path: [...at, key], message: 'must not be __proto__, constructor or prototype' });
    }
  });

  it('refuses a __proto__ member in an object instead of reading it', () => {
    const body = JSON.parse(JSON.stringify(demo).replace('"theme":{', '"theme":{"__proto__":{"polluted":true},'));
    expect(issuesOf(BrandCatalogSchema.safeParse(body))).toEqual([{ path: ['config', 'theme'], message: expect.stringContaining('__proto__') }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  describe('checks across parts', () => {
    it("refuses a parcel cost in another currency than the brand's", () => {
      const issues = issuesOf(BrandCatalogSchema.safeParse(demoWith((c) => (c.config.carrier.dhl.parcels.cost.currency = 'CHF'))));
      expect(issues).toEqual([{ path: ['config', 'carrier', 'dhl', 'parcels', 'cost', 'currency'], message: "must be EUR, the brand's currency" }]);
    });

    it('refuses a product priced in another currency than the brand', () => {
      const issues = issuesOf(BrandCatalogSchema.safeParse(demoWith((c) => (c.products[2].newPrice.currency = 'USD'))));
      expect(issues).toEqual([{ path: ['products', 2, 'newPrice', 'currency'], message: "must be EUR, the brand's currency" }]);
    });

    it('refuses payout, route, resale and label rules in another currency than the brand', () => {
      const issues = issuesOf(
        BrandCatalogSchema.safeParse(
          demoWith((c) => {
            c.config.payouts.rules.currency = 'CHF';
            c.config.routing.rules.currency = 'CHF';
            c.config.resale.priceRules.floor.currency = 'CHF';
            c.config.labelCost.currency = 'CHF';
          }),
        ),
      );
      expect(issues.map((issue) => issue.path)).toEqual([
        ['config', 'routing', 'rules', 'currency'],
        ['config', 'payouts', 'rules', 'currency'],
        ['config', 'resale', 'priceRules', 'floor', 'currency'],
        ['config', 'labelCost', 'currency'],
      ]);
    });

    it('refuses a product whose category has no offer rules, no questions or no route rules', () => {
      const issues = issuesOf(
        BrandCatalogSchema.safeParse(
          demoWith((c) => {
            delete c.config.offerRules.tablet;
            c.questions = c.questions.filter((question: { category: string }) => question.category !== 'tablet');
            delete c.config.routing.rules.categories.tablet;
          }),
        ),
      );
      expect(issues).toEqual([
        { path: ['products', 2, 'category'], message: 'has no offer rules: add config.offerRules.tablet' },
        { path: ['products', 2, 'category'], message: 'has no condition questions: add questions of category tablet' },
        { path: ['products', 2, 'category'], message: 'has no route rules: add config.routing.rules.categories.tablet' },
      ]);
    });

    it('needs no offer rules for a category whose every product has a trade-in value for every grade', () => {
      const catalog = demoWith((c) => {
        delete c.config.offerRules.laptop;
        c.products[3].tradeIn = { LIKE_NEW: { min: 1, max: 2 }, GOOD: { min: 1, max: 2 }, FAIR: { min: 1, max: 2 }, DEFECTIVE: { min: 0, max: 1 } };
      });
      expect(issuesOf(BrandCatalogSchema.safeParse(catalog))).toEqual([]);
    });

    it('needs no route rules from a brand that does not route yet', () => {
      expect(BrandCatalogSchema.safeParse(demoBrand).success).toBe(true);
    });

    it.each([
      ['a SKU', (c: any) => c.products.push({ ...c.products[0] }), ['products', 8, 'sku'], 'SKU "DO-PHONE-X2-128" appears more than once'],
      ['a question id', (c: any) => (c.questions[1].id = c.questions[0].id), ['questions', 1, 'id'], 'question id "smartphone-powers-on" appears more than once'],
      ['an option id within a question', (c: any) => (c.questions[0].options[1].id = 'works'), ['questions', 0, 'options', 1, 'id'], 'option id "works" appears more than once'],
      ['a return reason code', (c: any) => c.config.returnReasons.push({ code: 'fit', label: 'Too small' }), ['config', 'returnReasons', 5, 'code'], 'code "fit" appears more than once'],
    ])('refuses %s given twice', (_what, change, path, message) => {
      expect(issuesOf(BrandCatalogSchema.safeParse(demoWith(change)))).toEqual([{ path, message }]);
    });
  });
});
