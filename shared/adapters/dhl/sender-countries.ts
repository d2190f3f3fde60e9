import { alpha3CountryCode } from './country-codes';

/**
 * The countries DHL Parcel DE Returns takes returns from, by ISO 3166-1 alpha-2: the EU, Norway,
 * Switzerland and the United Kingdom. Iceland and Liechtenstein are not on DHL's list.
 */
export const DHL_SENDER_COUNTRIES = [
  'AT', 'BE', 'BG', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GB', 'GR', 'HR', 'HU', 'IE', 'IT',
  'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
] as const;

const SENDER_COUNTRIES: ReadonlySet<string> = new Set(DHL_SENDER_COUNTRIES);

/**
 * DHL's country code for a shipper's ISO 3166-1 alpha-2 country (the API's `Country`: alpha-3, lower
 * case), or `undefined` when DHL takes no returns from there.
 *
 * @example
 * dhlSenderCountry('DE'); // 'deu'
 * dhlSenderCountry('US'); // undefined
 */
export function dhlSenderCountry(alpha2: string): string | undefined {
  return SENDER_COUNTRIES.has(alpha2.toUpperCase()) ? alpha3CountryCode(alpha2)?.toLowerCase() : undefined;
}
