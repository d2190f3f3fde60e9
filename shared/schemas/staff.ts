import * as z from 'zod/mini';
import { JOB_STATUSES } from '../domain/repair-partners';
import { LEDGER_KINDS, type LedgerDetail } from '../domain/ledger';
import { ListingViewSchema } from './resale-api';
import { RepairJobIdSchema } from './repair';
import { PASSPORT_EVENT_TYPES } from '../domain/passport';
import { CUSTOMER_ADDRESS_MESSAGE, namesAddress } from '../domain/contact-data';
import { ERASURE_BLOCKERS } from '../domain/personal-data';
import { PHOTO_CONTENT_TYPES, PHOTO_MAX_BYTES } from '../domain/photos';
import { PARCEL_PRODUCTS } from '../domain/return-shipment';
import { SALE_RETURN_REASONS } from '../domain/sale-return';
import type { ReturnAddress } from '../domain/label-retry';
import { ROUTES } from '../domain/routing';
import { STAFF_ROLES } from '../http/staff';
import { STAFF_SUBJECT_FORM } from '../domain/staff-member';
import {
  type Assert,
  AttentionBasisSchema,
  pageSize,
  GradeSchema,
  isoDateTime,
  MoneySchema,
  multiLine,
  noContactData,
  NonNegativeMoneySchema,
  oneLine,
  PassportStateSchema,
  recordWithSafeKeys,
  RejectionReasonSchema,
  RouteBasisSchema,
  type Same,
  SaleReturnReasonSchema,
  schema,
  UlidSchema,
  ValueRangeSchema,
} from './common';
import { CustomerNameSchema, PostalAddressSchema, postalCodeOfItsCountry } from './take-back';

// The brand staff's contract (DESIGN.md §6, ops): receipt, grading, route override and the work
// queues. The brand always comes from the staff member's token, never from a request.

export const PassportPathSchema = /* @__PURE__ */ schema(() => z.object({ id: UlidSchema }));

/** `POST /v1/passports/{id}/receipt`; send `{}` when there is no location to record. */
export const ReceiptRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  /** Where the parcel was scanned, e.g. a warehouse gate or shelf; shown on one line of the passport's timeline. */
  location: z.optional(z.string().check(z.trim(), oneLine(), noContactData(), z.minLength(1), z.maxLength(100))),
}));
export type ReceiptRequest = z.infer<typeof ReceiptRequestSchema>;

const CheckNameSchema = /* @__PURE__ */ schema(() =>
  z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1 to 64 letters, digits, _, . or -')),
);

/** `POST /v1/passports/{id}/grading` */
export const GradingRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  grade: GradeSchema,
  checks: z.optional(
    recordWithSafeKeys(CheckNameSchema, z.union([z.boolean(), z.number(), z.string().check(z.trim(), multiLine(), noContactData(), z.maxLength(200))])).check(
      z.refine((checks) => Object.keys(checks).length <= 50, 'must have at most 50 checks'),
    ),
  ),
  notes: z.optional(z.string().check(z.trim(), multiLine(), noContactData(), z.minLength(1), z.maxLength(2_000))),
  photos: z.optional(z.array(z.url({ protocol: /^https?$/ }).check(z.maxLength(2_048))).check(z.maxLength(20))),
}));
export type GradingRequest = z.infer<typeof GradingRequestSchema>;

/**
 * `POST /v1/passports/{id}/photos` (and the customer's `POST /v1/take-backs/{id}/photos`): the type
 * and the size in bytes of the image about to be uploaded; the upload must send exactly these.
 */
export const PhotoUploadRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  contentType: z.enum(PHOTO_CONTENT_TYPES),
  size: z.int().check(z.gte(1, 'must be at least 1 byte'), z.lte(PHOTO_MAX_BYTES, `must be at most ${PHOTO_MAX_BYTES} bytes (10 MiB)`)),
}));
export type PhotoUploadRequest = z.infer<typeof PhotoUploadRequestSchema>;

/**
 * Where to PUT the photo (with the same `Content-Type`) before `expiresAt`, and the photo's `url`:
 * for staff, the address to list in the grading's `photos`; for the customer, the address staff see
 * in the passport's `customerPhotos`.
 */
