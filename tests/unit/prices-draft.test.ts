import { describe, expect, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { demoResale } from '../../local/seed/demo-resale';
import { demoRouting } from '../../local/seed/repair-network';
import type { BrandCatalog } from '../../shared/domain/catalog';
import { draftOf, offerOf, priceField, shareField, typedOf } from '../../web/src/staff/prices-draft';

// The demo brand as the platform configures it: with route rules, so the economics guard has something to check.
const demo: BrandCatalog = { ...demoBrand, config: { ...demoBrand.config, routing: demoRouting, resale: demoResale } };
const words = { priceFormat: 'price?', priceRefused: 'price > 0', shareFormat: 'share?', minAboveMax: 'min > max', shareRefused: 'share!', losesMoney: 'loses' };
const tabletIndex = demo.products.findIndex((product) => product.sku === 'DO-TAB-11-128');

describe("the settings' prices form, its draft", () => {
  it('is the configuration read while nothing is typed, and its offers are the quotes of the API', () => {
    const initial = typedOf(demo, 'de');
    expect(initial[priceField(tabletIndex)]).toBe('449,00');
    expect(initial[shareField('tablet', 'LIKE_NEW', 'minShare')]).toBe('30');
    const draft = draftOf(demo, initial, initial, words);
    expect(draft).toMatchObject({ catalog: demo, valid: demo, errors: new Map(), issues: [], losses: [], parts: [] });
    expect(offerOf(draft.catalog, tabletIndex, 'LIKE_NEW')).toEqual({ min: 13_400, max: 17_900, currency: 'EUR' });
  });

  it('keeps a share it shows rounded as read, and puts in exactly the fields typed anew', () => {
    // The demo's categories share their grades' objects: each change here makes new ones.
    const tablet = demo.config.offerRules.tablet!;
    const fine: BrandCatalog = { ...demo, config: { ...demo.config, offerRules: { ...demo.config.offerRules, tablet: { ...tablet, GOOD: { ...tablet.GOOD, minShare: 0.22345 } } } } };
    const initial = typedOf(fine, 'en');
    expect(initial[shareField('tablet', 'GOOD', 'minShare')]).toBe('22.35');
    expect(draftOf(fine, initial, { ...initial }, words).parts).toEqual([]);

    const typed = { ...initial, [priceField(tabletIndex)]: '1000', [shareField('tablet', 'LIKE_NEW', 'minShare')]: '32,5' };
    const draft = draftOf(fine, initial, typed, words);
    const products = fine.products.map((product, index) => (index === tabletIndex ? { ...product, newPrice: { ...product.newPrice, amount: 100_000 } } : product));
    const fineTablet = fine.config.offerRules.tablet!;
    const offerRules = { ...fine.config.offerRules, tablet: { ...fineTablet, LIKE_NEW: { ...fineTablet.LIKE_NEW, minShare: 0.325 } } };
    const expected: BrandCatalog = { ...fine, products, config: { ...fine.config, offerRules } };
    expect(draft.valid).toEqual(expected);
    expect(draft.parts).toEqual(['products', 'offerRules']);
    expect(offerOf(draft.catalog, tabletIndex, 'LIKE_NEW')).toEqual({ min: 32_500, max: 40_000, currency: 'EUR' });
  });

  it('says at its field what is no amount or share, and checks nothing further until every field reads', () => {
    const initial = typedOf(demo, 'de');
    const draft = draftOf(demo, initial, { ...initial, [priceField(0)]: 'neun', [shareField('laptop', 'FAIR', 'maxShare')]: '101' }, words);
    expect(draft.errors).toEqual(new Map([[priceField(0), 'price?'], [shareField('laptop', 'FAIR', 'maxShare'), 'share?']]));
    expect(draft.valid).toBeUndefined();
    expect(draft.catalog).toEqual(demo);
  });

  it("words the schema's refusals at their fields: a price of 0, a share from above its to", () => {
    const initial = typedOf(demo, 'de');
    const draft = draftOf(demo, initial, { ...initial, [priceField(1)]: '0', [shareField('tablet', 'GOOD', 'minShare')]: '50' }, words);
    expect(draft.errors).toEqual(new Map([[priceField(1), 'price > 0'], [shareField('tablet', 'GOOD', 'minShare'), 'min > max']]));
    expect(draft.issues).toEqual([]);
    expect(draft.valid).toBeUndefined();
  });

  it("finds the losses the API's guard would refuse, each marked at the share that sets the trade-in value", () => {
    const initial = typedOf(demo, 'de');
    const draft = draftOf(demo, initial, { ...initial, [shareField('smartphone', 'LIKE_NEW', 'maxShare')]: '99' }, words);
    expect(draft.valid).toBeDefined();
    expect(draft.losses.length).toBeGreaterThan(0);
    // The phone with its own trade-in values is not paid by the share.
    expect(new Set(draft.losses.map((loss) => loss.sku))).toEqual(new Set(['DO-PHONE-X2-128']));
    expect(draft.errors).toEqual(new Map([[shareField('smartphone', 'LIKE_NEW', 'maxShare'), 'loses']]));
  });
});
