/**
 * How a brand pays its customers once an item is graded: its payout configuration, which
 * customers count as returning, and the calendar of the bank transfers it exports.
 */
import type { BrandConfig, Money } from './catalog';
import type { CustomerSegment, PayoutRules } from './payout-rules';
import type { SepaDebtor } from './sepa-credit-transfer';
import { SEPA_REMITTANCE_LENGTH, sepaTextWithin } from './sepa-text';

/** Where a brand's voucher codes live: our own ledger, or discount codes in the brand's Shopify shop. */
export type VoucherIssuerChoice =
  | { kind: 'kreislauf' }
  | {
      kind: 'shopify';
      /** The shop's Admin GraphQL endpoint, e.g. `https://demo.myshopify.com/admin/api/2025-01/graphql.json`. */
      adminApiUrl: string;
    };

/** The payout part of a brand's configuration. */
export interface BrandPayoutConfig {
  rules: PayoutRules;
  /** The brand's own account that bank-transfer payouts are paid from; without it no export can be made. */
  sepaDebtor?: SepaDebtor;
  /** Our own codes unless the brand chooses its Shopify shop. */
  voucherIssuer?: VoucherIssuerChoice;
  /** Where the voucher e-mail sends the customer to spend the voucher. */
  shopUrl?: string;
  /**
   * What one unit of voucher face value costs the brand when it is spent (its cost of the goods
   * sold, e.g. 0.6), between 0 and 1; without it a voucher costs its face value. Bank transfers
   * always cost their amount.
   */
  voucherCostRatio?: number;
}

/** Three years, the regular limitation period in Germany (§ 195 BGB). */
const DEFAULT_VOUCHER_EXPIRY_DAYS = 1_095;

/**
 * The payout rules a brand pays by: its own, or, for a brand that configured none, the graded
 * payout as it is in the brand's currency, with vouchers valid for three years.
 *
 * @example
 * payoutRulesOf({ ...config, payouts: undefined }); // { currency: 'EUR', voucherExpiryDays: 1095, tiers: {} }
 */
export function payoutRulesOf(config: BrandConfig): PayoutRules {
  return config.payouts?.rules ?? { currency: config.currency, voucherExpiryDays: DEFAULT_VOUCHER_EXPIRY_DAYS, tiers: {} };
}

/**
 * The customer segment of a take-back: RETURNING when the same customer (the same e-mail address,
 * at the same brand) has been paid for an earlier take-back, NEW otherwise. Being paid, not merely
 * asking, is what counts, so that several requests sent at once earn no returning bonus.
 *
 * @example
 * customerSegment(0); // 'NEW'
 * customerSegment(2); // 'RETURNING'
 */
export function customerSegment(earlierPaidTakeBacks: number): CustomerSegment {
  return earlierPaidTakeBacks > 0 ? 'RETURNING' : 'NEW';
}

const MS_PER_DAY = 86_400_000;

/**
 * The day a bank transfer exported now is executed: the next TARGET2 business day after today
 * (UTC), so the brand has the rest of the day to upload the file. TARGET2 closes on weekends,
 * 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December.
 *
 * @example
 * nextBankDay(new Date('2026-04-02T09:00:00Z')); // '2026-04-07' (Good Friday and Easter Monday are closed)
 */
export function nextBankDay(now: Date): string {
  let day = startOfUtcDay(now);
  do {
    day = new Date(day.getTime() + MS_PER_DAY);
  } while (!isBankDay(day));
  return day.toISOString().slice(0, 10);
}

/**
 * When the money reaches the customer: SEPA credit transfers arrive at the latest one business
 * day after execution (EPC SCT rulebook, D+1). Noon UTC, so the date reads the same in Europe.
 *
 * @example
 * expectedArrival('2026-04-07'); // '2026-04-08T12:00:00.000Z'
 */
export function expectedArrival(executionDate: string): string {
  return `${nextBankDay(new Date(`${executionDate}T00:00:00Z`))}T12:00:00.000Z`;
}

function isBankDay(day: Date): boolean {
  const weekday = day.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const monthDay = day.toISOString().slice(5, 10);
  if (['01-01', '05-01', '12-25', '12-26'].includes(monthDay)) return false;
  const easter = easterSunday(day.getUTCFullYear()).getTime();
  return day.getTime() !== easter - 2 * MS_PER_DAY && day.getTime() !== easter + MS_PER_DAY;
}

/** Easter Sunday of the Gregorian calendar (the anonymous algorithm of 1876, "Meeus/Jones/Butcher"). */
function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, dayOfMonth));
}

function startOfUtcDay(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
}

/**
 * The text on the customer's bank statement: the brand, the item and the take-back's id, so the
 * customer recognises the payment and support can find it. Written in the SEPA set and cut to its 140 characters
 * there: cut before, a long product name with umlauts (ä written ae) made the file's check refuse the whole export.
 *
 * @example
 * remittanceFor({ brandName: 'Demo Outfitters', productName: 'Trailphone X2', passportId: '01JQ3W8Z6E5R2T7Y9U1I4O6P8A' });
 * // 'Demo Outfitters trade-in 01JQ3W8Z6E5R2T7Y9U1I4O6P8A: Trailphone X2'
 */
export function remittanceFor({ brandName, productName, passportId }: { brandName: string; productName: string; passportId: string }): string {
  return sepaTextWithin(`${brandName} trade-in ${passportId}: ${productName}`, SEPA_REMITTANCE_LENGTH);
}

/**
 * The sum of payouts in one currency.
 *
 * @throws RangeError when the payouts are in more than one currency: a brand pays in its own.
 * @example
 * totalOf([{ amount: 100, currency: 'EUR' }, { amount: 250, currency: 'EUR' }], 'EUR'); // { amount: 350, currency: 'EUR' }
 */
export function totalOf(amounts: readonly Money[], currency: string): Money {
  const foreign = amounts.find((money) => money.currency !== currency);
  if (foreign) throw new RangeError(`A payout in ${foreign.currency} cannot be added to payouts in ${currency}`);
  return { amount: amounts.reduce((sum, money) => sum + money.amount, 0), currency };
}
