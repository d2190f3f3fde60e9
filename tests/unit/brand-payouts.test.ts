import { describe, expect, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { customerSegment, expectedArrival, nextBankDay, payoutRulesOf, remittanceFor, totalOf } from '../../shared/domain/brand-payouts';

describe('nextBankDay', () => {
  it('executes a file made on a weekday on the next weekday', () => {
    expect(nextBankDay(new Date('2026-03-03T09:00:00Z'))).toBe('2026-03-04');
  });

  it('skips the weekend', () => {
    expect(nextBankDay(new Date('2026-03-06T16:00:00Z'))).toBe('2026-03-09');
    expect(nextBankDay(new Date('2026-03-07T10:00:00Z'))).toBe('2026-03-09');
  });

  it('skips Good Friday and Easter Monday, which move every year', () => {
    expect(nextBankDay(new Date('2026-04-02T09:00:00Z'))).toBe('2026-04-07');
    expect(nextBankDay(new Date('2027-03-25T09:00:00Z'))).toBe('2027-03-30');
  });

  it('skips the fixed TARGET2 holidays', () => {
    expect(nextBankDay(new Date('2026-12-24T09:00:00Z'))).toBe('2026-12-28');
    expect(nextBankDay(new Date('2026-12-31T09:00:00Z'))).toBe('2027-01-04');
    expect(nextBankDay(new Date('2026-04-30T09:00:00Z'))).toBe('2026-05-04');
  });
});

describe('expectedArrival', () => {
  it('is one bank day after execution, at noon so the date reads the same across Europe', () => {
    expect(expectedArrival('2026-03-06')).toBe('2026-03-09T12:00:00.000Z');
  });
});

describe('customerSegment', () => {
  it('counts a customer paid for an earlier take-back as returning', () => {
    expect(customerSegment(0)).toBe('NEW');
    expect(customerSegment(1)).toBe('RETURNING');
  });
});

describe('payoutRulesOf', () => {
  it("uses the brand's own rules", () => {
    expect(payoutRulesOf(demoBrand.config)).toBe(demoBrand.config.payouts?.rules);
  });

  it('pays a brand without rules the graded payout in its currency, vouchers valid three years', () => {
    const { payouts: _payouts, ...config } = demoBrand.config;
    expect(payoutRulesOf({ ...config, currency: 'CHF' })).toEqual({ currency: 'CHF', voucherExpiryDays: 1_095, tiers: {} });
  });
});

describe('remittanceFor', () => {
  it('names the brand, the take-back and the item', () => {
    expect(remittanceFor({ brandName: 'Demo Outfitters', productName: 'Trailphone X2', passportId: '01JQ3W8Z6E5R2T7Y9U1I4O6P8A' })).toBe(
      'Demo Outfitters trade-in 01JQ3W8Z6E5R2T7Y9U1I4O6P8A: Trailphone X2',
    );
  });

  it('fits the 140 characters of a SEPA remittance', () => {
    expect(remittanceFor({ brandName: 'B', productName: 'x'.repeat(300), passportId: '01JQ3W8Z6E5R2T7Y9U1I4O6P8A' })).toHaveLength(140);
  });

  it('fits them as the file writes them, umlauts spelled out, so that a long German product name does not stop the export', () => {
    const text = remittanceFor({ brandName: 'Demo Outfitters', productName: `Größe XL für Überkopfmontage ${'ä'.repeat(100)}`, passportId: '01JQ3W8Z6E5R2T7Y9U1I4O6P8A' });
    expect(text).toHaveLength(140);
    expect(text).toMatch(/^Demo Outfitters trade-in 01JQ3W8Z6E5R2T7Y9U1I4O6P8A: Groesse XL fuer Ueberkopfmontage (ae)+a?$/);
  });
});

describe('totalOf', () => {
  it('adds payouts of one currency', () => {
    expect(totalOf([{ amount: 100, currency: 'EUR' }, { amount: 250, currency: 'EUR' }], 'EUR')).toEqual({ amount: 350, currency: 'EUR' });
  });

  it('refuses to add currencies', () => {
    expect(() => totalOf([{ amount: 100, currency: 'CHF' }], 'EUR')).toThrow(RangeError);
  });
});
