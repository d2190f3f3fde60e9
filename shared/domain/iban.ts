/**
 * International Bank Account Numbers (ISO 13616): validation, print format, and the masked form
 * that logs, e-mails and export listings show instead of the whole number.
 */
import { ValidationError } from './errors';

/**
 * IBAN length by country code, as the SWIFT IBAN Registry (the ISO 13616 registration authority)
 * lists them. Territories that use another country's IBAN have no entry of their own: accounts in
 * Åland use FI, in the French overseas departments and collectivities FR, in Guernsey, Jersey and
 * the Isle of Man GB.
 */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22,
  IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18,
  NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31,
  SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20,
};

/**
 * The countries whose IBANs a SEPA credit transfer reaches: the EU and EEA members, Switzerland,
 * the United Kingdom, Andorra, Monaco, San Marino and the Vatican, and since the EPC's extensions
 * of November 2024 and March 2025 Albania, Montenegro, Moldova and North Macedonia.
 */
const SEPA_COUNTRIES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IT',
  'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
  'IS', 'LI', 'NO',
  'CH', 'GB', 'GI', 'AD', 'MC', 'SM', 'VA',
  'AL', 'ME', 'MD', 'MK',
]);

export interface ValidIban {
  /** The electronic format: upper case, no spaces. */
  iban: string;
  /** ISO 3166-1 alpha-2 code of the country the account is held in. */
  country: string;
}

/**
 * Checks an IBAN as a customer typed or pasted it (any case, spaces allowed) and returns it in the
 * electronic format: the country's length, letters and digits only, and the ISO 13616 mod-97
 * checksum.
 *
 * @param field where the IBAN sits in the request, for the error's issue path
 * @throws ValidationError saying what is wrong: characters, country, length or check digits.
 * @example
 * validateIban('de89 3704 0044 0532 0130 00'); // { iban: 'DE89370400440532013000', country: 'DE' }
 * validateIban('DE89 3704 0044 0532 0130 01'); // throws ValidationError: the check digits do not match
 */
export function validateIban(input: string, field: (string | number)[] = ['iban']): ValidIban {
  const iban = input.replace(/\s+/g, '').toUpperCase();
  const problem = ibanProblem(iban);
  if (problem) {
    throw new ValidationError(problem, [{ path: field, message: problem }]);
  }
  return { iban, country: iban.slice(0, 2) };
}

/**
 * Whether text in the electronic format (upper case, no spaces) is an IBAN: its country's length and matching check digits.
 *
 * @example
 * isIban('DE89370400440532013000'); // true
 * isIban('DE89370400440532013001'); // false
 */
export const isIban = (iban: string): boolean => ibanProblem(iban) === undefined;

function ibanProblem(iban: string): string | undefined {
  if (iban === '') return 'The IBAN is empty';
  const foreign = iban.match(/[^A-Z0-9]/);
  if (foreign) return `An IBAN has only letters and digits, but this one contains "${foreign[0]}"`;
  const country = iban.slice(0, 2);
  if (!/^[A-Z]{2}$/.test(country)) return 'An IBAN starts with a two-letter country code';
  const length = IBAN_LENGTHS[country];
  if (length === undefined) return `"${country}" is not a country with IBANs`;
  if (iban.length !== length) {
    return `An IBAN from ${country} has ${length} characters, but this one has ${iban.length}`;
  }
  const checkDigits = iban.slice(2, 4);
  // ISO 13616 computes check digits as 98 minus a remainder, so 00, 01 and 99 never occur even
  // where they would satisfy mod 97.
  if (!/^\d{2}$/.test(checkDigits) || checkDigits === '00' || checkDigits === '01' || checkDigits === '99') {
    return `"${checkDigits}" are not IBAN check digits`;
  }
  if (mod97(iban.slice(4) + iban.slice(0, 4)) !== 1) {
    return 'The check digits of the IBAN do not match: a character is mistyped';
  }
  return undefined;
}

/** The remainder of the number that ISO 13616 reads from the characters (A = 10 … Z = 35) by 97. */
function mod97(characters: string): number {
  let remainder = 0;
  for (const character of characters) {
    const value = Number.parseInt(character, 36);
    remainder = (remainder * (value < 10 ? 10 : 100) + value) % 97;
  }
  return remainder;
}

/**
 * Whether SEPA credit transfers reach accounts with IBANs of this country.
 *
 * @example
 * isSepaCountry('CH'); // true
 * isSepaCountry('TR'); // false
 */
export function isSepaCountry(country: string): boolean {
  return SEPA_COUNTRIES.has(country);
}

/**
 * The print format of an IBAN: groups of four characters separated by spaces.
 *
 * @example
 * formatIban('DE89370400440532013000'); // 'DE89 3704 0044 0532 0130 00'
 */
export function formatIban(iban: string): string {
  return groupsOfFour(iban.replace(/\s+/g, '').toUpperCase());
}

/**
 * An IBAN in print format with everything but the country code, the check digits and the last four
 * characters hidden, enough for a customer to recognise their account and useless to anyone else.
 * Something too short to be an IBAN keeps only its first two characters.
 *
 * @example
 * maskIban('DE89370400440532013000'); // 'DE89 **** **** **** **30 00'
 */
export function maskIban(iban: string): string {
  const electronic = iban.replace(/\s+/g, '').toUpperCase();
  const shortestIban = Math.min(...Object.values(IBAN_LENGTHS));
  const [head, tail] = electronic.length >= shortestIban ? [4, 4] : [2, 0];
  const hidden = '*'.repeat(Math.max(electronic.length - head - tail, 0));
  return groupsOfFour(electronic.slice(0, head) + hidden + electronic.slice(electronic.length - tail));
}

function groupsOfFour(characters: string): string {
  return characters.replace(/(.{4})(?=.)/g, '$1 ');
}