export const PhotoUploadSchema = /* @__PURE__ */ schema(() => z.object({
  photoId: UlidSchema,
  uploadUrl: z.url(),
  url: z.url(),
  expiresAt: isoDateTime(),
}));
export type PhotoUpload = z.infer<typeof PhotoUploadSchema>;

/** `POST /v1/passports/{id}/rejection`: the parcel held no item, or another item than the one traded in. */
export const ParcelRejectionRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  reason: RejectionReasonSchema,
  /** What the parcel held, for the brand's staff (the customer is told the reason, not these words). */
  notes: z.string().check(z.trim(), multiLine(), noContactData(), z.minLength(3, 'must say in at least 3 characters what the parcel held'), z.maxLength(2_000, 'must be at most 2,000 characters')),
  /** Photos of the content, uploaded through `POST /v1/passports/{id}/photos` as for a grading. */
  photos: z.optional(z.array(z.url({ protocol: /^https?$/ }).check(z.maxLength(2_048))).check(z.maxLength(20))),
}));
export type ParcelRejectionRequest = z.infer<typeof ParcelRejectionRequestSchema>;

/** `POST /v1/passports/{id}/route` */
export const RouteOverrideRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  route: z.enum(ROUTES),
  /** Why a person overrides the rules; kept on the timeline. */
  reason: z.string().check(z.trim(), multiLine(), noContactData(), z.minLength(3), z.maxLength(500)),
  /**
   * With `RESELL`: the ListingWorkflow lists the item on every channel even where its price by the brand's rules nets
   * less than it has cost (which it otherwise leaves out); `reason` is the loss's.
   */
  acceptLoss: z.optional(z.literal(true)),
  /**
   * The route the person saw and means to replace: when the item's route is another by the time the override is
   * made (a colleague's override landed first), it is refused with 409 instead of written over the colleague's.
   */
  from: z.optional(z.enum(ROUTES)),
  /**
   * Required for an item IN_REPAIR (admin only): the repair job to withdraw, the passport's open one (the last of its
   * `jobs`). The job is taken back from its partner (WITHDRAWN, its slot freed, nothing booked) and the item routed as
   * asked. Refused with 409 when that job is no longer the item's open one (the partner reported it finished meanwhile).
   */
  jobId: z.optional(RepairJobIdSchema),
}).check(z.refine((request) => request.acceptLoss === undefined || request.route === 'RESELL', { message: 'is only for the route RESELL', path: ['acceptLoss'] })));
export type RouteOverrideRequest = z.infer<typeof RouteOverrideRequestSchema>;

/**
 * `POST /v1/passports/{id}/sale-return`: the buyer of a sold item sent it back and the parcel has
 * arrived. The warehouse says why (the channel's return case), what the buyer got back and what the
 * channel credited back of its fee, and where the item goes now.
 */
export const SaleReturnRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  reason: z.enum(SALE_RETURN_REASONS, { error: `must be one of ${SALE_RETURN_REASONS.join(', ')}` }),
  /** What the buyer got back, in minor units; without it, all they paid (the item and its shipping). At most that. */
  refund: z.optional(NonNegativeMoneySchema),
  /** What the channel credited back of its fee; without it, nothing. At most the fee it kept. */
  feeRefunded: z.optional(NonNegativeMoneySchema),
  /** RESELL lists it again in its grade; REPAIR sends it to a partner first; RECYCLE takes it off resale. */
  route: z.enum(ROUTES, { error: `must be one of ${ROUTES.join(', ')}` }),
  /** What the warehouse found, for the timeline (optional). */
  notes: z.optional(z.string().check(z.trim(), multiLine(), noContactData(), z.maxLength(2_000, 'must be at most 2,000 characters'))),
}));
export type SaleReturnRequest = z.infer<typeof SaleReturnRequestSchema>;

/** Staff cancel a take-back for its customer (who wrote or called), saying why; kept on the timeline. */
export const TakeBackCancellationRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  reason: z.string().check(z.trim(), multiLine(), noContactData(), z.minLength(3), z.maxLength(500)),
}));
export type TakeBackCancellationRequest = z.infer<typeof TakeBackCancellationRequestSchema>;

