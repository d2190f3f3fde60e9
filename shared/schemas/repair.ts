import * as z from 'zod/mini';
import { MAX_AMOUNT } from '../domain/catalog';
import { reportAmountIssues } from '../domain/repair-jobs';
import { JOB_STATUSES } from '../domain/repair-partners';
import type { RepairPartner } from '../domain/repair-partners';
import { type Assert, BrandSlugSchema, GradeSchema, isoDateTime, MoneySchema, multiLine, noContactData, NonNegativeMoneySchema, oneLine, type Same, schema, UlidSchema } from './common';

// The repair-partner network's contract: the brand's partner configuration, the jobs we send to
// partners and the status reports they send back (docs/repair-partner-guide.md).

/** A partner's id as the brand names it, e.g. `rp-geraetewerk-berlin`. */
export const PartnerIdSchema = /* @__PURE__ */ schema(() =>
  z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2 to 63 characters a-z, 0-9 and -, not starting with -')),
);
export const PartnerPathSchema = /* @__PURE__ */ schema(() => z.object({ partnerId: PartnerIdSchema }));

/** A repair job's id: the passport's id and the number of the repair attempt, e.g. `01J...-R1`. */
export const RepairJobIdSchema = /* @__PURE__ */ schema(() =>
  z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}-R[1-9][0-9]{0,2}$/, 'must be a repair job id')),
);

const CategorySchema = /* @__PURE__ */ schema(() => z.string().check(z.regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be a category code (a-z, 0-9, -)')));
/** The key a `whsec_` secret encodes must be 24 to 64 bytes (Standard Webhooks). */
const WebhookSecretSchema = /* @__PURE__ */ schema(() => z.string().check(
  z.regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be whsec_ followed by base64'),
  z.refine((secret) => {
    // Each base64 character carries 6 bits; counted by hand so the schema also runs in a browser (no Buffer).
    const bytes = Math.floor((secret.slice('whsec_'.length).replace(/=+$/, '').length * 6) / 8);
    return bytes >= 24 && bytes <= 64;
  }, 'must encode 24 to 64 random bytes'),
));

/** `PUT /v1/repair-partners/{partnerId}`: the whole configuration of one partner. */
export const RepairPartnerRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  /** Printed on one line: in the ledger's descriptions and its CSV, an unrepairable item's reason, the staff console. */
  name: z.string().check(z.trim(), oneLine(), z.minLength(1), z.maxLength(100)),
  categories: z.array(CategorySchema).check(z.minLength(1), z.maxLength(50)),
  regions: z.strictObject({
    countries: z.array(z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. DE'))).check(z.minLength(1), z.maxLength(50)),
    postalCodePrefixes: z.optional(
      z.array(z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9 ]{0,9}$/, 'must be 1 to 10 letters, digits or spaces'))).check(z.maxLength(1_000)),
    ),
  }),
  /** The most open jobs the partner takes at once; 0 pauses new assignments. */
  capacity: z.int().check(z.gte(0), z.lte(100_000)),
  labourRatePerHour: NonNegativeMoneySchema,
  targetTurnaroundDays: z.number().check(z.positive(), z.lte(365)),
  /** Where we POST the partner's jobs: https, or http to this machine in the local cloud. */
  webhookUrl: z.string().check(z.minLength(1), z.maxLength(2_048)),
  /** Write-only: set or replace the signing secret; without one, a new partner gets a generated secret. */
  webhookSecret: z.optional(WebhookSecretSchema),
  active: z._default(z.boolean(), true),
}));
export type RepairPartnerRequest = z.infer<typeof RepairPartnerRequestSchema>;

const { webhookSecret: _writeOnly, active: _defaulted, ...configured } = RepairPartnerRequestSchema.def.shape;

/**
 * A partner as it is stored and read back: what the brand configured (the secret is kept apart), whose it is. Its name is
 * read as it was saved: one saved before names had to be one line (7 December 2026) is still a partner, and its next
 * save corrects it.
 */
