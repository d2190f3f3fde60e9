/**
 * CSV (RFC 4180) for the spreadsheets finance and sustainability teams keep: the cells and records
 * every export of the platform writes (the reports, the ledger).
 */

/** Records as CSV text: cells joined by commas, each record ended by CRLF. */
export function csvText(records: readonly (readonly string[])[]): string {
  return records.map((cells) => `${cells.join(',')}\r\n`).join('');
}

/**
 * Minor units as a decimal string, in integer arithmetic so that no float turns 1005 cents into
 * `10.049999`.
 */
export function decimalUnits(minor: number, digits: number): string {
  if (digits === 0) return String(minor);
  const magnitude = Math.abs(minor);
  const scale = 10 ** digits;
  const fraction = String(magnitude % scale).padStart(digits, '0');
  return `${minor < 0 ? '-' : ''}${Math.floor(magnitude / scale)}.${fraction}`;
}

/** How many decimals the currency's minor units have (EUR 2, JPY 0), as `Intl` knows them. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * A text cell, quoted where RFC 4180 requires it. Spreadsheets run a cell that starts with `=`,
 * `+`, `-` or `@` (or a tab or carriage return, which some of them strip first) as a formula, so
 * such text, e.g. a category a brand named `=HYPERLINK(…)`, is prefixed with `'` and shown as text.
 */
export function textCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
