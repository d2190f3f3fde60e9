import { describe, expect, it } from 'vitest';
import type { OfferRules, Product } from '../../shared/domain/catalog';
import { ConflictError, UnprocessableError, ValidationError } from '../../shared/domain/errors';
import { assertQuoteValid, quoteOffer, shippingDeadline } from '../../shared/domain/offer';
import { errorOf } from '../support/errors';

const rules: OfferRules = {
  smartphone: {
    LIKE_NEW: { minShare: 0.35, maxShare: 0.45 },
    GOOD: { minShare: 0.25, maxShare: 0.33 },
    FAIR: { minShare: 0.15, maxShare: 0.22 },
    DEFECTIVE: { minShare: 0, maxShare: 0.05 },
  },
};

const phone: Product = {
  sku: 'PHONE-1',
  name: 'Phone One',
  category: 'smartphone',
  newPrice: { amount: 59_900, currency: 'EUR' },
  weightGrams: 190,
};

const now = new Date('2025-03-01T10:00:00.000Z');
const quote = (overrides: Partial<Parameters<typeof quoteOffer>[0]> = {}) =>
  quoteOffer({ product: phone, grade: 'GOOD', rules, currency: 'EUR', now, validityDays: 14, ...overrides });

describe('quoteOffer', () => {
  it('offers the category’s share of the new price, rounded down to whole euros', () => {
    // 599.00 × 0.25 = 149.75 and 599.00 × 0.33 = 197.67
    expect(quote().value).toEqual({ min: 14_900, max: 19_700, currency: 'EUR' });
  });

  it('keeps a share that binary floats cannot represent exactly on the right whole euro', () => {
    const cheapPhone: Product = { ...phone, newPrice: { amount: 22_000, currency: 'EUR' } };

    // 220.00 × 0.35 = 77.00, which floats compute as 76.99999999999999
    expect(quote({ product: cheapPhone, grade: 'LIKE_NEW' }).value).toEqual({ min: 7_700, max: 9_900, currency: 'EUR' });
  });

  it('rounds down to whole units of the brand’s currency, whatever its minor units', () => {
    // ¥89,999 × 0.25 = ¥22,499.75 and × 0.33 = ¥29,699.67: the yen has no minor unit, so ¥22,499, not ¥22,400.
    const inYen: Product = { ...phone, newPrice: { amount: 89_999, currency: 'JPY' } };
    expect(quote({ product: inYen, currency: 'JPY' }).value).toEqual({ min: 22_499, max: 29_699, currency: 'JPY' });
    // 259.990 KWD × 0.25 = 64.9975 and × 0.33 = 85.7967: a dinar has 1,000 fils, so 64.000, not 64.900.
    const inDinar: Product = { ...phone, newPrice: { amount: 259_990, currency: 'KWD' } };
    expect(quote({ product: inDinar, currency: 'KWD' }).value).toEqual({ min: 64_000, max: 85_000, currency: 'KWD' });
  });

  it('may offer nothing at the low end for a defective item', () => {
    expect(quote({ grade: 'DEFECTIVE' }).value).toEqual({ min: 0, max: 2_900, currency: 'EUR' });
  });

  it('offers the product’s own trade-in values over the category rule for that grade', () => {
    const withOverride: Product = { ...phone, tradeIn: { GOOD: { min: 25_050, max: 30_000 } } };

    expect(quote({ product: withOverride }).value).toEqual({ min: 25_050, max: 30_000, currency: 'EUR' });
  });

  it('falls back to the category rule for grades the product has no own values for', () => {
    const withOverride: Product = { ...phone, tradeIn: { GOOD: { min: 25_000, max: 30_000 } } };

    expect(quote({ product: withOverride, grade: 'LIKE_NEW' }).value).toEqual({ min: 20_900, max: 26_900, currency: 'EUR' });
  });

  it('refuses a product priced in another currency than the brand’s', () => {
    const inFrancs: Product = { ...phone, newPrice: { amount: 59_900, currency: 'CHF' } };

    const error = errorOf(UnprocessableError, () => quote({ product: inFrancs }));

    expect(error.message).toBe("Product PHONE-1 is priced in CHF, but the brand's currency is EUR");
  });

  it('refuses a category without offer rules', () => {
    const laptop: Product = { ...phone, category: 'laptop' };

    const error = errorOf(UnprocessableError, () => quote({ product: laptop }));

    expect(error.message).toBe('No offer rule configured for category "laptop" and grade GOOD');
  });

  it('refuses a grade the category has no offer rule for', () => {
    const { LIKE_NEW, GOOD, FAIR } = rules.smartphone!;
    const withoutDefective = { smartphone: { LIKE_NEW, GOOD, FAIR } } as unknown as OfferRules;

    const error = errorOf(UnprocessableError, () => quote({ rules: withoutDefective, grade: 'DEFECTIVE' }));

    expect(error.extensions).toEqual({ category: 'smartphone', grade: 'DEFECTIVE' });
  });

  it('refuses a configured range whose minimum exceeds its maximum', () => {
    const upsideDown: Product = { ...phone, tradeIn: { GOOD: { min: 30_000, max: 25_000 } } };

    expect(() => quote({ product: upsideDown })).toThrow(UnprocessableError);
  });

  it('holds the quote for exactly the validity period, whatever the clocks do', () => {
    // Central Europe moves to summer time on 30 March 2025; the quote still lasts 14 × 24 hours.
    const beforeDst = new Date('2025-03-25T10:15:30.123Z');

    expect(quote({ now: beforeDst }).validUntil).toBe('2025-04-08T10:15:30.123Z');
  });
});

