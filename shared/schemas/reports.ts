import * as z from 'zod/mini';
import { type Assert, isoDateTime, type Same, schema } from './common';
import type { SaleImpact } from '../domain/aggregates';
import { GRADES } from '../domain/catalog';
import { REPORT_MONTH } from '../domain/report-months';

/**
 * The brand reports (`GET /v1/reports/{impact|finance|returns}`): the query, and the answer of each
 * report. Every report has the same frame, `{brand, report, from, to, groupBy, currency, rows,
 * totals}`; a row is `{key, …figures}` and the totals carry the same figures over all rows.
 * Money is in minor units of `currency`; masses in kilograms; rates are shares between 0 and 1.
 * docs/reports.md explains how each figure is computed.
 */

export const REPORT_KINDS = ['impact', 'finance', 'returns'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_GROUPINGS = ['month', 'category', 'channel'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

export const ReportPathSchema = /* @__PURE__ */ schema(() => z.object({ report: z.enum(REPORT_KINDS) }));

/** A calendar month, `YYYY-MM`, of the years 2000 to 2999 (`REPORT_MONTH`). */
export const MonthSchema = /* @__PURE__ */ schema(() => z.string().check(z.regex(REPORT_MONTH, 'must be a month from 2000-01 to 2999-12, YYYY-MM')));

export const ReportQuerySchema = /* @__PURE__ */ schema(() => z.strictObject({
  from: MonthSchema,
  to: MonthSchema,
  groupBy: z._default(z.enum(REPORT_GROUPINGS), 'month'),
}));
export type ReportQuery = z.infer<typeof ReportQuerySchema>;

const Count = /* @__PURE__ */ schema(() => z.int().check(z.nonnegative()));
const Minor = /* @__PURE__ */ schema(() => z.int());
const Kg = /* @__PURE__ */ schema(() => z.number());
const Share = /* @__PURE__ */ schema(() => z.nullable(z.number().check(z.gte(0))));

const frame = /* @__PURE__ */ schema(() => ({
  brand: z.string(),
  from: MonthSchema,
  to: MonthSchema,
  groupBy: z.enum(REPORT_GROUPINGS),
  /** ISO 4217: every money figure of the report is in minor units of it. */
  currency: z.string(),
  generatedAt: isoDateTime(),
  /**
   * What the brand calls the categories the report shows, by code, where it named them in its configuration
   * (`categoryNames`); absent when it named none of them. Rows keep the code as `key`.
   */
  categoryNames: z.optional(z.record(z.string(), z.string())),
}));

/** What the reuse of items saved: items counted when sold (kept in use) or recycled (diverted). */
export const ImpactFiguresSchema = /* @__PURE__ */ schema(() => z.object({
  /** Items sold again, as they were or after a repair, less the sales their buyers sent back (in the month of the sale). */
  itemsKeptInUse: Count,
  itemsRecycled: Count,
  /** Mass of the items kept in use or recycled: kept out of waste. */
  kgDiverted: Kg,
  /** Emissions avoided by the items kept in use, by their categories' factors. */
  kgCo2eGross: Kg,
  /** Emissions of the return parcels of those items. */
  kgCo2eTransport: Kg,
  /** Gross less transport. */
  kgCo2eNet: Kg,
}));
export type ImpactFigures = z.infer<typeof ImpactFiguresSchema>;

/** A factor as the aggregation counted an item kept in use with it (`countedFactorOf`), kept on the month's aggregate. */
export const CountedFactorSchema = /* @__PURE__ */ schema(() => z.object({
  origin: z.enum(['kreislauf', 'brand', 'none']),
  /** What reusing one item avoids, before transport; null where no figure is published. */
  kgCo2ePerItem: z.nullable(z.number()),
  source: z.nullable(z.string()),
  year: z.nullable(z.int()),
  note: z.string(),
}));
export type CountedFactor = z.infer<typeof CountedFactorSchema>;

export const ImpactReportSchema = /* @__PURE__ */ schema(() => z.object({
  ...frame,
  report: z.literal('impact'),
  rows: z.array(z.extend(ImpactFiguresSchema, { key: z.string() })),
  totals: ImpactFiguresSchema,
  /**
   * Every factor the figures used, as it was when they were counted, with the items kept in use it counted: one
   * category has several when its factor changed within the period (since 7 December 2026; before, the factors of the
   * brand's configuration when the report was made).
   */
  factors: z.array(z.object({ category: z.string(), ...CountedFactorSchema.def.shape, items: z.int().check(z.positive()) })),
  /** The return parcel's emission factor the transport figures use, and its source: the facts `method` states. */
  transport: z.object({ kgCo2ePerParcel: z.number(), source: z.string() }),
  /**
   * How gross, transport and net are computed, in one paragraph, in English whatever the brand's language; the PDF
   * and the dashboard write it in their language from the same facts.
   */
  method: z.string(),
}));
export type ImpactReport = z.infer<typeof ImpactReportSchema>;

/** Money in and out, in minor units of the report's currency. */
export const FinanceFiguresSchema = /* @__PURE__ */ schema(() => z.object({
  /** Items with a payout (voucher issued or bank transfer queued). */
  itemsPaid: Count,
  /** What customers received: voucher face values and bank transfers. */
  payouts: Minor,
  /** What those payouts cost the brand (vouchers at the brand's cost ratio). */
  payoutCost: Minor,
  labelCost: Minor,
  /** Repair labour and parts. */
  repairCost: Minor,
  /** What the channels kept, less what they credited back for sales their buyers sent back. */
  fees: Minor,
  /** Sales, each counted in its month (an item sold again after its buyer sent it back counts again). */
  itemsSold: Count,
  /** What buyers paid for the items, shipping included. */
  revenue: Minor,
  /** Sales whose buyers sent the item back, counted in the month the warehouse recorded it. */
  buyerReturns: Count,
  /** What those buyers got back. */
  refunds: Minor,
  /** payoutCost + labelCost + repairCost + fees. */
  costs: Minor,
  /** revenue − refunds − costs. */
  margin: Minor,
  /** margin ÷ costs; negative when the items lost money; null without costs. */
  roi: z.nullable(z.number()),
}));
export type FinanceFigures = z.infer<typeof FinanceFiguresSchema>;

export const FinanceReportSchema = /* @__PURE__ */ schema(() => z.object({
  ...frame,
  report: z.literal('finance'),
  rows: z.array(z.extend(FinanceFiguresSchema, { key: z.string() })),
  totals: FinanceFiguresSchema,
}));
export type FinanceReport = z.infer<typeof FinanceReportSchema>;

/** Percentiles of one step of the cycle, in hours, from a histogram of the step's durations. */
export const CycleTimeSchema = /* @__PURE__ */ schema(() => z.object({ count: Count, p50Hours: z.nullable(z.number()), p90Hours: z.nullable(z.number()) }));

export const ReturnsFiguresSchema = /* @__PURE__ */ schema(() => z.object({
  requested: Count,
  /** Take-backs cancelled before their parcel arrived, counted in the month of the cancellation. */
  cancelled: Count,
  received: Count,
  /**
   * Received parcels rejected instead of graded (empty, or another item than the one traded in), counted in the month of
   * the rejection: they take no route and pay nothing.
   */
  rejected: Count,
  /** Items sent back to their customers (a declined counter-offer, or another item than the one traded in), counted in the month the parcel left. */
  sentBack: Count,
  graded: Count,
  /** Items sold, less the sales their buyers sent back (in the month of the sale). */
  sold: Count,
  recycled: Count,
  gradeMix: z.object(Object.fromEntries(GRADES.map((grade) => [grade, Count])) as Record<(typeof GRADES)[number], typeof Count>),
  routeMix: z.object({ RESELL: Count, REPAIR: Count, RECYCLE: Count }),
  /** Share of graded items routed to resale or repair. */
  recoveryRate: Share,
  cycleTimes: z.object({
    requestToReceipt: CycleTimeSchema,
    receiptToGrading: CycleTimeSchema,
    gradingToPayout: CycleTimeSchema,
    gradingToSale: CycleTimeSchema,
  }),
}));
export type ReturnsFigures = z.infer<typeof ReturnsFiguresSchema>;

export const ReturnsReportSchema = /* @__PURE__ */ schema(() => z.object({
  ...frame,
  report: z.literal('returns'),
  rows: z.array(z.extend(ReturnsFiguresSchema, { key: z.string() })),
  totals: ReturnsFiguresSchema,
  /** Per product over the whole period: what product and marketing teams ask for. */
  products: z.array(
    z.object({
      sku: z.string(),
      name: z.string(),
      requested: Count,
      cancelled: Count,
      /** Parcels rejected at the warehouse: empty, or another item than the one traded in. */
      rejected: Count,
      graded: Count,
      /** Graded items routed to resale or repair. */
      resellable: Count,
      resellableShare: Share,
      /** Return reasons by how often customers gave them, most frequent first. */
      topReturnReasons: z.array(z.object({ code: z.string(), label: z.string(), count: Count })),
    }),
  ),
}));
export type ReturnsReport = z.infer<typeof ReturnsReportSchema>;

export type Report = ImpactReport | FinanceReport | ReturnsReport;

/**
 * The impact a counted sale added, as the aggregation keeps it with the sale (`P#{passportId}`,
 * `SALE_IMPACT#{channel}#{orderId}`) to take back exactly that when the buyer sends the item back.
 */
export const StoredSaleImpactSchema = /* @__PURE__ */ schema(() => z.object({
  month: MonthSchema,
  counters: z.record(z.string(), z.int()),
}));
export type StoredSaleImpactAgrees = Assert<Same<z.infer<typeof StoredSaleImpactSchema>, SaleImpact>>;