/** `POST /v1/passports/{id}/return-shipment`; send `{}` to ship at the product's weight. */
export const ReturnShipmentRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  /** The packed parcel's weight in grams, when it differs from the product's (DHL takes up to 31.5 kg). */
  weightGrams: z.optional(z.int().check(z.gte(1), z.lte(31_500))),
}));
export type ReturnShipmentRequest = z.infer<typeof ReturnShipmentRequestSchema>;

/**
 * `POST /v1/passports/{id}/label`: the customer's return address corrected, whole and with the checks of the
 * take-back request (DHL prints it as the parcel's sender); send `{}` to have the label made again as it stands.
 */
export const LabelRetryRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  returnAddress: z.optional(z.strictObject({ name: CustomerNameSchema, ...PostalAddressSchema.shape }).check(postalCodeOfItsCountry())),
}));
export type LabelRetryRequest = z.infer<typeof LabelRetryRequestSchema>;

/** The customer's return address as the console shows it to correct: the same fields as a correction. */
const ReturnAddressSchema = /* @__PURE__ */ schema(() =>
  z.object({ name: z.string(), street: z.string(), houseNumber: z.string(), postalCode: z.string(), city: z.string(), country: z.string() }),
);
export type ReturnAddressAgrees = Assert<Same<z.infer<typeof ReturnAddressSchema>, ReturnAddress>>;

/** The reference of a customer's erasure request (a ticket number, a date): the timeline and the webhooks keep it. */
const ErasureReferenceSchema = /* @__PURE__ */ schema(() => z.string().check(z.trim(), multiLine(), noContactData(), z.minLength(3), z.maxLength(200)));

/** `POST /v1/passports/{id}/erasure`: the reference of the customer's request (a ticket number, a date), which the timeline keeps; never personal data itself. */
export const PersonalDataErasureRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  reason: ErasureReferenceSchema,
}));
export type PersonalDataErasureRequest = z.infer<typeof PersonalDataErasureRequestSchema>;

/**
 * `POST /v1/customers/erasure`: the customer by their e-mail address, and the reference of their request, which names
 * them neither by that address in any spelling nor by its part before the @.
 */
export const CustomerErasureRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  email: z.email(),
  reason: ErasureReferenceSchema,
}).check(
  z.superRefine((request, context) => {
    if (namesAddress(request.reason, request.email)) context.addIssue({ code: 'custom', path: ['reason'], message: CUSTOMER_ADDRESS_MESSAGE, input: request.reason });
  }, { when: (payload) => payload.issues.length === 0 }),
));
export type CustomerErasureRequest = z.infer<typeof CustomerErasureRequestSchema>;

/** What a customer's erasure did: the take-backs erased, and those the platform still needs, with why. */
export const CustomerErasureResultSchema = /* @__PURE__ */ schema(() => z.object({
  erased: z.array(z.object({ id: UlidSchema, state: PassportStateSchema })),
  blocked: z.array(
    z.object({ id: UlidSchema, state: PassportStateSchema, blockedBy: z.string(), blockedReason: z.optional(z.enum(ERASURE_BLOCKERS)) }),
  ),
}));
export type CustomerErasureResult = z.infer<typeof CustomerErasureResultSchema>;

export const WORK_QUEUE_PAGE_SIZE = 25;

/** A carrier's shipment number as printed under the label's barcode; spaces typed between digit groups are dropped. */
export const ShipmentNoSchema = /* @__PURE__ */ schema(() => z.pipe(
  z.string().check(z.maxLength(60)),
  z.pipe(z.transform((typed: string) => typed.replace(/\s+/g, '')), z.string().check(z.regex(/^[A-Za-z0-9]{8,40}$/, 'must be a shipment number: 8 to 40 letters or digits'))),
));

/**
 * `GET /v1/passports?state=&cursor=&limit=`, the work queue of a state, or
 * `GET /v1/passports?shipmentNo=`, the passport of a parcel found by its label's barcode.
 */