describe('assertQuoteValid', () => {
  const validUntil = '2025-03-15T10:00:00.000Z';

  it('accepts a quote before it expires', () => {
    expect(() => assertQuoteValid(validUntil, new Date('2025-03-15T09:59:59.999Z'))).not.toThrow();
  });

  it('accepts a quote at the very instant it expires', () => {
    expect(() => assertQuoteValid(validUntil, new Date(validUntil))).not.toThrow();
  });

  it('refuses an expired quote as a conflict naming when it expired', () => {
    const error = errorOf(ConflictError, () => assertQuoteValid(validUntil, new Date('2025-03-15T10:00:00.001Z')));

    expect(error.message).toBe('The quote expired at 2025-03-15T10:00:00.000Z');
    expect(error.extensions).toEqual({ validUntil });
  });

  it('refuses a validity that is not a timestamp', () => {
    expect(() => assertQuoteValid('next tuesday', now)).toThrow(ValidationError);
  });
});

describe('shippingDeadline', () => {
  it('ends at midnight in the brand\'s time zone, in winter time', () => {
    expect(shippingDeadline(new Date('2025-03-01T09:30:00Z'), 14, 'Europe/Berlin')).toBe('2025-03-15T22:59:59.999Z');
  });

  it('ends at midnight in the brand\'s time zone, in summer time', () => {
    expect(shippingDeadline(new Date('2025-07-01T09:30:00Z'), 14, 'Europe/Berlin')).toBe('2025-07-15T21:59:59.999Z');
  });

  it('counts from the local date of a request made after local midnight', () => {
    // 23:45 UTC on 1 March is already 2 March in Berlin.
    expect(shippingDeadline(new Date('2025-03-01T23:45:00Z'), 14, 'Europe/Berlin')).toBe('2025-03-16T22:59:59.999Z');
  });

  it('ends on the right instant across the switch to summer time', () => {
    // Berlin switches to summer time in the night to 30 March 2025.
    expect(shippingDeadline(new Date('2025-03-20T12:00:00Z'), 10, 'Europe/Berlin')).toBe('2025-03-30T21:59:59.999Z');
  });

  it('ends at midnight of another brand\'s time zone', () => {
    expect(shippingDeadline(new Date('2025-03-01T09:30:00Z'), 14, 'Europe/London')).toBe('2025-03-15T23:59:59.999Z');
  });
});
