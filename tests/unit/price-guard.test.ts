import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../shared/domain/ledger';
import { CostInOtherCurrencyError, guardPrice, PriceLosesMoneyError } from '../../shared/domain/price-guard';
import { problemFor } from '../../shared/http/problem';
import { errorOf } from '../support/errors';
import { eur, ledgerLine } from '../support/ledger-lines';

const at = '2026-12-06T10:00:00.000Z';
const line = (kind: LedgerEntry['kind'], direction: LedgerEntry['direction'], amount: number, currency = 'EUR') => ledgerLine(kind, direction, amount, currency, at);
/** A repaired phone: label 5.49 €, a voucher costing 150.00 €, labour 40.00 € and parts 15.00 €: 210.49 € so far. */
const repaired = [line('LABEL', 'COST', 549), line('PAYOUT', 'COST', 15_000), line('REPAIR', 'COST', 4_000), line('PARTS', 'COST', 1_500)];

describe('guardPrice', () => {
  it('refuses a price that nets less than the item has cost so far, naming both figures in words and at the price', () => {
    const error = errorOf(PriceLosesMoneyError, () => guardPrice({ price: eur(100), fee: eur(27), ledger: repaired }));

    expect(problemFor(error)).toEqual({
      type: 'https://kreislauf.dev/problems/price-loses-money',
      title: 'Price loses money',
      status: 422,
      detail:
        "At €1.00 the listing nets €0.73 after the channel's fee, but the item has cost €210.49 so far: a loss of €209.76. Set a price that nets at least €210.49, or send acceptLoss with a reason.",
      cost: eur(21_049),
      net: eur(73),
      errors: [{ in: 'body', path: ['price', 'amount'], message: "nets €0.73 after the channel's fee, less than the €210.49 the item has cost so far" }],
    });
  });

  it('takes a price that nets exactly what the item has cost, and refuses one a cent lower', () => {
    expect(guardPrice({ price: eur(23_599), fee: eur(2_550), ledger: repaired })).toBeUndefined();
    expect(() => guardPrice({ price: eur(23_598), fee: eur(2_550), ledger: repaired })).toThrow(PriceLosesMoneyError);
  });

  it('takes a losing price with acceptLoss, and answers the reason with the figures for its event', () => {
    expect(guardPrice({ price: eur(100), fee: eur(27), ledger: repaired, acceptLoss: { reason: 'Display model, clearance' } })).toEqual({
      reason: 'Display model, clearance',
      cost: eur(21_049),
      net: eur(73),
    });
  });

  it('records no accepted loss on a price that loses nothing, even when the request carries acceptLoss', () => {
    expect(guardPrice({ price: eur(30_000), fee: eur(3_000), ledger: repaired, acceptLoss: { reason: 'Just in case' } })).toBeUndefined();
  });

  it("counts a sale its buyer sent back for what it lost (the fee kept), not for its refund", () => {
    const returned = [
      ...repaired,
      line('SALE', 'REVENUE', 30_000),
      line('SHIPPING', 'REVENUE', 490),
      line('CHANNEL_FEE', 'COST', 3_000),
      line('SALE_REFUND', 'COST', 30_490),
      line('FEE_REFUND', 'REVENUE', 2_000),
    ];
    // 210.49 € before the sale, and the 10.00 € of the fee the channel kept.
    expect(guardPrice({ price: eur(22_049), fee: eur(0), ledger: returned })).toBeUndefined();
    const error = errorOf(PriceLosesMoneyError, () => guardPrice({ price: eur(22_048), fee: eur(0), ledger: returned }));
    expect(error.extensions).toEqual({ cost: eur(22_049), net: eur(22_048) });
  });

  it("refuses a price whose channel's fixed fee takes more than the price, even on an item that cost nothing", () => {
    const error = errorOf(PriceLosesMoneyError, () => guardPrice({ price: eur(20), fee: eur(35), ledger: [] }));
    expect(error.extensions).toEqual({ cost: eur(0), net: eur(-15) });
  });

  it('refuses to add a cost in another currency to the price, with or without acceptLoss', () => {
    const ledger = [...repaired, { ...line('PARTS', 'COST', 900, 'USD'), entryId: 'P1-R1:part:2' }];
    for (const acceptLoss of [undefined, { reason: 'Display model' }]) {
      const error = errorOf(CostInOtherCurrencyError, () => guardPrice({ price: eur(30_000), fee: eur(3_000), ledger, acceptLoss }));
      expect(problemFor(error)).toMatchObject({
        title: 'Cost in another currency',
        status: 422,
        entryId: 'P1-R1:part:2',
        ledgerCurrency: 'USD',
        errors: [{ in: 'body', path: ['price', 'currency'], message: "cannot be checked against the item's costs in USD" }],
      });
    }
  });
});
