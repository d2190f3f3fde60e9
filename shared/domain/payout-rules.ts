/**
 * What a customer is paid for an item once it is graded: the graded payout plus the brand's
 * bonuses by grade, category and customer segment, and a bonus for taking a voucher over cash.
 */
import type { AcceptLoss, Grade } from './catalog';
import { UnprocessableError, ValidationError } from './errors';
import type { PayoutMethod } from './passport';

const MS_PER_DAY = 86_400_000;
/** Percentages are settled in hundredths of a percent, so 2.5 % is exactly 250 / 10 000. */
const BASIS_POINTS_PER_PERCENT = 100;
const BASIS_POINTS = 10_000;

export const CUSTOMER_SEGMENTS = ['NEW', 'RETURNING'] as const;
export type CustomerSegment = (typeof CUSTOMER_SEGMENTS)[number];

/** One bonus: a share of the graded payout and/or a fixed amount, together at most `cap`. */
export interface PayoutBonus {
  /** Percent of the graded payout, with at most two decimals, e.g. `5` or `2.5`. */
  percent?: number;
  /** Minor units added on top. */
  fixed?: number;
  /** The most this bonus adds, in minor units. */
  cap?: number;
  /** This bonus may make an item cost more than it recovers (the economics guard). */
  acceptLoss?: AcceptLoss;
}

/** A brand's payout rules. Every bonus is computed on the graded payout, never on another bonus. */
export interface PayoutRules {
  /** ISO 4217; the graded payout must be in it. */
  currency: string;
  /** How long a voucher can be spent: until the end of this many days (UTC) after it is issued. */
  voucherExpiryDays: number;
  tiers: {
    grade?: Partial<Record<Grade, PayoutBonus>>;
    category?: Record<string, PayoutBonus>;
    segment?: Partial<Record<CustomerSegment, PayoutBonus>>;
    /** Only for customers who choose a voucher instead of a bank transfer. */
    voucher?: PayoutBonus;
  };
}

export interface PayoutInput {
  /** The graded payout in minor units, fixed at grading. */
  payout: number;
  currency: string;
  method: PayoutMethod;
  grade: Grade;
  category: string;
  segment: CustomerSegment;
  rules: PayoutRules;
  now: Date;
}

export interface Payout {
  /** Minor units: the sum of the breakdown. */
  amount: number;
  currency: string;
  /** The graded payout first, then every bonus that adds something. */
  breakdown: { label: string; amount: number }[];
  /** ISO 8601 timestamp until which a voucher can be spent; vouchers only. */
  expiresAt?: string;
}

/**
 * The amount a customer receives for a graded item, with the breakdown to show them. Each
 * percentage is rounded down to a whole minor unit before it is capped, so the breakdown always
 * adds up to the amount.
 *
 * @throws ValidationError when the graded payout is not a whole, non-negative number of minor units.
 * @throws UnprocessableError when the payout is in another currency than the rules, a bonus is
 *   configured with a negative, fractional or over-precise value, or vouchers would not last a day.
 * @example
 * payoutFor({
 *   payout: 19_900, currency: 'EUR', method: 'VOUCHER', grade: 'LIKE_NEW', category: 'smartphone',
 *   segment: 'NEW', now: new Date('2026-03-01T10:00:00Z'),
 *   rules: { currency: 'EUR', voucherExpiryDays: 1_095, tiers: { grade: { LIKE_NEW: { percent: 5 } }, voucher: { percent: 10 } } },
 * });
 * // { amount: 22_885, currency: 'EUR', expiresAt: '2029-02-28T23:59:59.999Z', breakdown: [
 * //   { label: 'Graded payout', amount: 19_900 }, { label: 'Grade LIKE_NEW bonus', amount: 995 },
 * //   { label: 'Voucher bonus', amount: 1_990 } ] }
 */
