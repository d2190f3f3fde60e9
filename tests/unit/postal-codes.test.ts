import { describe, expect, it } from 'vitest';
import { isPostalCodeOf, postalCodeFormat } from '../../shared/domain/postal-codes';
import { dhlSenderCountry } from '../../shared/adapters/dhl/sender-countries';

describe('postcodes by country', () => {
  it.each([
    ['DE', '10115', true],
    ['DE', 'ABCDE', false],
    ['DE', '1011', false],
    ['AT', '1010', true],
    ['AT', '10115', false],
    ['NL', '1012 ab', true],
    ['NL', '1012AB', true],
    ['NL', '0123 AB', false],
    ['SE', '11122', true],
    ['SE', '111 22', true],
    ['PL', '00950', false],
    ['GB', 'SW1A 1AA', true],
  ])('takes %s %s: %s', (country, postalCode, valid) => {
    expect(isPostalCodeOf(country, postalCode)).toBe(valid);
  });

  it("gives for each country it checks an example its own check takes, for countries DHL takes returns from", () => {
    for (const country of ['AT', 'BE', 'BG', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']) {
      const format = postalCodeFormat(country);
      expect(format, country).toBeDefined();
      expect(isPostalCodeOf(country, format!.example), country).toBe(true);
      expect(dhlSenderCountry(country), country).toBeDefined();
    }
  });
});
