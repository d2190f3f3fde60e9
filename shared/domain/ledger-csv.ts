/**
 * A brand's ledger lines as CSV for its bookkeeping: one row per line, oldest first, money in
 * decimal units of the line's currency (as the reports' CSV writes it).
 */
import { csvText, textCell } from './csv';
import { currencyDigits, decimalUnits } from './money';
import type { LedgerLine } from './ledger';

/** The columns, in order. */
export const LEDGER_CSV_COLUMNS = [
  'at',
  'passportId',
  'category',
  'kind',
  'direction',
  'amount',
  'currency',
  'description',
  'entryId',
  'channel',
  'orderId',
  'jobId',
  'faceValue',
] as const;

/**
 * @example
 * renderLedgerCsv([saleLine]);
 * // 'at,passportId,category,kind,direction,amount,currency,…\r\n2026-11-20T10:00:00.000Z,01J…,smartphone,SALE,REVENUE,249.00,EUR,…\r\n'
 */
export function renderLedgerCsv(lines: readonly LedgerLine[]): string {
  const money = (minor: number, currency: string) => decimalUnits(minor, currencyDigits(currency));
  const rows = lines.map((line) => [
    textCell(line.at),
    textCell(line.passportId),
    textCell(line.category),
    textCell(line.kind),
    textCell(line.direction),
    money(line.amount.amount, line.amount.currency),
    textCell(line.amount.currency),
    textCell(line.description),
    textCell(line.entryId),
    textCell(line.sale?.channel ?? ''),
    textCell(line.sale?.orderId ?? ''),
    textCell(line.jobId ?? ''),
    line.faceValue ? money(line.faceValue.amount, line.faceValue.currency) : '',
  ]);
  return csvText([[...LEDGER_CSV_COLUMNS], ...rows]);
}
