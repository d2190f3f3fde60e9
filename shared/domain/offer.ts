/**
 * The instant offer a customer sees after the self-assessment, how long it holds, and by when the
 * parcel must be on its way.
 */
import { GRADES, type Grade, type OfferRules, type Product } from './catalog';
import { endOfDayAfter } from './calendar';
import { ConflictError, UnprocessableError, ValidationError } from './errors';
import { currencyDigits } from './money';

const MS_PER_DAY = 86_400_000;

export interface QuoteOfferInput {
  product: Product;
  grade: Grade;
  rules: OfferRules;
  /** The brand's currency (ISO 4217). */
  currency: string;
  now: Date;
  validityDays: number;
}

export interface Quote {
  /** The trade-in value range in minor units. */
  value: { min: number; max: number; currency: string };
  /** ISO 8601 timestamp after which the quote no longer holds. */
  validUntil: string;
}

/**
 * The instant offer for a product in a grade: the product's own trade-in values where it has them
 * for this grade, else the category's share of the new price, each bound rounded down to a whole
 * currency unit.
 *
 * @throws UnprocessableError when the product is priced in another currency than the brand's,
 *   when no offer rule covers the category and grade, or when the configured range is invalid.
 * @example
 * quoteOffer({ product, grade: 'GOOD', rules, currency: 'EUR', now: new Date('2025-03-01T10:00:00Z'), validityDays: 14 });
 * // { value: { min: 14900, max: 19700, currency: 'EUR' }, validUntil: '2025-03-15T10:00:00.000Z' }
 */
export function quoteOffer({ product, grade, rules, currency, now, validityDays }: QuoteOfferInput): Quote {
  if (product.newPrice.currency !== currency) {
    throw new UnprocessableError(
      `Product ${product.sku} is priced in ${product.newPrice.currency}, but the brand's currency is ${currency}`,
      [],
      { sku: product.sku },
    );
  }
  const { min, max } = product.tradeIn?.[grade] ?? valueByRule(product, grade, rules);
  if (!(min >= 0 && min <= max)) {
    throw new UnprocessableError(
      `The trade-in range for ${product.sku} in grade ${grade} is invalid: ${min} to ${max}`,
      [],
      { sku: product.sku, grade },
    );
  }
  return {
    value: { min, max, currency },
    validUntil: new Date(now.getTime() + validityDays * MS_PER_DAY).toISOString(),
  };
}

/** The trade-in range of each grade the brand prices, in minor units of the quote's currency. */
export type OfferByGrade = Partial<Record<Grade, { min: number; max: number }>>;

/**
 * What the rules of the moment offer for the product in every grade they price, kept with a quote: grading prices an
 * item found worse than declared by the rules the customer was quoted under, not by the rules of the day it arrives
 * (`quotedValueOf` in `grading.ts`). A grade the rules do not price is left out.
 *
 * @example
 * offerByGrade({ product, rules, currency: 'EUR', now, validityDays: 14 });
 * // { LIKE_NEW: { min: 20_900, max: 26_900 }, GOOD: { min: 14_900, max: 19_700 }, FAIR: { min: 8_900, max: 13_100 }, DEFECTIVE: { min: 1_100, max: 2_900 } }
 */
export function offerByGrade(input: Omit<QuoteOfferInput, 'grade'>): OfferByGrade {
  const offers: OfferByGrade = {};
  for (const grade of GRADES) {
    try {
      const { min, max } = quoteOffer({ ...input, grade }).value;
      offers[grade] = { min, max };
    } catch (error) {
      if (!(error instanceof UnprocessableError)) throw error;
    }
  }
  return offers;
}

function valueByRule(product: Product, grade: Grade, rules: OfferRules): { min: number; max: number } {
  const rule = rules[product.category]?.[grade];
  if (!rule) {
    throw new UnprocessableError(
      `No offer rule configured for category "${product.category}" and grade ${grade}`,
      [],
      { category: product.category, grade },
    );
  }
  return {
    min: wholeUnitsOfShare(product.newPrice.amount, rule.minShare, product.newPrice.currency),
    max: wholeUnitsOfShare(product.newPrice.amount, rule.maxShare, product.newPrice.currency),
  };
}

/** The share of an amount rounded down to whole units of its currency: 100 cents, 1 yen, 1,000 fils. */
function wholeUnitsOfShare(amount: number, share: number, currency: string): number {
  // Binary floats make 22000 × 0.35 come out as 7699.999999999999; settling at a thousandth of a
  // minor unit first keeps the rounding down from losing a whole unit.
  const minorUnits = Math.round(amount * share * 1000) / 1000;
  const unit = 10 ** currencyDigits(currency);
  return Math.floor(minorUnits / unit) * unit;
}

/**
 * Refuses a quote whose validity has ended. A quote still holds at the very instant of `validUntil`.
 *
 * @throws ConflictError with `extensions.validUntil` when `now` is after `validUntil`.
 * @throws ValidationError when `validUntil` is not a timestamp.
 * @example
 * assertQuoteValid('2025-03-15T10:00:00.000Z', new Date('2025-03-10T08:00:00Z')); // passes
 * assertQuoteValid('2025-03-15T10:00:00.000Z', new Date('2025-03-16T08:00:00Z')); // throws ConflictError
 */
export function assertQuoteValid(validUntil: string, now: Date): void {
  const expiresAt = Date.parse(validUntil);
  if (Number.isNaN(expiresAt)) {
    throw new ValidationError(`"${validUntil}" is not a timestamp`, [
      { path: ['validUntil'], message: 'Expected an ISO 8601 timestamp' },
    ]);
  }
  if (now.getTime() > expiresAt) {
    throw new ConflictError(`The quote expired at ${validUntil}`, { validUntil });
  }
}

/**
 * The last moment a customer may hand the parcel to the carrier: the end of the day `days` days
 * after `from`, in the brand's time zone.
 *
 * @example
 * shippingDeadline(new Date('2025-03-01T09:30:00Z'), 14, 'Europe/Berlin'); // '2025-03-15T22:59:59.999Z'
 */
export function shippingDeadline(from: Date, days: number, timeZone: string): string {
  return endOfDayAfter(from, days, timeZone);
}
