import { describe, expect, it } from 'vitest';
import { minorUnitsOf, shareOfPercent, typedAmount, typedPercent } from '../../web/src/staff/amounts';

describe('amounts typed in the staff console', () => {
  it('reads an amount in either decimal sign, with or without the euro sign, and refuses anything else', () => {
    expect(minorUnitsOf('249,90', 'EUR')).toBe(24_990);
    expect(minorUnitsOf('249.9', 'EUR')).toBe(24_990);
    expect(minorUnitsOf(' 1000 € ', 'EUR')).toBe(100_000);
    expect(minorUnitsOf('', 'EUR')).toBeUndefined();
    for (const typed of ['1.299,00', '12,345', '-5', 'neun', '1e3']) expect(minorUnitsOf(typed, 'EUR')).toBeNaN();
  });

  it('reads a yen amount as whole yen, and refuses one with decimals rather than read it as cents', () => {
    expect(minorUnitsOf('59900', 'JPY')).toBe(59_900);
    expect(minorUnitsOf('¥59900', 'JPY')).toBe(59_900);
    expect(minorUnitsOf('59900 ￥', 'JPY')).toBe(59_900);
    for (const typed of ['599,00', '599.0', '599,', '59.900']) expect(minorUnitsOf(typed, 'JPY')).toBeNaN();
  });

  it('reads an amount in a currency of three decimals in thousandths', () => {
    expect(minorUnitsOf('12,5', 'KWD')).toBe(12_500);
    expect(minorUnitsOf('12.345', 'KWD')).toBe(12_345);
    expect(minorUnitsOf('12,3456', 'KWD')).toBeNaN();
  });

  it("writes an amount to be typed again in the page language, with the currency's decimals", () => {
    expect(typedAmount(44_900, 'EUR', 'de')).toBe('449,00');
    expect(typedAmount(44_905, 'EUR', 'en')).toBe('449.05');
    expect(typedAmount(59_900, 'JPY', 'de')).toBe('59900');
    expect(typedAmount(12_345, 'KWD', 'de')).toBe('12,345');
    for (const currency of ['EUR', 'JPY', 'KWD']) expect(minorUnitsOf(typedAmount(123_456, currency, 'de'), currency)).toBe(123_456);
  });

  it('reads a share in percent up to two decimals, from 0 to 100', () => {
    expect(shareOfPercent('35')).toBe(0.35);
    expect(shareOfPercent('37,5 %')).toBe(0.375);
    expect(shareOfPercent('0')).toBe(0);
    expect(shareOfPercent('100')).toBe(1);
    expect(shareOfPercent('')).toBeUndefined();
    for (const typed of ['100,01', '101', '12,345', '-1', 'viel']) expect(shareOfPercent(typed)).toBeNaN();
  });

  it('writes a share in percent that reads back as the same number', () => {
    for (const share of [0, 0.01, 0.12, 0.22, 0.3, 0.325, 0.35, 0.45, 0.5555, 1]) {
      expect(shareOfPercent(typedPercent(share, 'de'))).toBe(share);
      expect(shareOfPercent(typedPercent(share, 'en'))).toBe(share);
    }
    expect(typedPercent(0.375, 'de')).toBe('37,5');
    expect(typedPercent(0.12345, 'en')).toBe('12.35');
  });
});