export const WorkQueueQuerySchema = /* @__PURE__ */ schema(() => z
  .strictObject({
    state: z.optional(PassportStateSchema),
    shipmentNo: z.optional(ShipmentNoSchema),
    /** The `nextCursor` of the previous page, as it was given. */
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
    limit: pageSize(100, WORK_QUEUE_PAGE_SIZE),
  })
  .check(
    z.refine((query) => (query.state === undefined) !== (query.shipmentNo === undefined), {
      message: 'give either state or shipmentNo',
      path: ['state'],
    }),
  ));
export type WorkQueueQuery = z.infer<typeof WorkQueueQuerySchema>;

const RouteSchema = /* @__PURE__ */ schema(() => z.enum(ROUTES));
const ProductSchema = /* @__PURE__ */ schema(() => z.object({ sku: z.string(), name: z.string(), category: z.string() }));

export const PassportSummarySchema = /* @__PURE__ */ schema(() => z.object({
  id: UlidSchema,
  state: PassportStateSchema,
  product: ProductSchema,
  grade: z.optional(GradeSchema),
  route: z.optional(RouteSchema),
  attention: z.optional(z.object({ reason: z.string(), basis: z.optional(AttentionBasisSchema), at: isoDateTime() })),
  updatedAt: isoDateTime(),
}));
export type PassportSummary = z.infer<typeof PassportSummarySchema>;

export const WorkQueueSchema = /* @__PURE__ */ schema(() => z.object({
  items: z.array(PassportSummarySchema),
  /** Present when there are more: pass it as `cursor` for the next page. */
  nextCursor: z.optional(z.string()),
}));
export type WorkQueue = z.infer<typeof WorkQueueSchema>;

/** What a ledger line is about beyond its kind (`LedgerDetail`): the console words the line in its language from it. */
const LedgerDetailSchema = /* @__PURE__ */ schema(() => z.discriminatedUnion('of', [
  z.object({ of: z.enum(['RETURN_LABEL', 'PARCEL_BACK']), carrier: z.literal('DHL'), shipmentNo: z.string() }),
  z.object({ of: z.literal('VOUCHER'), costRatio: z.optional(z.number()) }),
  z.object({ of: z.literal('BANK_TRANSFER') }),
  z.object({ of: z.literal('REPAIR'), outcome: z.enum(['COMPLETED', 'UNREPAIRABLE']), partnerName: z.string(), laborMinutes: z.optional(z.int()) }),
  z.object({ of: z.literal('PART'), quantity: z.int(), name: z.string(), sku: z.string() }),
]));

export type LedgerDetailAgrees = Assert<Same<z.infer<typeof LedgerDetailSchema>, LedgerDetail>>;

export const LedgerEntrySchema = /* @__PURE__ */ schema(() => z.object({
  entryId: z.string(),
  kind: z.enum(LEDGER_KINDS),
  direction: z.enum(['COST', 'REVENUE']),
  amount: MoneySchema,
  /** The line in English, for the books; the console words it from `kind`, `sale` and `detail` where it has them. */
  description: z.string(),
  /** What the line is about beyond its kind: which label, payout, repair or part (lines written before 6 December have none). */
  detail: z.optional(LedgerDetailSchema),
  at: isoDateTime(),
  jobId: z.optional(z.string()),
  /** The channel and its order id, for the lines of a sale. */
  sale: z.optional(z.object({ channel: z.string(), orderId: z.string() })),
  /** For a PAYOUT line: what the customer received (a voucher's face value, or the transfer). */
  faceValue: z.optional(MoneySchema),
}));
export type LedgerEntryView = z.infer<typeof LedgerEntrySchema>;

/** What the item earned and cost the brand so far, from its ledger, in minor units. */
const ItemEconomicsSchema = /* @__PURE__ */ schema(() => z.object({
  currency: z.string(),
  /** SALE and SHIPPING lines. */
  revenue: z.int(),
  /** LABEL, PAYOUT, REPAIR, PARTS and CHANNEL_FEE lines. */
  costs: z.int(),
  /** revenue − costs; negative while the item has cost more than it earned. */
  margin: z.int(),
}));

