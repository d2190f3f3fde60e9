import { describe, expect, it } from 'vitest';
import { demoPayoutRules } from '../../local/seed/demo-brand';
import { UnprocessableError, ValidationError } from '../../shared/domain/errors';
import { payoutFor, payoutIsMade, type PayoutInput, type PayoutRules } from '../../shared/domain/payout-rules';
import { PAYOUT_STATUSES } from '../../shared/schemas/payouts';
import { errorOf } from '../support/errors';

const rules: PayoutRules = {
  currency: 'EUR',
  voucherExpiryDays: 365,
  tiers: {
    grade: { LIKE_NEW: { percent: 5 }, GOOD: { percent: 0 } },
    category: { smartphone: { fixed: 500 }, jacket: { percent: 2.5, fixed: 100 } },
    segment: { RETURNING: { percent: 3, cap: 400 } },
    voucher: { percent: 10, cap: 5_000 },
  },
};

const now = new Date('2026-03-01T10:00:00.000Z');
const payout = (overrides: Partial<PayoutInput> = {}) =>
  payoutFor({
    payout: 19_900,
    currency: 'EUR',
    method: 'VOUCHER',
    grade: 'GOOD',
    category: 'jeans',
    segment: 'NEW',
    rules,
    now,
    ...overrides,
  });

describe('payoutFor', () => {
  it('adds every bonus that applies to the graded payout, line by line', () => {
    const result = payout({ grade: 'LIKE_NEW', category: 'smartphone', segment: 'RETURNING' });

    expect(result.breakdown).toEqual([
      { label: 'Graded payout', amount: 19_900 },
      { label: 'Grade LIKE_NEW bonus', amount: 995 },
      { label: 'Category smartphone bonus', amount: 500 },
      { label: 'Segment RETURNING bonus', amount: 400 },
      { label: 'Voucher bonus', amount: 1_990 },
    ]);
  });

  it('pays the sum of the breakdown', () => {
    expect(payout({ grade: 'LIKE_NEW', category: 'smartphone', segment: 'RETURNING' })).toMatchObject({
      amount: 23_785,
      currency: 'EUR',
    });
  });

  it('computes every percentage on the graded payout, not on other bonuses', () => {
    const result = payout({ grade: 'LIKE_NEW', category: 'smartphone' });

    expect(result.breakdown.find((line) => line.label === 'Voucher bonus')?.amount).toBe(1_990);
  });

  it('adds a percentage and a fixed bonus of the same tier together', () => {
    // 2.5 % of 199.00 is 4.975, rounded down to 4.97, plus 1.00
    expect(payout({ category: 'jacket' }).breakdown).toContainEqual({ label: 'Category jacket bonus', amount: 597 });
  });

  it('rounds each percentage down to a whole cent', () => {
    // 5 % of 199.99 is 9.9995
    expect(payout({ payout: 19_999, grade: 'LIKE_NEW' }).breakdown).toContainEqual({ label: 'Grade LIKE_NEW bonus', amount: 999 });
  });

  it('keeps a percentage that binary floats cannot represent exactly on the right cent', () => {
    const oddRules: PayoutRules = { ...rules, tiers: { voucher: { percent: 0.29 } } };

    // 0.29 % of 100.00 is 0.29; 10000 × 0.29 / 100 comes out as 28.999999999999996 in floats
    expect(payout({ payout: 10_000, rules: oddRules }).amount).toBe(10_029);
  });

  it('caps a bonus at its configured maximum', () => {
    // 10 % of 800.00 would be 80.00
    expect(payout({ payout: 80_000 }).breakdown).toContainEqual({ label: 'Voucher bonus', amount: 5_000 });
  });

  it('leaves out bonuses that add nothing', () => {
    expect(payout({ grade: 'GOOD' }).breakdown.map((line) => line.label)).toEqual(['Graded payout', 'Voucher bonus']);
  });

  it('pays no voucher bonus for a bank transfer', () => {
    expect(payout({ method: 'BANK_TRANSFER' }).breakdown).toEqual([{ label: 'Graded payout', amount: 19_900 }]);
  });

  it('gives a bank transfer the same grade, category and segment bonuses as a voucher', () => {
    const overrides = { grade: 'LIKE_NEW', category: 'smartphone', segment: 'RETURNING' } as const;

    expect(payout({ ...overrides, method: 'BANK_TRANSFER' }).breakdown).toEqual(
      payout(overrides).breakdown.filter((line) => line.label !== 'Voucher bonus'),
    );
  });

  it('lets a voucher be spent until the end of the day its validity ends', () => {
    expect(payout().expiresAt).toBe('2027-03-01T23:59:59.999Z');
  });

  it('gives a bank transfer no expiry', () => {
    expect(payout({ method: 'BANK_TRANSFER' })).not.toHaveProperty('expiresAt');
  });

  it('adds up the breakdown to the amount for every payout from 0 to 2,000.00 in odd steps', () => {
    const mismatches = Array.from({ length: 2_000 }, (_, index) => index * 101)
      .map((graded) => payout({ payout: graded, grade: 'LIKE_NEW', category: 'jacket', segment: 'RETURNING' }))
      .filter((result) => result.breakdown.reduce((sum, line) => sum + line.amount, 0) !== result.amount);

    expect(mismatches).toEqual([]);
  });

  it('pays nothing but fixed bonuses for an item graded at nothing', () => {
    expect(payout({ payout: 0, category: 'smartphone' }).amount).toBe(500);
  });

  it('refuses a payout in another currency than the rules', () => {
    const error = errorOf(UnprocessableError, () => payout({ currency: 'CHF' }));

    expect([error.message, error.extensions]).toEqual(['The payout is in CHF, but the payout rules are in EUR', { currency: 'EUR' }]);
  });

  it.each([-1, 99.5, Number.NaN])('refuses a graded payout of %s', (graded) => {
    expect(() => payout({ payout: graded })).toThrow(ValidationError);
  });

  it.each([
    ['a percentage with three decimals', { percent: 2.125 }],
    ['a negative percentage', { percent: -5 }],
    ['a fractional fixed bonus', { fixed: 0.5 }],
    ['a negative cap', { percent: 5, cap: -1 }],
  ])('refuses a bonus configured with %s', (_, bonus) => {
    expect(() => payout({ rules: { ...rules, tiers: { voucher: bonus } } })).toThrow(UnprocessableError);
  });

  it('refuses vouchers that would expire on the day they are issued', () => {
    expect(() => payout({ rules: { ...rules, voucherExpiryDays: 0 } })).toThrow(UnprocessableError);
  });

  it('pays a returning customer of the demo brand 241.00 as a voucher for a like-new phone graded at 200.00', () => {
    const result = payoutFor({
      payout: 20_000,
      currency: 'EUR',
      method: 'VOUCHER',
      grade: 'LIKE_NEW',
      category: 'smartphone',
      segment: 'RETURNING',
      rules: demoPayoutRules,
      now,
    });

    // +5 % grade, +5.00 smartphone, +3 % returning, +10 % voucher
    expect(result.amount).toBe(24_100);
  });
});

describe('payoutIsMade', () => {
  it('counts an issued voucher, an exported transfer and a payout of 0 as made, a reserved voucher and a queued transfer not yet', () => {
    expect(PAYOUT_STATUSES.filter(payoutIsMade)).toEqual(['ISSUED', 'EXPORTED', 'NOTHING_TO_PAY']);
    expect(payoutIsMade(undefined)).toBe(false);
  });
});
