import { describe, expect, it } from 'vitest';
import { UnprocessableError } from '../../shared/domain/errors';
import { itemEconomics } from '../../shared/domain/ledger';
import { isSameSaleReturn, paidFor, type RecordedSale, saleReturnAmounts, saleReturnEntries } from '../../shared/domain/sale-return';
import { SaleReturnRequestSchema } from '../../shared/schemas/staff';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const sale: RecordedSale = { channel: 'ebay', orderId: '12-345', price: eur(24_900), fee: eur(2_988), shipping: eur(499), at: '2026-11-20T10:00:00.000Z' };
const at = '2026-12-06T10:00:00.000Z';

function problemsOf(act: () => unknown) {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(UnprocessableError);
    return (error as UnprocessableError).issues;
  }
  throw new Error('expected an UnprocessableError');
}

describe('the amounts of a returned sale', () => {
  it('refunds all the buyer paid, item and shipping, and no fee, when the warehouse says nothing else', () => {
    expect(paidFor(sale)).toBe(25_399);
    expect(paidFor({ price: eur(24_900) })).toBe(24_900);
    expect(saleReturnAmounts(sale, {})).toEqual({ refund: eur(25_399), feeRefunded: eur(0) });
  });

  it('takes a partial refund and a fee credited back as given', () => {
    expect(saleReturnAmounts(sale, { refund: eur(20_000), feeRefunded: eur(2_988) })).toEqual({ refund: eur(20_000), feeRefunded: eur(2_988) });
  });

  it('takes a refund of exactly what the buyer paid, and nothing at all', () => {
    expect(saleReturnAmounts(sale, { refund: eur(25_399) }).refund).toEqual(eur(25_399));
    expect(saleReturnAmounts(sale, { refund: eur(0) }).refund).toEqual(eur(0));
  });

  it('refuses a refund above what the buyer paid, and a fee credited back above the fee, naming each field', () => {
    expect(problemsOf(() => saleReturnAmounts(sale, { refund: eur(25_400), feeRefunded: eur(2_989) }))).toEqual([
      { in: 'body', path: ['refund', 'amount'], message: 'must be at most 25399, what the buyer paid (the item and its shipping, in minor units)' },
      { in: 'body', path: ['feeRefunded', 'amount'], message: 'must be at most 2988, the fee ebay kept' },
    ]);
  });

  it("refuses amounts in another currency than the sale's", () => {
    const problems = problemsOf(() => saleReturnAmounts(sale, { refund: { amount: 100, currency: 'CHF' }, feeRefunded: { amount: 1, currency: 'USD' } }));
    expect(problems.map((problem) => problem.path)).toEqual([
      ['refund', 'currency'],
      ['feeRefunded', 'currency'],
    ]);
  });

  it('caps a refund without shipping at the price', () => {
    const { shipping: _shipping, ...withoutShipping } = sale;
    expect(problemsOf(() => saleReturnAmounts(withoutShipping, { refund: eur(24_901) }))).toHaveLength(1);
  });
});

describe('the ledger lines of a returned sale', () => {
  it('books the refund as a cost and the fee credited back as revenue, each named by the order', () => {
    expect(saleReturnEntries(sale, { refund: eur(25_399), feeRefunded: eur(2_988) }, at)).toEqual([
      { entryId: 'SALE_REFUND#ebay#12-345', kind: 'SALE_REFUND', direction: 'COST', amount: eur(25_399), description: expect.any(String), at, sale: { channel: 'ebay', orderId: '12-345' } },
      { entryId: 'FEE_REFUND#ebay#12-345', kind: 'FEE_REFUND', direction: 'REVENUE', amount: eur(2_988), description: expect.any(String), at, sale: { channel: 'ebay', orderId: '12-345' } },
    ]);
  });

  it('books no fee line when the channel credited nothing back', () => {
    expect(saleReturnEntries(sale, { refund: eur(25_399), feeRefunded: eur(0) }, at).map((entry) => entry.kind)).toEqual(['SALE_REFUND']);
  });

  it("leaves the item's margin as if the sale had not been, but for the fee the channel kept", () => {
    const saleLines = [
      { entryId: 'SALE#ebay#12-345', kind: 'SALE' as const, direction: 'REVENUE' as const, amount: eur(24_900), description: '', at },
      { entryId: 'SHIPPING#ebay#12-345', kind: 'SHIPPING' as const, direction: 'REVENUE' as const, amount: eur(499), description: '', at },
      { entryId: 'CHANNEL_FEE#ebay#12-345', kind: 'CHANNEL_FEE' as const, direction: 'COST' as const, amount: eur(2_988), description: '', at },
    ];
    const returned = saleReturnEntries(sale, { refund: eur(25_399), feeRefunded: eur(2_490) }, at);

    expect(itemEconomics([...saleLines, ...returned], 'EUR')).toMatchObject({ margin: -498 });
  });
});

describe('a return asked for again', () => {
  const recorded = { channel: 'ebay', orderId: '12-345', reason: 'DEFECTIVE' as const, refund: eur(25_399), feeRefunded: eur(0), route: 'REPAIR' as const, notes: 'Screen dead', by: 'ops-1', at };
  const request = { reason: 'DEFECTIVE' as const, route: 'REPAIR' as const, notes: 'Screen dead' };
  const amounts = saleReturnAmounts(sale, {});

  it("is the same return when the same person asks for it alike, the defaults filled from the sale", () => {
    expect(isSameSaleReturn(recorded, 'ops-1', request, amounts)).toBe(true);
  });

  it.each([
    ['another person', 'ops-2', request, amounts],
    ['another reason', 'ops-1', { ...request, reason: 'CHANGED_MIND' as const }, amounts],
    ['another route', 'ops-1', { ...request, route: 'RESELL' as const }, amounts],
    ['other notes', 'ops-1', { ...request, notes: 'Scratched' }, amounts],
    ['another refund', 'ops-1', request, { ...amounts, refund: eur(20_000) }],
  ] as const)('is another return from %s', (_name, by, asked, withAmounts) => {
    expect(isSameSaleReturn(recorded, by, asked, withAmounts)).toBe(false);
  });
});

describe("the return's request", () => {
  it('says what each field must be, not only that it is invalid', () => {
    const checked = SaleReturnRequestSchema.safeParse({ reason: 'BORED', route: 'SELL', refund: { amount: -5, currency: 'EUR' }, feeRefunded: { amount: 1.5, currency: 'EUR' } });

    expect(checked.success).toBe(false);
    expect(checked.error!.issues.map(({ path, message }) => [path.join('.'), message])).toEqual([
      ['reason', 'must be one of CHANGED_MIND, NOT_AS_DESCRIBED, DAMAGED_IN_TRANSIT, DEFECTIVE, OTHER'],
      ['refund.amount', 'must be 0 or more'],
      ['feeRefunded.amount', 'must be a whole number of minor units (cents)'],
      ['route', 'must be one of RESELL, REPAIR, RECYCLE'],
    ]);
  });

  it('takes a reason and a route alone', () => {
    expect(SaleReturnRequestSchema.parse({ reason: 'DEFECTIVE', route: 'REPAIR' })).toEqual({ reason: 'DEFECTIVE', route: 'REPAIR' });
  });
});