/** A repair job as the brand's staff see it: on the passport, and as a raise of its cost limit answers. */
export const RepairJobViewSchema = /* @__PURE__ */ schema(() => z.object({
  jobId: z.string(),
  partnerId: z.string(),
  status: z.enum(JOB_STATUSES),
  assignedAt: isoDateTime(),
  finishedAt: z.optional(isoDateTime()),
  deliveredAt: z.optional(isoDateTime()),
  estimateMinutes: z.number(),
  expectedCost: MoneySchema,
  /** The most the partner's finishing report may book, labour and parts together; none on jobs assigned before 8 December 2026. */
  costLimit: z.optional(MoneySchema),
  laborMinutes: z.optional(z.number()),
  cost: z.optional(MoneySchema),
  parts: z.optional(z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number(), cost: MoneySchema }))),
  notes: z.optional(z.string()),
  reports: z.array(z.object({ status: z.enum(JOB_STATUSES), at: isoDateTime() })),
  /** A WITHDRAWN job: who took the item back from the partner, when and why. */
  withdrawal: z.optional(z.object({ at: isoDateTime(), by: z.string(), reason: z.string() })),
  /** A WITHDRAWN job its partner had received: when the partner's endpoint took the `repair-job.withdrawn` webhook. */
  withdrawalDeliveredAt: z.optional(isoDateTime()),
}));

export type RepairJobView = z.infer<typeof RepairJobViewSchema>;

const quotedRange = () => z.object({ min: z.int().check(z.nonnegative()), max: z.int().check(z.nonnegative()) });
const quotedGrades = () =>
  z.object({ LIKE_NEW: z.optional(quotedRange()), GOOD: z.optional(quotedRange()), FAIR: z.optional(quotedRange()), DEFECTIVE: z.optional(quotedRange()) });

