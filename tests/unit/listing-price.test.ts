import { describe, expect, it } from 'vitest';
import { UnprocessableError } from '../../shared/domain/errors';
import { channelFee, priceListing } from '../../shared/domain/listing-price';
import { unbookableOrderAmount } from '../../shared/domain/listings';
import type { ChannelPricing, PriceRules } from '../../shared/schemas/resale';

const rules: PriceRules = {
  shareOfNewPrice: { LIKE_NEW: 0.7, GOOD: 0.55, FAIR: 0.4, DEFECTIVE: 0.1 },
  repairedShare: 0.6,
  floor: { amount: 2_000, currency: 'EUR' },
};
const noFee: ChannelPricing = { fee: { percent: 0, fixed: 0 }, rounding: 'CENT' };
const eur = (amount: number) => ({ amount, currency: 'EUR' });
const price = (overrides: Partial<Parameters<typeof priceListing>[0]> = {}) =>
  priceListing({ newPrice: eur(59_900), condition: { grade: 'GOOD', repaired: false }, rules, pricing: noFee, ...overrides });

describe('priceListing', () => {
  it('prices an item at its grade’s share of the new price', () => {
    expect(price()).toEqual({ price: eur(32_945), fee: eur(0), net: eur(32_945) });
    expect(price({ condition: { grade: 'LIKE_NEW', repaired: false } }).price).toEqual(eur(41_930));
    expect(price({ condition: { grade: 'FAIR', repaired: false } }).price).toEqual(eur(23_960));
  });

  it('prices a repaired item at the repaired share, whatever its grade', () => {
    expect(price({ condition: { grade: 'DEFECTIVE', repaired: true } }).price).toEqual(eur(35_940));
    expect(price({ condition: { grade: 'LIKE_NEW', repaired: true } }).price).toEqual(eur(35_940));
  });

  it('rounds to whole units of the currency: a yen, a dinar of 1,000 fils, and ends in 99 of its smallest unit', () => {
    // Until 7 December 2026 every currency was taken to have 100 minor units: a "whole" yen price was rounded up to ¥100.
    const inCurrency = (currency: string, amount: number, rounding: ChannelPricing['rounding']) =>
      priceListing({
        newPrice: { amount: amount / rules.shareOfNewPrice.GOOD, currency },
        condition: { grade: 'GOOD', repaired: false },
        rules: { ...rules, floor: { amount: 1, currency } },
        pricing: { fee: { percent: 0, fixed: 0 }, rounding },
      }).price.amount;
    expect(inCurrency('JPY', 12_301, 'WHOLE')).toBe(12_301);
    expect(inCurrency('JPY', 12_301, 'NINETY_NINE')).toBe(12_399);
    expect(inCurrency('KWD', 12_301, 'WHOLE')).toBe(13_000);
    expect(inCurrency('KWD', 12_301, 'NINETY_NINE')).toBe(12_399);
    expect(inCurrency('EUR', 12_301, 'WHOLE')).toBe(12_400);
  });

  it('grosses the price up so the channel’s percentage and fixed fee come out of it, and says what the fee is', () => {
    // 329.45 + 0.35 = 329.80, / 0.9 = 366.45; the fee of 366.45 is 36.65 + 0.35 = 37.00.
    expect(price({ pricing: { fee: { percent: 10, fixed: 35 }, rounding: 'CENT' } })).toEqual({ price: eur(36_645), fee: eur(3_700), net: eur(32_945) });
  });

  it('rounds up to the next .99 or whole unit, keeping the net at or above the target', () => {
    const fee = { percent: 10, fixed: 35 };
    expect(price({ pricing: { fee, rounding: 'NINETY_NINE' } })).toEqual({ price: eur(36_699), fee: eur(3_705), net: eur(32_994) });
    expect(price({ pricing: { fee, rounding: 'WHOLE' } })).toEqual({ price: eur(36_700), fee: eur(3_705), net: eur(32_995) });
  });

  it('leaves a price that already ends in .99 or is whole as it is', () => {
    const at = (amount: number, rounding: ChannelPricing['rounding']) =>
      priceListing({ newPrice: eur(amount), condition: { grade: 'LIKE_NEW', repaired: false }, rules: { ...rules, shareOfNewPrice: { ...rules.shareOfNewPrice, LIKE_NEW: 1 } }, pricing: { ...noFee, rounding } }).price.amount;
    expect(at(36_699, 'NINETY_NINE')).toBe(36_699);
    expect(at(36_700, 'NINETY_NINE')).toBe(36_799);
    expect(at(36_700, 'WHOLE')).toBe(36_700);
  });

  it('never prices below the floor, rounded the channel’s way', () => {
    const cheap = { newPrice: eur(9_900), condition: { grade: 'DEFECTIVE' as const, repaired: false } };
    expect(price({ ...cheap }).price).toEqual(eur(2_000));
    expect(price({ ...cheap, pricing: { fee: { percent: 0, fixed: 0 }, rounding: 'NINETY_NINE' } }).price).toEqual(eur(2_099));
    // The floor is the net the brand keeps at least, so the fee goes on top of it.
    expect(price({ ...cheap, pricing: { fee: { percent: 10, fixed: 0 }, rounding: 'CENT' } }).net.amount).toBeGreaterThanOrEqual(2_000);
  });

  it('does not lose a cent to binary floats', () => {
    // 27 900 / (1 − 0.07) is 30000.000000000004 in floats; the price is 300.00, not 300.01.
    const exact = priceListing({
      newPrice: eur(27_900),
      condition: { grade: 'LIKE_NEW', repaired: false },
      rules: { ...rules, shareOfNewPrice: { ...rules.shareOfNewPrice, LIKE_NEW: 1 } },
      pricing: { fee: { percent: 7, fixed: 0 }, rounding: 'CENT' },
    });
    expect(exact).toEqual({ price: eur(30_000), fee: eur(2_100), net: eur(27_900) });
  });

  it('keeps the net at or above the target for every fee and price', () => {
    for (const percent of [0, 1.1, 2.9, 7, 10, 12.9, 15, 25]) {
      for (const fixed of [0, 25, 35]) {
        for (let amount = 1_000; amount < 200_000; amount += 997) {
          const result = priceListing({ newPrice: eur(amount), condition: { grade: 'GOOD', repaired: false }, rules, pricing: { fee: { percent, fixed }, rounding: 'CENT' } });
          const target = Math.max(Math.round(amount * 0.55), 2_000);
          expect(result.net.amount).toBeGreaterThanOrEqual(target);
          expect(result.net.amount - target).toBeLessThanOrEqual(1);
          expect(result.fee.amount).toBe(channelFee(result.price.amount, { fee: { percent, fixed }, rounding: 'CENT' }));
        }
      }
    }
  });

  it('refuses, and returns at once, a price past 1,000,000,000 minor units: a floor or fixed fee mistyped in a configuration saved before', () => {
    const ebay: ChannelPricing = { fee: { percent: 11, fixed: 35 }, rounding: 'NINETY_NINE' };
    const floored = (amount: number) => ({ rules: { ...rules, floor: eur(amount) }, pricing: ebay });
    // With eBay's fee, 9e15 kept the price stepping up past 2^53, where + 1 changes nothing: the call never returned.
    for (const overrides of [floored(9e15), floored(9e12), floored(999_000_000), { pricing: { fee: { percent: 10, fixed: 9e15 }, rounding: 'CENT' as const } }]) {
      expect(() => price(overrides)).toThrow(UnprocessableError);
    }
    expect(() => price(floored(9e12))).toThrow(/No price of at most 1000000000 minor units nets the brand 9000000000000 EUR/);
    // The most a price may be is still listed.
    expect(price({ rules: { ...rules, floor: eur(1_000_000_000) } }).price).toEqual(eur(1_000_000_000));
  });

  it('refuses a floor in another currency than the product', () => {
    expect(() => price({ rules: { ...rules, floor: { amount: 2_000, currency: 'CHF' } } })).toThrow(UnprocessableError);
  });
});

describe('the amounts of an order the ledger books', () => {
  const eur = (amount: number) => ({ amount, currency: 'EUR' });
  it.each([
    [{ price: eur(42_899), shipping: eur(490), fee: eur(5_000) }, undefined],
    [{ price: eur(0) }, undefined],
    [{ price: eur(1_000_000_000) }, undefined],
    [{ price: eur(-500) }, 'price'],
    [{ price: eur(1_000_000_001) }, 'price'],
    [{ price: eur(42_899), shipping: eur(-490) }, 'shipping'],
    [{ price: eur(42_899), fee: eur(-876) }, 'fee'],
    [{ price: eur(42_899), shipping: eur(1e22) }, 'shipping'],
    [{ price: eur(12.5) }, 'price'],
  ])('%j: %s', (order, unbookable) => {
    expect(unbookableOrderAmount(order)).toBe(unbookable);
  });
});
