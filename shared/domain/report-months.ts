import { localeTag, type EmailLocale } from './emails/format';

/**
 * The calendar months reports are kept by (`YYYY-MM`, in UTC, as the report query names them).
 */

/**
 * The month an instant falls in.
 *
 * @example
 * monthOf(new Date('2026-03-31T23:30:00Z')); // '2026-03'
 */
export function monthOf(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

/**
 * The month before a month.
 *
 * @example
 * previousMonth('2026-01'); // '2025-12'
 */
export function previousMonth(month: string): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  return number === 1 ? `${String(year - 1).padStart(4, '0')}-12` : `${String(year).padStart(4, '0')}-${String(number - 1).padStart(2, '0')}`;
}

/**
 * A month written out for a reader, long (`März 2026`, `March 2026`) or short (`Jan. 2026`, `Jan 2026`).
 *
 * @example
 * formatMonth('2026-03', 'de', 'long'); // 'März 2026'
 * formatMonth('2026-01', 'en', 'short'); // 'Jan 2026'
 */
export function formatMonth(month: string, locale: EmailLocale, style: 'long' | 'short'): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(localeTag(locale), { month: style, year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, number - 1, 1)));
}
