import { describe, expect, it } from 'vitest';
import { decimalOf, minorUnitsOf } from '../../shared/adapters/http/channel-http';
import { SalesChannelUnavailableError } from '../../shared/ports/sales-channel';

describe('channel amounts', () => {
  it('writes minor units as the channels’ decimal strings', () => {
    expect(decimalOf({ amount: 36_699, currency: 'EUR' })).toBe('366.99');
    expect(decimalOf({ amount: 5, currency: 'EUR' })).toBe('0.05');
    expect(decimalOf({ amount: 0, currency: 'EUR' })).toBe('0.00');
  });

  it('reads the channels’ decimal strings as minor units without floats', () => {
    expect(minorUnitsOf('366.99', 'EUR')).toBe(36_699);
    expect(minorUnitsOf('366.9', 'EUR')).toBe(36_690);
    expect(minorUnitsOf('1.15', 'EUR')).toBe(115);
    expect(minorUnitsOf('20', 'EUR')).toBe(2_000);
    expect(minorUnitsOf(4.9, 'EUR')).toBe(490);
    expect(minorUnitsOf('4.900', 'EUR')).toBe(490);
    expect(() => minorUnitsOf('12,50', 'EUR')).toThrow(SalesChannelUnavailableError);
    expect(() => minorUnitsOf('4.999', 'EUR')).toThrow(SalesChannelUnavailableError);
  });

  it('reads and writes an amount with its currency’s decimals: none for the yen, three for the Kuwaiti dinar', () => {
    expect(minorUnitsOf('22170', 'JPY')).toBe(22_170);
    expect(minorUnitsOf('22170.0', 'JPY')).toBe(22_170);
    expect(() => minorUnitsOf('221.70', 'JPY')).toThrow(SalesChannelUnavailableError);
    expect(minorUnitsOf('12.345', 'KWD')).toBe(12_345);
    expect(minorUnitsOf('-0.5', 'KWD')).toBe(-500);
    expect(decimalOf({ amount: 22_170, currency: 'JPY' })).toBe('22170');
    expect(decimalOf({ amount: 12_345, currency: 'KWD' })).toBe('12.345');
    expect(decimalOf({ amount: -5, currency: 'EUR' })).toBe('-0.05');
  });
});
