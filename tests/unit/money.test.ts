import { describe, expect, it } from 'vitest';
import { currencyDigits, decimalUnits, majorUnits } from '../../shared/domain/money';

describe("a currency's minor units", () => {
  it('has as many decimals as ISO 4217 gives the currency, and two for a code Intl cannot format', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KRW')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
    expect(currencyDigits('BHD')).toBe(3);
    expect(currencyDigits('EURO')).toBe(2);
  });

  it('turns minor units into units by the currency: a yen is its own minor unit', () => {
    expect(majorUnits(22_170, 'JPY')).toBe(22_170);
    expect(majorUnits(22_170, 'EUR')).toBe(221.7);
    expect(majorUnits(22_170, 'KWD')).toBe(22.17);
  });

  it('writes minor units as a decimal string without float error', () => {
    expect(decimalUnits(1_005, 2)).toBe('10.05');
    expect(decimalUnits(22_170, 0)).toBe('22170');
    expect(decimalUnits(-5, 3)).toBe('-0.005');
  });
});
