/**
 * The countries DHL Parcel DE Returns takes returns from, keyed by ISO 3166-1 alpha-2, valued in the
 * API's `Country` type (ISO 3166-1 alpha-3, lower case): the EU, Norway, Switzerland and the United
 * Kingdom. Iceland and Liechtenstein are not on DHL's list.
 */
const SENDER_COUNTRIES: Readonly<Record<string, string>> = {
  AT: 'aut',
  BE: 'bel',
  BG: 'bgr',
  CH: 'che',
  CY: 'cyp',
  CZ: 'cze',
  DE: 'deu',
  DK: 'dnk',
  EE: 'est',
  ES: 'esp',
  FI: 'fin',
  FR: 'fra',
  GB: 'gbr',
  GR: 'grc',
  HR: 'hrv',
  HU: 'hun',
  IE: 'irl',
  IT: 'ita',
  LT: 'ltu',
  LU: 'lux',
  LV: 'lva',
  MT: 'mlt',
  NL: 'nld',
  NO: 'nor',
  PL: 'pol',
  PT: 'prt',
  RO: 'rou',
  SE: 'swe',
  SI: 'svn',
  SK: 'svk',
};

/**
 * DHL's country code for a shipper's ISO 3166-1 alpha-2 country, or `undefined` when DHL takes no
 * returns from there.
 *
 * @example
 * dhlSenderCountry('DE'); // 'deu'
 * dhlSenderCountry('US'); // undefined
 */
export function dhlSenderCountry(alpha2: string): string | undefined {
  return Object.hasOwn(SENDER_COUNTRIES, alpha2.toUpperCase()) ? SENDER_COUNTRIES[alpha2.toUpperCase()] : undefined;
}
