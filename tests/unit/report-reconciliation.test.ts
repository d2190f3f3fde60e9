import { describe, expect, it } from 'vitest';
import type { LedgerKind, LedgerLine } from '../../shared/domain/ledger';
import { ledgerFigures, reconciledFiguresOf, reportDrift, type ReconciledFigures } from '../../shared/domain/report-reconciliation';
import { financeFigures } from '../support/sample-reports';

let sequence = 0;
function line(kind: LedgerKind, amount: number, overrides: Partial<LedgerLine> = {}): LedgerLine {
  sequence += 1;
  return {
    entryId: `${kind}#${sequence}`,
    kind,
    direction: kind === 'SALE' || kind === 'SHIPPING' ? 'REVENUE' : 'COST',
    amount: { amount, currency: 'EUR' },
    description: kind,
    at: '2026-03-10T10:00:00.000Z',
    passportId: `P${sequence}`,
    brand: 'demo',
    category: 'smartphone',
    ...overrides,
  };
}

const NONE: ReconciledFigures = { itemsPaid: 0, payouts: 0, payoutCost: 0, labelCost: 0, repairCost: 0, fees: 0, itemsSold: 0, revenue: 0, buyerReturns: 0, refunds: 0 };

describe('ledgerFigures', () => {
  it('counts a voucher payout as one item paid, at its face value and at its cost to the brand', () => {
    const figures = ledgerFigures([line('PAYOUT', 18_861, { faceValue: { amount: 31_435, currency: 'EUR' } })]);

    expect(figures.get('smartphone')).toEqual({ ...NONE, itemsPaid: 1, payouts: 31_435, payoutCost: 18_861 });
  });

  it('counts a payout without a face value at its amount, as a bank transfer', () => {
    expect(ledgerFigures([line('PAYOUT', 14_900)]).get('smartphone')).toMatchObject({ payouts: 14_900, payoutCost: 14_900 });
  });

  it('adds repair labour and parts into the repair cost, and the label cost apart', () => {
    const figures = ledgerFigures([line('REPAIR', 4_500), line('PARTS', 2_990), line('LABEL', 549)]);

    expect(figures.get('smartphone')).toEqual({ ...NONE, repairCost: 7_490, labelCost: 549 });
  });

  it('counts a sale as one item sold, its revenue the price and the shipping the buyer paid, and the fee apart', () => {
    const figures = ledgerFigures([line('SALE', 24_900), line('SHIPPING', 499), line('CHANNEL_FEE', 2_988)]);

    expect(figures.get('smartphone')).toEqual({ ...NONE, itemsSold: 1, revenue: 25_399, fees: 2_988 });
  });

  it('counts a sale its buyer sent back as one return at its refund, and the fee credited back off the fees', () => {
    const figures = ledgerFigures([line('SALE', 24_900), line('CHANNEL_FEE', 2_988), line('SALE_REFUND', 24_900), line('FEE_REFUND', 2_490)]);

    expect(figures.get('smartphone')).toEqual({ ...NONE, itemsSold: 1, revenue: 24_900, fees: 498, buyerReturns: 1, refunds: 24_900 });
  });

  it('counts a return refunded nothing as a return all the same', () => {
    expect(ledgerFigures([line('SALE_REFUND', 0)]).get('smartphone')).toEqual({ ...NONE, buyerReturns: 1 });
  });

  it('keeps the figures of each category apart', () => {
    const figures = ledgerFigures([line('LABEL', 549), line('LABEL', 549, { category: 'jacket' }), line('LABEL', 549)]);

    expect([...figures].map(([category, { labelCost }]) => [category, labelCost])).toEqual([
      ['smartphone', 1_098],
      ['jacket', 549],
    ]);
  });
});

describe('reportDrift', () => {
  const agreed = new Map([['smartphone', { ...NONE, itemsPaid: 1, payouts: 31_435, payoutCost: 18_861, labelCost: 549 }]]);

  it('finds nothing when the aggregates say what the ledger says', () => {
    expect(reportDrift(agreed, new Map(agreed))).toEqual([]);
  });

  it('names the category, the figure and both values where they differ', () => {
    const aggregates = new Map([['smartphone', { ...agreed.get('smartphone')!, labelCost: 1_098, itemsPaid: 2 }]]);

    expect(reportDrift(agreed, aggregates)).toEqual([
      { category: 'smartphone', figure: 'itemsPaid', ledger: 1, aggregates: 2 },
      { category: 'smartphone', figure: 'labelCost', ledger: 549, aggregates: 1_098 },
    ]);
  });

  it('counts a category only one side knows as all zeros on the other', () => {
    const ledger = new Map([...agreed, ['jacket', { ...NONE, fees: 120 }]]);
    const aggregates = new Map([...agreed, ['shoes', { ...NONE, itemsSold: 1 }]]);

    expect(reportDrift(ledger, aggregates)).toEqual([
      { category: 'jacket', figure: 'fees', ledger: 120, aggregates: 0 },
      { category: 'shoes', figure: 'itemsSold', ledger: 0, aggregates: 1 },
    ]);
  });

  it('finds no drift in a category whose figures are all zero on both sides', () => {
    expect(reportDrift(new Map(), new Map([['tablet', NONE]]))).toEqual([]);
  });
});

describe('reconciledFiguresOf', () => {
  it('takes the reconciled figures of the finance rows by their category', () => {
    const row = { key: 'smartphone', ...financeFigures({ itemsPaid: 2, payouts: 29_800, costs: 20_000, margin: -200, roi: -0.01 }) };

    expect(reconciledFiguresOf([row])).toEqual(new Map([['smartphone', { ...NONE, itemsPaid: 2, payouts: 29_800 }]]));
  });
});