export const StoredRepairPartnerSchema = /* @__PURE__ */ schema(() =>
  z.strictObject({ ...configured, name: z.string(), partnerId: PartnerIdSchema, brand: BrandSlugSchema, active: z.boolean() }),
);

/** Fails to compile when the stored schema and the domain's `RepairPartner` disagree. */
export type StoredRepairPartnerAgrees = Assert<Same<z.infer<typeof StoredRepairPartnerSchema>, RepairPartner>>;

/** A partner as the API shows it: never with its secret, except the generated one, once. */
export const RepairPartnerViewSchema = /* @__PURE__ */ schema(() => z.object({
  partnerId: PartnerIdSchema,
  name: z.string(),
  categories: z.array(z.string()),
  regions: z.object({ countries: z.array(z.string()), postalCodePrefixes: z.optional(z.array(z.string())) }),
  capacity: z.int(),
  labourRatePerHour: MoneySchema,
  targetTurnaroundDays: z.number(),
  webhookUrl: z.string(),
  active: z.boolean(),
  /** The URL the partner sends its status reports to. */
  reportUrl: z.url(),
}));

export const RepairPartnerSavedSchema = /* @__PURE__ */ schema(() => z.extend(RepairPartnerViewSchema, {
  /** The generated signing secret: shown in this response only, when the partner had none. */
  webhookSecret: z.optional(z.string()),
}));
export type RepairPartnerSaved = z.infer<typeof RepairPartnerSavedSchema>;

export const RepairPartnerListSchema = /* @__PURE__ */ schema(() => z.object({
  partners: z.array(
    z.extend(RepairPartnerViewSchema, {
      openJobs: z.int(),
      /** Days from assignment to completion, median of the last 90 days; null without a completed job. */
      medianTurnaroundDays: z.nullable(z.number()),
      /** Share of the jobs finished in the last 90 days that were repaired; null without one. */
      repairYield: z.nullable(z.number()),
    }),
  ),
}));
export type RepairPartnerList = z.infer<typeof RepairPartnerListSchema>;

export const RepairPartSchema = /* @__PURE__ */ schema(() => z.strictObject({
  // Both are printed on one line, in the part's ledger description and the ledger's CSV.
  sku: z.string().check(z.trim(), oneLine(), z.minLength(1), z.maxLength(64)),
  name: z.string().check(z.trim(), oneLine(), z.minLength(1), z.maxLength(200)),
  quantity: z.int().check(z.gte(1), z.lte(1_000)),
  /** The price of one unit. */
  cost: NonNegativeMoneySchema,
}));
export type RepairPart = z.infer<typeof RepairPartSchema>;

