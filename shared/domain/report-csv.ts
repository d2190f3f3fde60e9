/**
 * A brand report as CSV (RFC 4180), for the spreadsheets finance and sustainability teams keep:
 * one header row of the plain figure names, one row per report row, and a last row of the totals.
 */
import * as z from 'zod/mini';
import {
  FinanceFiguresSchema,
  ImpactFiguresSchema,
  ReturnsFiguresSchema,
  type FinanceFigures,
  type Report,
  type ReportKind,
} from '../schemas/reports';
import { csvText, textCell } from './csv';
import { currencyDigits, decimalUnits } from './money';

const FIGURES: Record<ReportKind, z.ZodMiniObject> = {
  impact: ImpactFiguresSchema,
  finance: FinanceFiguresSchema,
  returns: ReturnsFiguresSchema,
};

/** The figures in minor units of the report's currency; the CSV writes them in decimal units. */
const MONEY_FIGURES: ReadonlySet<string> = new Set<keyof FinanceFigures>([
  'payouts',
  'payoutCost',
  'labelCost',
  'repairCost',
  'fees',
  'revenue',
  'refunds',
  'costs',
  'margin',
]);

/** The first cell of the totals row, under the grouping's column. */
export const CSV_TOTALS_KEY = 'total';

/**
 * The report's rows and totals as CSV. The first column is named by the grouping (`month`,
 * `category`, `channel`); nested figures become dotted columns (`gradeMix.GOOD`,
 * `cycleTimes.requestToReceipt.p50Hours`) in the order of the report's schema; money is written in
 * decimal units (`-12.50`) with a `currency` column; an unknown figure (`null`) is an empty cell.
 * Lines end in CRLF. Only the rows and totals are written: the impact report's factors and the
 * returns report's products stay in the JSON (and the PDF).
 *
 * @example
 * renderReportCsv(financeReport);
 * // 'month,currency,itemsPaid,payouts,…\r\n2026-03,EUR,2,298.00,…\r\ntotal,EUR,2,298.00,…\r\n'
 */
export function renderReportCsv(report: Report): string {
  const columns = figureColumns(FIGURES[report.report]);
  const hasMoney = columns.some((path) => MONEY_FIGURES.has(path.join('.')));
  const minorDigits = currencyDigits(report.currency);
  const line = (key: string, figures: object) => [
    textCell(key),
    ...(hasMoney ? [textCell(report.currency)] : []),
    ...columns.map((path) => {
      const value = valueAt(figures, path);
      return MONEY_FIGURES.has(path.join('.')) && typeof value === 'number' ? decimalUnits(value, minorDigits) : numberCell(value);
    }),
  ];
  const header = [report.groupBy, ...(hasMoney ? ['currency'] : []), ...columns.map((path) => path.join('.'))].map(textCell);
  const records = [header, ...report.rows.map((row) => line(row.key, row)), line(CSV_TOTALS_KEY, report.totals)];
  return csvText(records);
}

/** Every leaf figure of a figures schema, as its path, in the schema's order. */
function figureColumns(schema: z.ZodMiniObject, prefix: string[] = []): string[][] {
  return Object.entries(schema.shape).flatMap(([name, child]) =>
    child instanceof z.ZodMiniObject ? figureColumns(child, [...prefix, name]) : [[...prefix, name]],
  );
}

function valueAt(figures: object, path: string[]): unknown {
  let value: unknown = figures;
  for (const name of path) {
    value = typeof value === 'object' && value !== null && Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
  }
  return value;
}

function numberCell(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
}
