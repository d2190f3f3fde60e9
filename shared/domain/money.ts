/**
 * How many decimals a currency's minor units have, and amounts written in them. Amounts are kept
 * in minor units everywhere (the API, the ledger, the events); a brand may trade in any ISO 4217
 * currency, and not every currency has cents: the yen has no minor unit, the Kuwaiti dinar has
 * three. The e-mails, the CSV exports, the Shopify vouchers and the web app all read the digits
 * here, so that 22170 JPY is ¥22,170 on every page and in every file, not ¥221.70.
 */

/** Made once per currency: making an `Intl.NumberFormat` takes some 70 µs, and a page writes many amounts. */
const DIGITS = new Map<string, number>();

/**
 * How many decimals the currency's minor units have, as `Intl` knows them (ISO 4217); 2 for a
 * code `Intl` cannot format.
 *
 * @example
 * currencyDigits('EUR'); // 2
 * currencyDigits('JPY'); // 0
 * currencyDigits('KWD'); // 3
 */
export function currencyDigits(currency: string): number {
  let digits = DIGITS.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    DIGITS.set(currency, digits);
  }
  return digits;
}

// The codes of ISO 4217 beginning with X that are money of countries: the CFA francs (XAF, XOF), the East Caribbean
// dollar (XCD), the Caribbean guilder (XCG) and the CFP franc (XPF). The other X-codes are no money a price is in:
// precious metals (XAU, XAG, XPD, XPT), units of account (XDR, XSU, XUA, XBA–XBD), the testing code XTS and XXX, "no
// currency"; `Intl` lists some of them (XDR, XSU).
const X_CURRENCIES: readonly string[] = ['XAF', 'XCD', 'XCG', 'XOF', 'XPF'];

/** Made on first use: a function that checks no currency does not build it. */
let currencies: ReadonlySet<string> | undefined;

/**
 * Whether a code is a currency prices can be in: one `Intl` knows (the ISO 4217 currencies of its ICU data, without the
 * funds codes such as CHE or CLF, and without the metals and the testing code), less the X-codes that are no country's
 * money. `Intl` is the source {@link currencyDigits} reads the minor units from, so every currency taken has its digits.
 *
 * @example
 * isCurrency('EUR'); // true
 * isCurrency('XOF'); // true
 * isCurrency('BTC'); // false
 * isCurrency('XAU'); // false
 */
export function isCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code) && (!code.startsWith('X') || X_CURRENCIES.includes(code));
}

/**
 * Minor units as a number of the currency's units, for a formatter or a chart's axis (not for
 * sums: a float of 10.05 is not exact).
 *
 * @example
 * majorUnits(22_170, 'JPY'); // 22170
 * majorUnits(22_170, 'EUR'); // 221.7
 */
export function majorUnits(minor: number, currency: string): number {
  return minor / 10 ** currencyDigits(currency);
}

/**
 * Minor units as a decimal string with the currency's digits (a `.` as the decimal sign, no
 * grouping), in integer arithmetic so that no float turns 1005 cents into `10.049999`.
 *
 * @example
 * decimalUnits(1_005, 2); // '10.05'
 * decimalUnits(22_170, 0); // '22170'
 * decimalUnits(-5, 3); // '-0.005'
 */
export function decimalUnits(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const magnitude = Math.abs(minor);
  const scale = 10 ** digits;
  const fraction = String(magnitude % scale).padStart(digits, '0');
  return `${minor < 0 ? '-' : ''}${Math.floor(magnitude / scale)}.${fraction}`;
}