export const PARTNER_REPORT_STATUSES = ['ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'UNREPAIRABLE'] as const;

/** `POST /v1/webhooks/repair-partners/{partnerId}`: a partner reports on one of its jobs. */
export const PartnerReportSchema = /* @__PURE__ */ schema(() => z.strictObject({
  jobId: RepairJobIdSchema,
  status: z.enum(PARTNER_REPORT_STATUSES),
  laborMinutes: z.optional(z.int().check(z.gte(0), z.lte(100_000))),
  /** The price of the labour, parts excluded. */
  cost: z.optional(NonNegativeMoneySchema),
  parts: z.optional(z.array(RepairPartSchema).check(z.maxLength(50))),
  notes: z.optional(z.string().check(z.trim(), multiLine(), noContactData(), z.minLength(1), z.maxLength(2_000))),
}).check(
  // What the amounts come to: each part line and the total, held as each amount is. Checked once the labour and the
  // parts are each well formed and within the bound, so that an amount refused already is not refused again as a sum.
  z.superRefine((report, context) => reportAmountIssues(report).forEach((issue) => context.addIssue({ code: 'custom', ...issue })), {
    when: (payload) => payload.issues.every((issue) => issue.path !== undefined && issue.path.length > 0 && issue.path[0] !== 'cost' && issue.path[0] !== 'parts'),
  }),
));
export type PartnerReport = z.infer<typeof PartnerReportSchema>;

export const PartnerReportReceiptSchema = /* @__PURE__ */ schema(() => z.object({
  jobId: RepairJobIdSchema,
  status: z.enum(JOB_STATUSES),
  /**
   * False when the report changed nothing: its webhook id was received before, or the job already had the status it
   * reports (a finished job keeps the cost and notes of the report that finished it).
   */
  applied: z.boolean(),
}));
export type PartnerReportReceipt = z.infer<typeof PartnerReportReceiptSchema>;

/** The job we send a partner, Standard Webhooks style: `type`, `timestamp`, `data`. */
export const RepairJobWebhookSchema = /* @__PURE__ */ schema(() => z.object({
  type: z.literal('repair-job.assigned'),
  timestamp: isoDateTime(),
  data: z.object({
    jobId: RepairJobIdSchema,
    /** The passport id, printed as a QR code on the item's label. */
    passportId: UlidSchema,
    brand: z.string(),
    assignedAt: isoDateTime(),
    product: z.object({ sku: z.string(), name: z.string(), category: z.string() }),
    grade: GradeSchema,
    grading: z.object({ checks: z.optional(z.record(z.string(), z.union([z.boolean(), z.number(), z.string()]))), notes: z.optional(z.string()) }),
    estimate: z.object({ laborMinutes: z.number(), cost: MoneySchema }),
    /**
     * The most a COMPLETED or UNREPAIRABLE report on the job may book, labour and parts together: a report above it is
     * refused (422). Absent for a job assigned before 8 December 2026, which takes any cost.
     */
    costLimit: z.optional(MoneySchema),
    targetTurnaroundDays: z.number(),
    /** Where to send the status reports of this job. */
    reportUrl: z.url(),
  }),
}));
export type RepairJobWebhook = z.infer<typeof RepairJobWebhookSchema>;

/**
 * The notice we send a partner when the brand took back the item of a job the partner received (the job is
 * WITHDRAWN): same endpoint, headers and signing as the job. `timestamp` is the withdrawal's, so every try of it
 * carries the same body.
 */
export const RepairJobWithdrawnWebhookSchema = /* @__PURE__ */ schema(() => z.object({
  type: z.literal('repair-job.withdrawn'),
  timestamp: isoDateTime(),
  data: z.object({
    jobId: RepairJobIdSchema,
    passportId: UlidSchema,
    brand: z.string(),
    withdrawnAt: isoDateTime(),
    /** Why the brand took the item back, in the words its staff gave. */
    reason: z.string(),
  }),
}));
export type RepairJobWithdrawnWebhook = z.infer<typeof RepairJobWithdrawnWebhookSchema>;

/**
 * A message of the job delivery queue: which job to send to its partner, or (queued by the `RouteOverridden` event
 * of a withdrawal) whose withdrawal to tell it of.
 */
export const RepairJobMessageSchema = /* @__PURE__ */ schema(() => z.object({ passportId: UlidSchema, jobId: RepairJobIdSchema }));
export type RepairJobMessage = z.infer<typeof RepairJobMessageSchema>;

export const RepairJobPathSchema = /* @__PURE__ */ schema(() => z.object({ jobId: RepairJobIdSchema }));

/** `POST /v1/repair-jobs/{jobId}/cost-limit` (admin): an open job's cost limit raised, and why. */
export const RepairCostLimitRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  /** The new limit, in minor units of the job's currency: above the job's limit now. */
  amount: z.int().check(z.gte(1), z.lte(MAX_AMOUNT)),
  /** Why the brand pays more, kept on the item's timeline (one line). */
  reason: z.string().check(z.trim(), oneLine(), noContactData(), z.minLength(3), z.maxLength(500)),
}));
export type RepairCostLimitRequest = z.infer<typeof RepairCostLimitRequestSchema>;
