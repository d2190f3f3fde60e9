import { describe, expect, it } from 'vitest';
import { minorUnitsOf, shareOfPercent, typedAmount, typedPercent } from '../../web/src/staff/amounts';

describe('amounts typed in the staff console', () => {
  it('reads an amount in either decimal sign, with or without the euro sign, and refuses anything else', () => {
    expect(minorUnitsOf('249,90')).toBe(24_990);
    expect(minorUnitsOf('249.9')).toBe(24_990);
    expect(minorUnitsOf(' 1000 € ')).toBe(100_000);
    expect(minorUnitsOf('')).toBeUndefined();
    for (const typed of ['1.299,00', '12,345', '-5', 'neun', '1e3']) expect(minorUnitsOf(typed)).toBeNaN();
  });

  it('writes an amount to be typed again in the page language', () => {
    expect(typedAmount(44_900, 'de')).toBe('449,00');
    expect(typedAmount(44_905, 'en')).toBe('449.05');
    expect(minorUnitsOf(typedAmount(123_456, 'de'))).toBe(123_456);
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
