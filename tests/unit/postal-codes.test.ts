import { describe, expect, it } from 'vitest';
import { isPostalCodeForm, isPostalCodeOf, POSTAL_CODE_FORM, postalCodeFormat } from '../../shared/domain/postal-codes';
import { dhlSenderCountry } from '../../shared/adapters/dhl/sender-countries';
import { issueWords } from '../../shared/http/issue-words';
import { LabelRetryRequestSchema } from '../../shared/schemas/staff';
import { TakeBackRequestSchema } from '../../shared/schemas/take-back';

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

describe("a postcode as DHL takes one from any country (3 to 10 letters and digits, in groups)", () => {
  const address = (postalCode: string, country: string) => ({ street: 'High Street', houseNumber: '1', postalCode, city: 'London', country });
  const take = (postalCode: string, country: string) =>
    (TakeBackRequestSchema.safeParse(
      {
        quoteId: '01M7ZXYPY22CD95WFK5GDM66AR',
        customer: { name: 'Erika Mustermann', email: 'erika@example.org' },
        address: address(postalCode, country),
        payout: { method: 'VOUCHER' },
      },
      { error: issueWords },
    ).error?.issues ?? []).map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const correct = (postalCode: string, country: string) =>
    (LabelRetryRequestSchema.safeParse({ returnAddress: { name: 'Erika Mustermann', ...address(postalCode, country) } }, { error: issueWords }).error?.issues ?? []).map(
      (issue) => ({ path: issue.path.join('.'), message: issue.message }),
    );
  const FORM = 'must be letters and digits, in groups parted by one space or hyphen';

  it.each([
    ['GB', 'SW1A 1AA'],
    ['IE', 'D02 X285'],
    ['LU', 'L-1234'],
    ['LV', 'LV-1050'],
    ['MT', 'VLT 1117'],
    ['GB', ' EC1A 1BB '],
  ])('takes %s %j', (country, postalCode) => {
    expect(take(postalCode, country)).toEqual([]);
    expect(correct(postalCode, country)).toEqual([]);
  });

  it.each([
    ['GB', 'SW1A.1AA', FORM],
    ['GB', 'SW1A  1AA', FORM],
    ['IE', 'D02/X285', FORM],
    ['LU', '-1234', FORM],
    ['GB', 'Ä12 3BB', FORM],
  ])('refuses %s %j at the field, as DHL would refuse its label: %s', (country, postalCode, message) => {
    expect(take(postalCode, country)).toEqual([{ path: 'address.postalCode', message }]);
    expect(correct(postalCode, country)).toEqual([{ path: 'returnAddress.postalCode', message }]);
  });

  it("refuses a postcode its country does not have in a label's corrected address as in a take-back, and a take-back without an address with a 400's issue, not a TypeError", () => {
    expect(correct('1011', 'DE')).toEqual([{ path: 'returnAddress.postalCode', message: 'must be a postcode of DE, e.g. 10115' }]);
    expect(take('1011', 'DE')).toEqual([{ path: 'address.postalCode', message: 'must be a postcode of DE, e.g. 10115' }]);
    expect(correct('10115', 'DE')).toEqual([]);
    const without = (body: object) => TakeBackRequestSchema.safeParse(body, { error: issueWords }).error?.issues.map((issue) => issue.path.join('.'));
    expect(without({})).toContain('address');
    expect(without({ quoteId: '01M7ZXYPY22CD95WFK5GDM66AR', address: null })).toContain('address');
    expect(without({ quoteId: '01M7ZXYPY22CD95WFK5GDM66AR', address: 'Hauptstraße 1' })).toContain('address');
    for (const wrong of [[], [address('10115', 'DE')], ['x', 'x', 'x']]) expect(without({ quoteId: '01M7ZXYPY22CD95WFK5GDM66AR', address: wrong })).toContain('address');
    for (const returnAddress of [[], [1]]) {
      expect(LabelRetryRequestSchema.safeParse({ returnAddress }, { error: issueWords }).error?.issues.map((issue) => issue.path.join('.'))).toContain('returnAddress');
    }
  });

  it('refuses one of fewer than 3 characters with one issue, not also for its form', () => {
    for (const postalCode of ['', '1', 'E1']) {
      const issues = take(postalCode, 'GB');
      expect(issues, postalCode).toHaveLength(1);
      expect(issues[0]!.path).toBe('address.postalCode');
      expect(issues[0]!.message, postalCode).not.toBe(FORM);
    }
  });

  it('is told to the customer pages as the schema checks it (isPostalCodeForm)', () => {
    for (const [postalCode, taken] of [['SW1A 1AA', true], [' D02 X285 ', true], ['L-1234', true], ['SW1A.1AA', false], ['E1', false], ['12345678901', false], ['', false]] as const) {
      expect(isPostalCodeForm(postalCode), postalCode).toBe(taken);
      expect(take(postalCode, 'IE').length === 0, postalCode).toBe(taken);
    }
  });

  it('refuses in linear time a long text that almost has the form', () => {
    expect(POSTAL_CODE_FORM.test(`${'1'.repeat(100_000)}.`)).toBe(false);
  });
});
