import * as z from 'zod/mini';
import { pageSize, schema } from './common';
import { MonthSchema } from './reports';
import { LedgerEntrySchema } from './staff';

/**
 * The finance team's export of a brand's ledger (`GET /v1/ledger`): every money movement of every
 * item in one calendar month of the brand's time zone, line by line, as the reports' figures are
 * recomputed from it (docs/ledger.md).
 */

export const LedgerQuerySchema = /* @__PURE__ */ schema(() => z.strictObject({
  month: MonthSchema,
  cursor: z.optional(z.string().check(z.maxLength(512))),
  limit: pageSize(1_000, 500),
}));
export type LedgerQuery = z.infer<typeof LedgerQuerySchema>;

/** One line of the brand's ledger: the passport's entry, with its passport and product category. */
export const LedgerLineViewSchema = /* @__PURE__ */ schema(() => z.extend(LedgerEntrySchema, { passportId: z.string(), category: z.string() }));
export type LedgerLineView = z.infer<typeof LedgerLineViewSchema>;

export const LedgerPageSchema = /* @__PURE__ */ schema(() => z.object({
  brand: z.string(),
  month: MonthSchema,
  /** The brand's time zone, in which `month` is read. */
  timeZone: z.string(),
  /** The month's first instant and the next month's first instant (exclusive). */
  from: z.string(),
  to: z.string(),
  /** Oldest first. */
  lines: z.array(LedgerLineViewSchema),
  /** Pass as `cursor` for the next page; absent on the last. */
  nextCursor: z.optional(z.string()),
}));
export type LedgerPage = z.infer<typeof LedgerPageSchema>;
