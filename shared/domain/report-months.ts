import { localeTag, type EmailLocale } from './emails/format';

/**
 * Stepping through and writing out the calendar months reports are kept by (`YYYY-MM`); which
 * month an instant falls in depends on the brand's time zone (`calendar.ts`, `monthOf`).
 */

/** The longest period one report covers, in months. */
export const MAX_REPORT_MONTHS = 36;

/**
 * A month reports are kept by, `YYYY-MM`, of the years 2000 to 2999: no brand has data before, and the month
 * arithmetic (ISO timestamps compared as text) holds only for four-digit years.
 */
export const REPORT_MONTH = /^2\d{3}-(0[1-9]|1[0-2])$/;

/**
 * How many months a period covers, both ends counted; 0 when it starts after it ends.
 *
 * @example
 * monthsOfPeriod('2026-11', '2027-01'); // 3
 */
export function monthsOfPeriod(from: string, to: string): number {
  const [fromYear = 0, fromMonth = 1] = from.split('-').map(Number);
  const [toYear = 0, toMonth = 1] = to.split('-').map(Number);
  return Math.max(0, (toYear - fromYear) * 12 + (toMonth - fromMonth) + 1);
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
 * The month after a month.
 *
 * @example
 * nextMonth('2026-12'); // '2027-01'
 */
export function nextMonth(month: string): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  return number === 12 ? `${String(year + 1).padStart(4, '0')}-01` : `${String(year).padStart(4, '0')}-${String(number + 1).padStart(2, '0')}`;
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