export function payoutFor({ payout, currency, method, grade, category, segment, rules, now }: PayoutInput): Payout {
  if (!isMinorUnits(payout)) {
    throw new ValidationError(`${payout} is not a payout`, [
      { path: ['payout'], message: 'Expected a whole number of minor units, 0 or more' },
    ]);
  }
  if (currency !== rules.currency) {
    throw new UnprocessableError(`The payout is in ${currency}, but the payout rules are in ${rules.currency}`, [], {
      currency: rules.currency,
    });
  }
  if (method === 'VOUCHER' && !(Number.isSafeInteger(rules.voucherExpiryDays) && rules.voucherExpiryDays > 0)) {
    throw new UnprocessableError(`Vouchers cannot expire after ${rules.voucherExpiryDays} days: expected a whole number above 0`, [], {
      voucherExpiryDays: rules.voucherExpiryDays,
    });
  }

  const { tiers } = rules;
  const bonuses: [string, PayoutBonus | undefined][] = [
    [`Grade ${grade} bonus`, tiers.grade?.[grade]],
    [`Category ${category} bonus`, tiers.category?.[category]],
    [`Segment ${segment} bonus`, tiers.segment?.[segment]],
    ['Voucher bonus', method === 'VOUCHER' ? tiers.voucher : undefined],
  ];
  const breakdown = [{ label: 'Graded payout', amount: payout }];
  for (const [label, bonus] of bonuses) {
    const amount = bonus ? bonusAmount(payout, bonus, label) : 0;
    if (amount > 0) breakdown.push({ label, amount });
  }

  return {
    amount: breakdown.reduce((sum, line) => sum + line.amount, 0),
    currency,
    breakdown,
    ...(method === 'VOUCHER' && { expiresAt: endOfDayAfter(now, rules.voucherExpiryDays) }),
  };
}

function bonusAmount(payout: number, { percent = 0, fixed = 0, cap }: PayoutBonus, label: string): number {
  const basisPoints = Math.round(percent * BASIS_POINTS_PER_PERCENT);
  const wellFormed =
    Number.isFinite(percent) &&
    percent >= 0 &&
    Math.abs(percent * BASIS_POINTS_PER_PERCENT - basisPoints) < 1e-9 &&
    isMinorUnits(fixed) &&
    (cap === undefined || isMinorUnits(cap));
  if (!wellFormed) {
    throw new UnprocessableError(
      `The ${label.toLowerCase()} is misconfigured: percent must be 0 or more with at most two decimals, fixed and cap whole minor units, 0 or more`,
      [],
      { bonus: label },
    );
  }
  const amount = Math.floor((payout * basisPoints) / BASIS_POINTS) + fixed;
  return cap === undefined ? amount : Math.min(amount, cap);
}

function isMinorUnits(amount: number): boolean {
  return Number.isSafeInteger(amount) && amount >= 0;
}

/**
 * The time zone a voucher's expiry is dated in: it ends with a UTC day ({@link endOfDayAfter}), so its date is that
 * day wherever it is read. Read in the brand's zone instead, `2029-12-06T23:59:59.999Z` would be 7 December in
 * Berlin, a day the voucher is no longer good on.
 */
export const VOUCHER_EXPIRY_TIME_ZONE = 'UTC';

/**
 * The end of the UTC day `days` days after `from`: a voucher dated "until 1 March" is still good
 * on the evening of 1 March in Central Europe.
 */
function endOfDayAfter(from: Date, days: number): string {
  const end = new Date(from.getTime() + days * MS_PER_DAY);
  end.setUTCHours(23, 59, 59, 999);
  return end.toISOString();
}

/**
 * Whether the customer has been paid: the voucher is issued (theirs to spend), the bank transfer is
 * in the brand's bank file, or the payout came to 0 and nothing is owed. A reserved voucher or a
 * queued transfer is still on its way.
 *
 * @example
 * payoutIsMade('ISSUED'); // true
 * payoutIsMade('NOTHING_TO_PAY'); // true
 * payoutIsMade('QUEUED'); // false
 */
export function payoutIsMade(status: string | undefined): boolean {
  return status === 'ISSUED' || status === 'EXPORTED' || status === 'NOTHING_TO_PAY';
}
