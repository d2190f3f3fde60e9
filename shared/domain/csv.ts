/**
 * CSV (RFC 4180) for the spreadsheets finance and sustainability teams keep: the cells and records
 * every export of the platform writes (the reports, the ledger).
 */

/** Records as CSV text: cells joined by commas, each record ended by CRLF. */
export function csvText(records: readonly (readonly string[])[]): string {
  return records.map((cells) => `${cells.join(',')}\r\n`).join('');
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
