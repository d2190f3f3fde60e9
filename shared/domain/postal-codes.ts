/**
 * Postcodes as the countries DHL takes returns from write them. DHL refuses a label for a postcode
 * its country does not have (`ABCDE` in Germany), and the take-back then waits for a person: a
 * postcode of the wrong form is refused where the customer types it instead.
 *
 * Only countries whose postcodes are digits in a fixed pattern are listed. The others (the United
 * Kingdom, Ireland, Malta, the Baltic states' and Luxembourg's prefixed forms) are written in too
 * many accepted ways to be checked without refusing real addresses: any postcode passes for them,
 * as for a country not listed.
 */

/**
 * A postcode as DHL takes one from any country (its "relaxed UPU" form, which DHL checks with 3 to 10 characters):
 * letters and digits, groups of them parted by one space or hyphen. What the country's own format (below) does not
 * check, this does: `SW1A 1AA` and `L-1234` pass, `SW1A.1AA` and `1` do not. Written with no group that could match
 * the same text two ways, so that a long input is refused in linear time.
 *
 * @example
 * POSTAL_CODE_FORM.test('D02 X285'); // true
 * POSTAL_CODE_FORM.test('SW1A  1AA'); // false: two spaces
 */
export const POSTAL_CODE_FORM = /^[0-9A-Za-z]+(?:[ -][0-9A-Za-z]+)*$/;

/**
 * Whether `postalCode` (trimmed) is one DHL takes from any country: 3 to 10 characters of {@link POSTAL_CODE_FORM}.
 * The customer pages check it for the countries whose own format is not checked, where the API would refuse it.
 *
 * @example
 * isPostalCodeForm('D02 X285'); // true
 * isPostalCodeForm('E1'); // false: too short
 */
export function isPostalCodeForm(postalCode: string): boolean {
  const trimmed = postalCode.trim();
  return trimmed.length >= 3 && trimmed.length <= 10 && POSTAL_CODE_FORM.test(trimmed);
}

interface PostalCodeFormat {
  pattern: RegExp;
  /** A postcode of the country, as messages show it. */
  example: string;
}

const digits = (count: number, example: string): PostalCodeFormat => ({ pattern: new RegExp(`^\\d{${count}}$`), example });
/** Five digits that the country writes as three and two, with or without the space. */
const threeTwo = (example: string): PostalCodeFormat => ({ pattern: /^\d{3} ?\d{2}$/, example });

const FORMATS: ReadonlyMap<string, PostalCodeFormat> = new Map([
  ['AT', digits(4, '1010')],
  ['BE', digits(4, '1000')],
  ['BG', digits(4, '1000')],
  ['CH', digits(4, '8001')],
  ['CY', digits(4, '1010')],
  ['CZ', threeTwo('110 00')],
  ['DE', digits(5, '10115')],
  ['DK', digits(4, '1050')],
  ['EE', digits(5, '10111')],
  ['ES', digits(5, '28001')],
  ['FI', digits(5, '00100')],
  ['FR', digits(5, '75001')],
  ['GR', threeTwo('105 57')],
  ['HR', digits(5, '10000')],
  ['HU', digits(4, '1011')],
  ['IT', digits(5, '00118')],
  ['NL', { pattern: /^[1-9]\d{3} ?[A-Za-z]{2}$/, example: '1012 AB' }],
  ['NO', digits(4, '0150')],
  ['PL', { pattern: /^\d{2}-\d{3}$/, example: '00-950' }],
  ['PT', { pattern: /^\d{4}-\d{3}$/, example: '1000-001' }],
  ['RO', digits(6, '010011')],
  ['SE', threeTwo('111 22')],
  ['SI', digits(4, '1000')],
  ['SK', threeTwo('811 01')],
]);

/**
 * What a postcode of `country` looks like, or undefined where it is not checked.
 *
 * @example
 * postalCodeFormat('DE')?.example; // '10115'
 * postalCodeFormat('GB'); // undefined
 */
export function postalCodeFormat(country: string): PostalCodeFormat | undefined {
  return FORMATS.get(country.toUpperCase());
}

/**
 * Whether `postalCode` (trimmed) can be one of `country`; true for a country whose postcodes are not checked.
 *
 * @example
 * isPostalCodeOf('DE', '10115'); // true
 * isPostalCodeOf('DE', 'ABCDE'); // false
 * isPostalCodeOf('AT', '10115'); // false (Austria has 4 digits)
 */
export function isPostalCodeOf(country: string, postalCode: string): boolean {
  const format = postalCodeFormat(country);
  return format === undefined || format.pattern.test(postalCode.trim());
}
