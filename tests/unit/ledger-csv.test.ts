import { describe, expect, it } from 'vitest';
import type { LedgerLine } from '../../shared/domain/ledger';
import { LEDGER_CSV_COLUMNS, renderLedgerCsv } from '../../shared/domain/ledger-csv';

const line = (overrides: Partial<LedgerLine>): LedgerLine => ({
  entryId: 'SALE#ebay#12-345',
  kind: 'SALE',
  direction: 'REVENUE',
  amount: { amount: 24_905, currency: 'EUR' },
  description: 'Sold on ebay, order 12-345',
  at: '2026-11-20T10:00:00.000Z',
  sale: { channel: 'ebay', orderId: '12-345' },
  passportId: '01JD3V6Q8Z5W4X2Y1T0S9R8P7N',
  brand: 'demo',
  category: 'smartphone',
  ...overrides,
});

describe('the ledger as CSV', () => {
  it('writes a header and one row per line, money in decimal units, an empty cell where a line has no such field', () => {
    const voucher = line({
      entryId: 'PAYOUT#V1',
      kind: 'PAYOUT',
      direction: 'COST',
      amount: { amount: 18_861, currency: 'EUR' },
      faceValue: { amount: 31_435, currency: 'EUR' },
      description: 'Voucher V1',
      sale: undefined,
    });
    const csv = renderLedgerCsv([line({}), voucher]);

    expect(csv.split('\r\n')).toEqual([
      LEDGER_CSV_COLUMNS.join(','),
      '2026-11-20T10:00:00.000Z,01JD3V6Q8Z5W4X2Y1T0S9R8P7N,smartphone,SALE,REVENUE,249.05,EUR,"Sold on ebay, order 12-345",SALE#ebay#12-345,ebay,12-345,,',
      '2026-11-20T10:00:00.000Z,01JD3V6Q8Z5W4X2Y1T0S9R8P7N,smartphone,PAYOUT,COST,188.61,EUR,Voucher V1,PAYOUT#V1,,,,314.35',
      '',
    ]);
    expect(LEDGER_CSV_COLUMNS).toEqual(['at', 'passportId', 'category', 'kind', 'direction', 'amount', 'currency', 'description', 'entryId', 'channel', 'orderId', 'jobId', 'faceValue']);
  });

  it('writes a currency without minor units as whole units, and keeps a text that would run as a formula text', () => {
    const csv = renderLedgerCsv([line({ amount: { amount: 1_500, currency: 'JPY' }, category: '=HYPERLINK("x")', jobId: '01JD3V6Q8Z5W4X2Y1T0S9R8P7N-R1' })]);

    expect(csv.split('\r\n')[1]).toBe(
      `2026-11-20T10:00:00.000Z,01JD3V6Q8Z5W4X2Y1T0S9R8P7N,"'=HYPERLINK(""x"")",SALE,REVENUE,1500,JPY,"Sold on ebay, order 12-345",SALE#ebay#12-345,ebay,12-345,01JD3V6Q8Z5W4X2Y1T0S9R8P7N-R1,`,
    );
  });

  it('writes only the header for a month without lines', () => {
    expect(renderLedgerCsv([])).toBe(`${LEDGER_CSV_COLUMNS.join(',')}\r\n`);
  });
});
