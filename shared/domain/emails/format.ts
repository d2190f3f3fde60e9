/**
 * Money, dates and grades the way a customer reads them in their own language.
 */
import { DEFAULT_TIME_ZONE } from '../calendar';
import type { Grade, Money } from '../catalog';
import { currencyDigits } from '../money';

/** The languages customers are written to in. */
export type EmailLocale = 'de' | 'en';

// British English writes the euro sign before the amount and the day before the month, as
// customers in Europe expect; American English would not.
const LOCALE_TAGS: Record<EmailLocale, string> = { de: 'de-DE', en: 'en-GB' };

/**
 * The BCP 47 tag `Intl` formats a customer's language with.
 *
 * @example
 * localeTag('en'); // 'en-GB'
 */
export function localeTag(locale: EmailLocale): string {
  return LOCALE_TAGS[locale];
}

/**
 * An amount of money from its minor units, with as many decimals as the currency has.
 *
 * @example
 * formatMoney({ amount: 14_900, currency: 'EUR' }, 'de'); // '149,00 €' (with a no-break space)
 * formatMoney({ amount: 14_900, currency: 'EUR' }, 'en'); // '€149.00'
 */
export function formatMoney({ amount, currency }: Money, locale: EmailLocale): string {
  const { format, decimals } = moneyFormatOf(locale, currency);
  return format.format(amount / 10 ** decimals);
}

/**
 * One formatter per language and currency, made once: making an `Intl.NumberFormat` takes some 70 µs, and the
 * economics guard words a route for each product and grade, so 1,500 products spent over a second making them.
 */
const MONEY_FORMATS = new Map<string, { format: Intl.NumberFormat; decimals: number }>();

function moneyFormatOf(locale: EmailLocale, currency: string): { format: Intl.NumberFormat; decimals: number } {
  const key = `${locale} ${currency}`;
  let made = MONEY_FORMATS.get(key);
  if (!made) {
    made = { format: new Intl.NumberFormat(localeTag(locale), { style: 'currency', currency }), decimals: currencyDigits(currency) };
    MONEY_FORMATS.set(key, made);
  }
  return made;
}

/** Who reads a date: in which language, and in which brand's time zone (Europe/Berlin without one). */
export interface DateReader {
  locale: EmailLocale;
  timeZone?: string;
}

/**
 * The calendar day of an instant in the brand's time zone (where its deadlines end), written out:
 * every date a customer reads is the brand's day, not UTC's nor their own. It takes the e-mail's
 * reader whole, so that no e-mail can write a date without the brand's zone.
 *
 * @example
 * formatDate('2026-03-31T22:30:00Z', { locale: 'de' }); // '1. April 2026' (Berlin)
 * formatDate('2026-03-31T22:30:00Z', { locale: 'en', timeZone: 'America/New_York' }); // '31 March 2026'
 */
export function formatDate(iso: string, { locale, timeZone = DEFAULT_TIME_ZONE }: DateReader): string {
  return new Intl.DateTimeFormat(localeTag(locale), { dateStyle: 'long', timeZone }).format(new Date(iso));
}

const GRADE_NAMES: Record<EmailLocale, Record<Grade, string>> = {
  de: { LIKE_NEW: 'Wie neu', GOOD: 'Gut', FAIR: 'Akzeptabel', DEFECTIVE: 'Defekt' },
  en: { LIKE_NEW: 'Like new', GOOD: 'Good', FAIR: 'Fair', DEFECTIVE: 'Defective' },
};

/**
 * The name of a grade in the customer's language.
 *
 * @example
 * gradeName('FAIR', 'de'); // 'Akzeptabel'
 */
export function gradeName(grade: Grade, locale: EmailLocale): string {
  return GRADE_NAMES[locale][grade];
}
