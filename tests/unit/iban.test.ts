import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors';
import { formatIban, isSepaCountry, maskIban, validateIban } from '../../shared/domain/iban';

/** The example IBAN the SWIFT IBAN Registry gives for every country SEPA reaches. */
const sepaExamples = [
  'AD12 0001 2030 2003 5910 0100', 'AL47 2121 1009 0000 0002 3569 8741', 'AT61 1904 3002 3457 3201',
  'BE68 5390 0754 7034', 'BG80 BNBG 9661 1020 3456 78', 'CH93 0076 2011 6238 5295 7',
  'CY17 0020 0128 0000 0012 0052 7600', 'CZ65 0800 0000 1920 0014 5399', 'DE89 3704 0044 0532 0130 00',
  'DK50 0040 0440 1162 43', 'EE38 2200 2210 2014 5685', 'ES91 2100 0418 4502 0005 1332',
  'FI21 1234 5600 0007 85', 'FR14 2004 1010 0505 0001 3M02 606', 'GB29 NWBK 6016 1331 9268 19',
  'GI75 NWBK 0000 0000 7099 453', 'GR16 0110 1250 0000 0001 2300 695', 'HR12 1001 0051 8630 0016 0',
  'HU42 1177 3016 1111 1018 0000 0000', 'IE29 AIBK 9311 5212 3456 78', 'IS14 0159 2600 7654 5510 7303 39',
  'IT60 X054 2811 1010 0000 0123 456', 'LI21 0881 0000 2324 013A A', 'LT12 1000 0111 0100 1000',
  'LU28 0019 4006 4475 0000', 'LV80 BANK 0000 4351 9500 1', 'MC58 1122 2000 0101 2345 6789 030',
  'MD24 AG00 0225 1000 1310 4168', 'ME25 5050 0001 2345 6789 51', 'MK07 2501 2000 0058 984',
  'MT84 MALT 0110 0001 2345 MTLC AST0 01S', 'NL91 ABNA 0417 1643 00', 'NO93 8601 1117 947',
  'PL61 1090 1014 0000 0712 1981 2874', 'PT50 0002 0123 1234 5678 9015 4', 'RO49 AAAA 1B31 0075 9384 0000',
  'SE45 5000 0000 0583 9825 7466', 'SI56 1910 0000 0123 438', 'SK31 1200 0000 1987 4263 7541',
  'SM86 U032 2509 8000 0000 0270 100', 'VA59 0011 2300 0012 3456 78',
];

function validationErrorOf(act: () => unknown): ValidationError {
  try {
    act();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('validateIban', () => {
  it('returns the electronic format of an IBAN typed in lower case with spaces', () => {
    expect(validateIban(' de89 3704 0044 0532 0130 00 ')).toEqual({ iban: 'DE89370400440532013000', country: 'DE' });
  });

  it.each(sepaExamples)('accepts the registry example %s', (example) => {
    expect(validateIban(example).iban).toBe(example.replaceAll(' ', ''));
  });

  it('accepts IBANs of countries outside SEPA', () => {
    expect(validateIban('TR33 0006 1005 1978 6457 8413 26').country).toBe('TR');
  });

  it('says a mistyped digit makes the check digits fail', () => {
    const error = validationErrorOf(() => validateIban('DE89 3704 0044 0532 0130 01'));

    expect(error.message).toBe('The check digits of the IBAN do not match: a character is mistyped');
  });

  it('catches two swapped digits', () => {
    expect(() => validateIban('DE89 3704 0044 0532 0310 00')).toThrow(/check digits of the IBAN do not match/);
  });

  it('says how long an IBAN of the country must be', () => {
    const error = validationErrorOf(() => validateIban('DE89 3704 0044 0532 0130 0'));

    expect(error.message).toBe('An IBAN from DE has 22 characters, but this one has 21');
  });

  it('names a character that no IBAN contains', () => {
    const error = validationErrorOf(() => validateIban('DE89-3704-0044-0532-0130-00'));

    expect(error.message).toBe('An IBAN has only letters and digits, but this one contains "-"');
  });

  it('refuses a country that has no IBANs', () => {
    const error = validationErrorOf(() => validateIban('US89 3704 0044 0532 0130 00'));

    expect(error.message).toBe('"US" is not a country with IBANs');
  });

  it('refuses an IBAN that does not start with a country code', () => {
    expect(() => validateIban('1289 3704 0044 0532 0130 00')).toThrow('An IBAN starts with a two-letter country code');
  });

  it('refuses letters in place of the check digits', () => {
    expect(() => validateIban('DEAA 3704 0044 0532 0130 00')).toThrow('"AA" are not IBAN check digits');
  });

  it.each([
    ['01', 'DE01370400440000000042'],
    ['00', 'DE00370400440000000060'],
    ['99', 'DE99370400440000000024'],
  ])('refuses the check digits %s that ISO 13616 never computes, even where mod 97 holds', (digits, iban) => {
    expect(() => validateIban(iban)).toThrow(`"${digits}" are not IBAN check digits`);
  });

  it('refuses an empty IBAN', () => {
    expect(() => validateIban('   ')).toThrow('The IBAN is empty');
  });

  it('points the issue at the field it was given', () => {
    const error = validationErrorOf(() => validateIban('DE00', ['payments', 2, 'creditorIban']));

    expect(error.issues.map((issue) => issue.path)).toEqual([['payments', 2, 'creditorIban']]);
  });
});

describe('isSepaCountry', () => {
  it.each(sepaExamples.map((example) => example.slice(0, 2)))('counts %s as a SEPA country', (country) => {
    expect(isSepaCountry(country)).toBe(true);
  });

  it('does not count Turkey as a SEPA country', () => {
    expect(isSepaCountry('TR')).toBe(false);
  });
});

describe('formatIban', () => {
  it('writes an IBAN in groups of four', () => {
    expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
  });

  it('regroups an IBAN that arrives in another grouping and case', () => {
    expect(formatIban('ch9300 7620 1162 3852 957')).toBe('CH93 0076 2011 6238 5295 7');
  });
});

describe('maskIban', () => {
  it('shows only the country, the check digits and the last four characters', () => {
    expect(maskIban('DE89370400440532013000')).toBe('DE89 **** **** **** **30 00');
  });

  it('masks an IBAN given in print format the same way', () => {
    expect(maskIban('NO93 8601 1117 947')).toBe('NO93 **** ***7 947');
  });

  it('shows only the first two characters of something too short to be an IBAN', () => {
    expect(maskIban('DE8937')).toBe('DE** **');
  });
});
