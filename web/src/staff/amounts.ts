/**
 * What staff type as numbers in the console's forms, read and written in the page's language:
 * amounts of money ("249,90", "249.90", "249 €", in yen "59900") and shares in percent ("35", "37,5 %").
 */
import { currencyDigits, decimalUnits } from '../../../shared/domain/money';
import type { Locale } from '../locales';

/**
 * An amount typed in a currency's units as minor units, with as many decimals as the currency has
 * (none for the yen, three for the Kuwaiti dinar): undefined when the field is empty, NaN when it
 * holds no such amount (which the request's schema then refuses). A yen amount with a decimal sign
 * is refused rather than read as cents, or "599,00" would be 59,900 yen or 599.
 *
 * @example
 * minorUnitsOf('249,9', 'EUR'); // 24990
 * minorUnitsOf('1.299,00', 'EUR'); // NaN: no thousands separators
 * minorUnitsOf('59900', 'JPY'); // 59900
 * minorUnitsOf('599,00', 'JPY'); // NaN
 */
export function minorUnitsOf(typed: string, currency: string): number | undefined {
  // Whatever currency sign is typed with it (€, ¥, ￥, $): the field's label names the currency.
  const text = typed.replace(/[\s\p{Sc}]/gu, '');
  if (text === '') return undefined;
  const digits = currencyDigits(currency);
  const amount = /^(\d+)(?:[.,](\d+))?$/.exec(text);
  if (!amount || (amount[2] ?? '').length > digits) return Number.NaN;
  return Number(amount[1]) * 10 ** digits + Number((amount[2] ?? '').padEnd(digits, '0'));
}

/**
 * Minor units as a field shows them to be typed again: the currency's decimals, the page's decimal sign, no grouping.
 *
 * @example
 * typedAmount(44_900, 'EUR', 'de'); // '449,00'
 * typedAmount(59_900, 'JPY', 'de'); // '59900'
 */
export function typedAmount(minorUnits: number, currency: string, locale: Locale): string {
  const text = decimalUnits(minorUnits, currencyDigits(currency));
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
