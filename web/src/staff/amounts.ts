/**
 * What staff type as numbers in the console's forms, read and written in the page's language:
 * amounts of money ("249,90", "249.90", "249 €") and shares in percent ("35", "37,5 %").
 */
import type { Locale } from '../locales';

/**
 * An amount typed in a currency's units as minor units: undefined when the field is empty, NaN when
 * it holds no amount (which the request's schema then refuses).
 *
 * @example
 * minorUnitsOf('249,9'); // 24990
 * minorUnitsOf('1.299,00'); // NaN: no thousands separators
 */
export function minorUnitsOf(typed: string): number | undefined {
  const text = typed.replace(/[\s€]/g, '');
  if (text === '') return undefined;
  const amount = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(text);
  if (!amount) return Number.NaN;
  return Number(amount[1]) * 100 + Number((amount[2] ?? '').padEnd(2, '0'));
}

/** Minor units as a field shows them to be typed again: two decimals, the page's decimal sign, no grouping. */
export function typedAmount(minorUnits: number, locale: Locale): string {
  const text = (minorUnits / 100).toFixed(2);
  return locale === 'de' ? text.replace('.', ',') : text;
}

/**
 * A share typed in percent (0 to 100, up to two decimals) as a fraction of 1: undefined when the
 * field is empty, NaN when it holds no such share. Whole hundredths of a percent are divided once,
 * so a share read and typed back unchanged is the same number.
 *
 * @example
 * shareOfPercent('37,5 %'); // 0.375
 * shareOfPercent('101'); // NaN
 */
export function shareOfPercent(typed: string): number | undefined {
  const text = typed.replace(/[\s%]/g, '');
  if (text === '') return undefined;
  const percent = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!percent) return Number.NaN;
  const hundredths = Number(percent[1]) * 100 + Number((percent[2] ?? '').padEnd(2, '0'));
  return hundredths > 10_000 ? Number.NaN : hundredths / 10_000;
}

/** A share as a field shows it in percent: up to two decimals, without trailing zeros, the page's decimal sign. */
export function typedPercent(share: number, locale: Locale): string {
  const text = String(Math.round(share * 10_000) / 100);
  return locale === 'de' ? text.replace('.', ',') : text;
}
