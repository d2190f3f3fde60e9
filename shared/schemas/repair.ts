import { z } from 'zod';
import { JOB_STATUSES } from '../domain/repair-partners';
import { GradeSchema, MoneySchema, UlidSchema } from './common';

// The repair-partner network's contract: the brand's partner configuration, the jobs we send to
// partners and the status reports they send back (docs/repair-partner-guide.md).

/** A partner's id as the brand names it, e.g. `rp-geraetewerk-berlin`. */
export const PartnerIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2 to 63 characters a-z, 0-9 and -, not starting with -');
export const PartnerPathSchema = z.object({ partnerId: PartnerIdSchema });

/** A repair job's id: the passport's id and the number of the repair attempt, e.g. `01J...-R1`. */
export const RepairJobIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}-R[1-9][0-9]{0,2}$/, 'must be a repair job id');

const AmountSchema = MoneySchema.extend({ amount: z.number().int().nonnegative() });
const CategorySchema = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be a category code (a-z, 0-9, -)');
/** The key a `whsec_` secret encodes must be 24 to 64 bytes (Standard Webhooks). */
const WebhookSecretSchema = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be whsec_ followed by base64')
  .refine((secret) => {
    const bytes = Buffer.from(secret.slice('whsec_'.length), 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, 'must encode 24 to 64 random bytes');

/** `PUT /v1/repair-partners/{partnerId}`: the whole configuration of one partner. */
export const RepairPartnerRequestSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  categories: z.array(CategorySchema).min(1).max(50),
  regions: z.strictObject({
    countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. DE')).min(1).max(50),
    postalCodePrefixes: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ]{0,9}$/, 'must be 1 to 10 letters, digits or spaces')).max(1_000).optional(),
  }),
  /** The most open jobs the partner takes at once; 0 pauses new assignments. */
  capacity: z.number().int().min(0).max(100_000),
  labourRatePerHour: AmountSchema,
  targetTurnaroundDays: z.number().positive().max(365),
  /** Where we POST the partner's jobs: https, or http to this machine in the local cloud. */
  webhookUrl: z.string().min(1).max(2_048),
  /** Write-only: set or replace the signing secret; without one, a new partner gets a generated secret. */
  webhookSecret: WebhookSecretSchema.optional(),
  active: z.boolean().default(true),
});
export type RepairPartnerRequest = z.infer<typeof RepairPartnerRequestSchema>;

/** A partner as the API shows it: never with its secret, except the generated one, once. */
export const RepairPartnerViewSchema = z.object({
  partnerId: PartnerIdSchema,
  name: z.string(),
  categories: z.array(z.string()),
  regions: z.object({ countries: z.array(z.string()), postalCodePrefixes: z.array(z.string()).optional() }),
  capacity: z.number().int(),
  labourRatePerHour: MoneySchema,
  targetTurnaroundDays: z.number(),
  webhookUrl: z.string(),
  active: z.boolean(),
  /** The URL the partner sends its status reports to. */
  reportUrl: z.url(),
});

export const RepairPartnerSavedSchema = RepairPartnerViewSchema.extend({
  /** The generated signing secret: shown in this response only, when the partner had none. */
  webhookSecret: z.string().optional(),
});
export type RepairPartnerSaved = z.infer<typeof RepairPartnerSavedSchema>;

export const RepairPartnerListSchema = z.object({
  partners: z.array(
    RepairPartnerViewSchema.extend({
      openJobs: z.number().int(),
      /** Days from assignment to completion, median of the last 90 days; null without a completed job. */
      medianTurnaroundDays: z.number().nullable(),
      /** Share of the jobs finished in the last 90 days that were repaired; null without one. */
      repairYield: z.number().nullable(),
    }),
  ),
});
export type RepairPartnerList = z.infer<typeof RepairPartnerListSchema>;

export const RepairPartSchema = z.strictObject({
  sku: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  quantity: z.number().int().min(1).max(1_000),
  /** The price of one unit. */
  cost: AmountSchema,
});
export type RepairPart = z.infer<typeof RepairPartSchema>;

export const PARTNER_REPORT_STATUSES = ['ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'UNREPAIRABLE'] as const;

/** `POST /v1/webhooks/repair-partners/{partnerId}`: a partner reports on one of its jobs. */
export const PartnerReportSchema = z.strictObject({
  jobId: RepairJobIdSchema,
  status: z.enum(PARTNER_REPORT_STATUSES),
  laborMinutes: z.number().int().min(0).max(100_000).optional(),
  /** The price of the labour, parts excluded. */
  cost: AmountSchema.optional(),
  parts: z.array(RepairPartSchema).max(50).optional(),
  notes: z.string().trim().min(1).max(2_000).optional(),
});
export type PartnerReport = z.infer<typeof PartnerReportSchema>;

export const PartnerReportReceiptSchema = z.object({
  jobId: RepairJobIdSchema,
  status: z.enum(JOB_STATUSES),
  /** False when the webhook id was received before: the report was not applied again. */
  applied: z.boolean(),
});
export type PartnerReportReceipt = z.infer<typeof PartnerReportReceiptSchema>;

/** The job we send a partner, Standard Webhooks style: `type`, `timestamp`, `data`. */
export const RepairJobWebhookSchema = z.object({
  type: z.literal('repair-job.assigned'),
  timestamp: z.iso.datetime(),
  data: z.object({
    jobId: RepairJobIdSchema,
    /** The passport id, printed as a QR code on the item's label. */
    passportId: UlidSchema,
    brand: z.string(),
    assignedAt: z.iso.datetime(),
    product: z.object({ sku: z.string(), name: z.string(), category: z.string() }),
    grade: GradeSchema,
    grading: z.object({ checks: z.record(z.string(), z.union([z.boolean(), z.number(), z.string()])).optional(), notes: z.string().optional() }),
    estimate: z.object({ laborMinutes: z.number(), cost: MoneySchema }),
    targetTurnaroundDays: z.number(),
    /** Where to send the status reports of this job. */
    reportUrl: z.url(),
  }),
});
export type RepairJobWebhook = z.infer<typeof RepairJobWebhookSchema>;

/** A message of the job delivery queue: which job to send to its partner. */
export const RepairJobMessageSchema = z.object({ passportId: UlidSchema, jobId: RepairJobIdSchema });
export type RepairJobMessage = z.infer<typeof RepairJobMessageSchema>;
