import { describe, expect, it } from 'vitest';
import { UnprocessableError } from '../../shared/domain/errors';
import {
  bankPayoutEntry,
  itemEconomics,
  labelEntry,
  ledgerLineOf,
  voucherCost,
  voucherPayoutEntry,
} from '../../shared/domain/ledger';
import { errorOf } from '../support/errors';
import { eur, ledgerLine as line } from '../support/ledger-lines';

const at = '2026-11-20T10:00:00.000Z';

describe('voucherCost', () => {
  it("costs the brand the face value times its cost ratio", () => {
    expect(voucherCost(eur(31_435), 0.6)).toEqual(eur(18_861));
  });

  it('rounds a half minor unit up, even where the float product falls just below it', () => {
    // 45 × 0.7 is 31.499999999999996 in binary floats; the cost is 31.5 cents, rounded to 32.
    expect(voucherCost(eur(45), 0.7)).toEqual(eur(32));
    expect(voucherCost(eur(101), 0.6)).toEqual(eur(61));
    expect(voucherCost(eur(103), 0.6)).toEqual(eur(62));
  });

  it('costs the face value when the brand configured no ratio', () => {
    expect(voucherCost(eur(31_435), undefined)).toEqual(eur(31_435));
  });
});

describe('the lines of a label and a payout', () => {
  it('books the label at the brand’s label cost, one line per shipment', () => {
    expect(labelEntry(eur(549), '00340434161094015902', at)).toEqual([
      { entryId: 'LABEL#00340434161094015902', kind: 'LABEL', direction: 'COST', amount: eur(549), description: 'DHL return label 00340434161094015902', detail: { of: 'RETURN_LABEL', carrier: 'DHL', shipmentNo: '00340434161094015902' }, at },
    ]);
  });

  it('books no label line for a brand without a label cost', () => {
    expect(labelEntry(undefined, '00340434161094015902', at)).toEqual([]);
  });

  it('books a voucher at its cost with its face value, under the voucher id', () => {
    expect(voucherPayoutEntry({ voucherId: 'V1', value: eur(31_435) }, 0.6, at)).toMatchObject({
      entryId: 'PAYOUT#V1',
      kind: 'PAYOUT',
      direction: 'COST',
      amount: eur(18_861),
      faceValue: eur(31_435),
    });
  });

  it('books a bank transfer at the amount transferred, under the payout id', () => {
    expect(bankPayoutEntry({ payoutId: 'P1', amount: eur(20_000) }, at)).toMatchObject({
      entryId: 'PAYOUT#P1',
      kind: 'PAYOUT',
      direction: 'COST',
      amount: eur(20_000),
      faceValue: eur(20_000),
    });
  });

  it('carries the passport, its brand and its product category', () => {
    const passport = { id: '01JD3Z6C5W9V1X4N2QHR7T8K0B', brand: 'demo', product: { category: 'smartphone' } };
    expect(ledgerLineOf(passport, line('LABEL', 'COST', 549))).toMatchObject({ passportId: passport.id, brand: 'demo', category: 'smartphone', entryId: 'LABEL#1' });
  });
});

describe('itemEconomics', () => {
  it('takes revenue from sale and shipping and costs from label, payout, repair, parts and fees', () => {
    const ledger = [
      line('LABEL', 'COST', 549),
      line('PAYOUT', 'COST', 18_861),
      line('REPAIR', 'COST', 3_500),
      line('PARTS', 'COST', 1_900),
      line('SALE', 'REVENUE', 31_900),
      line('CHANNEL_FEE', 'COST', 3_190),
      line('SHIPPING', 'REVENUE', 499),
    ];

    expect(itemEconomics(ledger, 'EUR')).toEqual({ currency: 'EUR', revenue: 32_399, costs: 28_000, margin: 4_399 });
  });

  it('shows a loss as a negative margin while nothing is sold', () => {
    expect(itemEconomics([line('LABEL', 'COST', 549), line('PAYOUT', 'COST', 18_861)], 'EUR')).toEqual({
      currency: 'EUR',
      revenue: 0,
      costs: 19_410,
      margin: -19_410,
    });
  });

  it('is zero in the passport’s currency for an empty ledger', () => {
    expect(itemEconomics([], 'EUR')).toEqual({ currency: 'EUR', revenue: 0, costs: 0, margin: 0 });
  });

  it('refuses a line in another currency, naming it', () => {
    const error = errorOf(UnprocessableError, () => itemEconomics([line('SALE', 'REVENUE', 31_900), line('CHANNEL_FEE', 'COST', 500, 'GBP')], 'EUR'));

    expect(error.message).toContain('CHANNEL_FEE#1 is in GBP, not EUR');
  });
});
