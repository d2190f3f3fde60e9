/**
 * GS1's check digit of a GTIN (GTIN-8, -12, -13 or -14): the last digit, from the others weighted 3 and 1 in turn
 * from the right. Back Market and Refurbed match their catalogues by GTIN and refuse one whose check digit does not
 * fit, so a mistyped GTIN is refused when a configuration is saved rather than at each listing.
 *
 * @example
 * gtinCheckDigitOf('4260123450014'); // { given: 4, expected: 4 }
 * gtinCheckDigitOf('4260123450015'); // { given: 5, expected: 4 }
 */
export function gtinCheckDigitOf(gtin: string): { given: number; expected: number } {
  const digits = [...gtin].map(Number);
  const given = digits.pop()!;
  const sum = digits.reverse().reduce((total, digit, index) => total + digit * (index % 2 === 0 ? 3 : 1), 0);
  return { given, expected: (10 - (sum % 10)) % 10 };
}
