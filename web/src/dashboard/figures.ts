import { categoryName } from '../../../shared/domain/category-names';
import { formatPercent, type Locale } from '../i18n';

const tag = (locale: Locale) => (locale === 'de' ? 'de-DE' : 'en-GB');

/** A count, e.g. `1.234`. */
export const formatCount = (value: number, locale: Locale) => new Intl.NumberFormat(tag(locale)).format(value);

/** Kilograms with one decimal, e.g. `1.234,5 kg`. */
export const formatKg = (value: number, locale: Locale) => `${new Intl.NumberFormat(tag(locale), { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(value)} kg`;

/** A share between 0 and 1 as a percentage; a dash where there is none (no denominator). */
export const formatShare = (value: number | null, locale: Locale) => (value === null ? '–' : formatPercent(value, locale));

/**
 * A report row's key as the locale names it: a month `YYYY-MM`, e.g. `Nov. 2026`; a category by the
 * brand's own name for it (the report's `categoryNames`), else its published name, e.g. `Schuhe` for
 * `shoes`, else its code.
 */
export function formatKey(key: string, locale: Locale, categoryNames?: Readonly<Record<string, string>>): string {
  if (!/^\d{4}-\d{2}$/.test(key)) return categoryName(key, locale, categoryNames);
  return new Intl.DateTimeFormat(tag(locale), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${key}-01T00:00:00Z`));
}
