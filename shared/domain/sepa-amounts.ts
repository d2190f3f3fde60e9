/**
 * The amounts a SEPA credit transfer can carry: EUR 0.01 to EUR 999,999,999.99. Apart from the file's builder
 * (`sepa-credit-transfer.ts`), so that the exports' and the tracking page's checks of one payout carry only this.
 */

/** In minor units. */
export const SMALLEST_SEPA_AMOUNT = 1;
export const LARGEST_SEPA_AMOUNT = 99_999_999_999;

/**
 * Whether one SEPA credit transfer can carry the amount (minor units): a payout of 0 cannot.
 *
 * @example
 * sepaCarriesAmount(1); // true
 * sepaCarriesAmount(0); // false
 */
export function sepaCarriesAmount(minorUnits: number): boolean {
  return Number.isSafeInteger(minorUnits) && minorUnits >= SMALLEST_SEPA_AMOUNT && minorUnits <= LARGEST_SEPA_AMOUNT;
}