/** `GET /v1/passports/{id}`: the whole passport as the brand's staff sees it (no customer contact data). */
export const PassportDetailSchema = /* @__PURE__ */ schema(() => z.object({
  id: UlidSchema,
  brand: z.string(),
  state: PassportStateSchema,
  version: z.int(),
  /** `newPrice` is the product's when the take-back was requested (take-backs since 7 December 2026). */
  product: z.extend(ProductSchema, { weightGrams: z.number(), newPrice: z.optional(MoneySchema) }),
  selfAssessedGrade: GradeSchema,
  offer: z.object({
    quoteId: z.string(),
    value: ValueRangeSchema,
    /**
     * What the brand's rules offered for each grade when the customer was quoted (quotes since 7 December 2026): an
     * item found worse than declared is paid by these, one found as declared or better by `value`.
     */
    grades: z.optional(quotedGrades()),
    validUntil: isoDateTime(),
  }),
  label: z.optional(z.object({ carrier: z.string(), shipmentNo: z.string(), shipBy: isoDateTime() })),
  /**
   * The photos the customer added to the take-back (`POST /v1/take-backs/{id}/photos`), in the order
   * they were added: addresses to view each, valid for 15 minutes (the bucket keeps them private).
   */
  customerPhotos: z.optional(z.array(z.url())),
  receipt: z.optional(z.object({ at: isoDateTime(), by: z.string(), location: z.optional(z.string()) })),
  grading: z.optional(
    z.object({
      grade: GradeSchema,
      checks: z.optional(z.record(z.string(), z.union([z.boolean(), z.number(), z.string()]))),
      notes: z.optional(z.string()),
      photos: z.optional(z.array(z.string())),
      by: z.string(),
      at: isoDateTime(),
    }),
  ),
  /** What the warehouse found instead of the declared item (`POST /v1/passports/{id}/rejection`); set instead of `grading`. */
  rejection: z.optional(
    z.object({ reason: RejectionReasonSchema, notes: z.string(), photos: z.optional(z.array(z.string())), by: z.string(), at: isoDateTime() }),
  ),
  /** The last sale its buyer sent back (`POST /v1/passports/{id}/sale-return`). */
  saleReturn: z.optional(
    z.object({
      channel: z.string(),
      orderId: z.string(),
      reason: SaleReturnReasonSchema,
      refund: MoneySchema,
      feeRefunded: MoneySchema,
      route: RouteSchema,
      notes: z.optional(z.string()),
      by: z.string(),
      at: isoDateTime(),
    }),
  ),
  settlement: z.optional(
    z.object({
      outcome: z.enum(['ACCEPTED', 'COUNTER_OFFER']),
      payout: MoneySchema,
      offered: z.optional(MoneySchema),
      /** The last moment to answer a counter-offer; unanswered then, it lapses as declined. */
      answerBy: z.optional(isoDateTime()),
      /** `lapsed`: no answer came before `answerBy`, which counts as declined. */
      answer: z.optional(z.object({ accepted: z.boolean(), at: isoDateTime(), lapsed: z.optional(z.literal(true)) })),
    }),
  ),
  /** `reason`: the rules' in English, or the person's own words; `basis`: the facts behind a reason the platform wrote, for the console to word. */
  route: z.optional(
    z.object({
      route: RouteSchema,
      reason: z.string(),
      basis: z.optional(RouteBasisSchema),
      decidedAt: isoDateTime(),
      overriddenBy: z.optional(z.string()),
      /** The person who routed it to RESELL said to list it even at a loss (`reason` says why). */
      lossAccepted: z.optional(z.literal(true)),
    }),
  ),
  attention: z.optional(z.object({ reason: z.string(), basis: z.optional(AttentionBasisSchema), at: isoDateTime() })),
  /** The parcel that took the item back to its customer; its label is `GET /v1/passports/{id}/return-shipment/label`. */
  returnShipment: z.optional(
    z.object({ carrier: z.literal('DHL'), shipmentNo: z.string(), product: z.enum(PARCEL_PRODUCTS), createdAt: isoDateTime(), by: z.string() }),
  ),
  /** When, by whom and at whose request the customer's personal data was erased (`POST /v1/passports/{id}/erasure`). */
  erasure: z.optional(z.object({ at: isoDateTime(), by: z.string(), reason: z.string() })),
  timeline: z.array(
    z.object({ seq: z.int(), type: z.enum(PASSPORT_EVENT_TYPES), at: isoDateTime(), state: PassportStateSchema, data: z.record(z.string(), z.unknown()) }),
  ),
  ledger: z.array(LedgerEntrySchema),
  /** Absent only when the ledger holds lines in another currency than the offer's. */
  economics: z.optional(ItemEconomicsSchema),
  /**
   * A payout was settled and is not made, and the payout workflow asked a person (`payoutAwaitsAPerson`): an admin
   * may start it again once the cause is put right (`POST /v1/passports/{id}/payout`).
   */
  payoutAwaitsPerson: z.boolean(),
  /**
   * The take-back has no label and waits for one (REQUESTED, or NEEDS_ATTENTION because of its label): staff may
   * correct the customer's return address and have the label made again (`POST /v1/passports/{id}/label`). Shown to
   * ops and admins only, and only then: the detail otherwise holds no customer contact data.
   */
  labelRetry: z.optional(z.object({ returnAddress: ReturnAddressSchema })),
  jobs: z.array(RepairJobViewSchema),
  /** The item's listing on each channel it was offered on. */
  listings: z.optional(z.array(ListingViewSchema)),
  createdAt: isoDateTime(),
  updatedAt: isoDateTime(),
}));
export type PassportDetail = z.infer<typeof PassportDetailSchema>;

/**
 * A member of the brand's staff as the staff directory knows them (`PUT /v1/staff/me`): the subject their token names
 * them by, which a passport's `by` fields and events keep, with the e-mail address and roles of their last visit.
 */
export const StaffMemberSchema = /* @__PURE__ */ schema(() => z.object({
  subject: z.string(),
  email: z.string(),
  roles: z.array(z.enum(STAFF_ROLES)),
  /** When the console (or a call to `PUT /v1/staff/me`) last recorded them. */
  seenAt: isoDateTime(),
}));
export type StaffMember = z.infer<typeof StaffMemberSchema>;

/** `DELETE /v1/staff/{subject}`: a token's subject, as the directory and the passports' `by` fields keep it. */
export const StaffMemberPathSchema = /* @__PURE__ */ schema(() => z.object({ subject: z.string().check(z.regex(STAFF_SUBJECT_FORM)) }));

/** `GET /v1/staff`: everyone of the brand's staff who signed in to the console, by e-mail address. */
export const StaffDirectorySchema = /* @__PURE__ */ schema(() => z.object({ staff: z.array(StaffMemberSchema) }));
export type StaffDirectory = z.infer<typeof StaffDirectorySchema>;
