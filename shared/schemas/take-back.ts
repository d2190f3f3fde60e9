import * as z from 'zod/mini';
import { CUSTOMER_ATTENTION_CAUSES } from '../domain/attention';
import { holdsWebOrEmailAddress, NAME_WITH_ADDRESS_MESSAGE } from '../domain/customer-name';
import { EMAIL_ADDRESS_FORM, EMAIL_ADDRESS_LENGTH, LOCAL_PART_TOO_LONG_MESSAGE, localPartFits } from '../domain/email-address';
import { PAYOUT_METHODS, PASSPORT_EVENT_TYPES } from '../domain/passport';
import { isPostalCodeOf, POSTAL_CODE_FORM, postalCodeFormat } from '../domain/postal-codes';
import { BrandSlugSchema, GradeSchema, isoDateTime, MoneySchema, multiLine, oneLine, PassportStateSchema, recordWithSafeKeys, RejectionReasonSchema, schema, UlidSchema, ValueRangeSchema } from './common';
import { PassportImpactSchema, PayoutChoiceSchema, TrackedPayoutSchema } from './payouts';

// Customer-facing contract of the take-back stage (DESIGN.md §6). Field names are fixed.

export const BrandPathSchema = /* @__PURE__ */ schema(() => z.object({ brand: BrandSlugSchema }));
export const TakeBackPathSchema = /* @__PURE__ */ schema(() => z.object({ id: UlidSchema }));

export const CatalogResponseSchema = /* @__PURE__ */ schema(() => z.object({
  brand: z.string(),
  name: z.string(),
  currency: z.string(),
  products: z.array(
    z.object({ sku: z.string(), name: z.string(), category: z.string(), newPrice: MoneySchema, weightGrams: z.number() }),
  ),
  questions: z.array(
    z.object({
      id: z.string(),
      category: z.string(),
      text: z.string(),
      options: z.array(z.object({ id: z.string(), label: z.string() })),
    }),
  ),
  payoutMethods: z.array(z.enum(PAYOUT_METHODS)),
  countries: z.array(z.string()),
  /** The language the brand's pages open in. */
  locale: z.enum(['de', 'en']),
  /** The brand's time zone (IANA), in which its deadlines end: pages write their dates in it. */
  timeZone: z.string(),
  /** The reasons a customer can pick from; empty when the brand asks none. */
  returnReasons: z.array(z.object({ code: z.string(), label: z.string() })),
  theme: z.optional(z.object({ primaryColor: z.string(), logoUrl: z.optional(z.string()) })),
  /** What the brand calls the categories of its products, by code, where it named them (the form finds a product by it too). */
  categoryNames: z.optional(z.record(z.string(), z.string())),
  /**
   * Whether the brand makes offers and labels yet: false while its configuration has no route rules (a brand being set
   * up), when quotes and take-backs answer 409 and a form says the brand takes nothing back yet.
   */
  takesItemsBack: z.boolean(),
}));
export type CatalogResponse = z.infer<typeof CatalogResponseSchema>;

export const QuoteRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  sku: z.string().check(z.minLength(1), z.maxLength(64)),
  answers: recordWithSafeKeys(z.string().check(z.minLength(1), z.maxLength(64)), z.string().check(z.minLength(1), z.maxLength(64))),
}));
export type QuoteRequest = z.infer<typeof QuoteRequestSchema>;

export const QuoteResponseSchema = /* @__PURE__ */ schema(() => z.object({
  quoteId: UlidSchema,
  sku: z.string(),
  grade: GradeSchema,
  value: ValueRangeSchema,
  validUntil: isoDateTime(),
}));
export type QuoteResponse = z.infer<typeof QuoteResponseSchema>;

// Lengths follow what the carrier accepts, so a take-back that passes here can get a label. The name and address go
// on the label and into e-mails one line each; `reason`, the customer's own words for the brand's staff, may run to
// several lines (the console shows it as text). Staff correcting the address for a label made again
// (`LabelRetryRequestSchema`) are held to the same checks.
const labelLine = (maxLength: number) => z.string().check(z.trim(), oneLine(), z.minLength(1), z.maxLength(maxLength));

/**
 * The customer's name, which DHL prints on the label as the parcel's sender and every e-mail greets them by: without a
 * web or e-mail address (`holdsWebOrEmailAddress`), which a mail client would draw as a link in the brand's e-mail.
 * Checked once the name is one line of the right length, so that a name refused already is not refused twice.
 */
export const CustomerNameSchema = /* @__PURE__ */ schema(() =>
  labelLine(50).check(
    z.refine<string>((name) => !holdsWebOrEmailAddress(name), { message: NAME_WITH_ADDRESS_MESSAGE, when: (payload) => payload.issues.length === 0 }),
  ),
);

/** The customer's postal address, which the parcel is sent from (and an item sent back goes to). */
export const PostalAddressSchema = /* @__PURE__ */ schema(() => z.strictObject({
  street: labelLine(50),
  houseNumber: labelLine(10),
  // DHL's form of a postcode from any country, 3 to 10 letters and digits in groups; checked once the text is one line
  // of the right length, so that a postcode too long or short is not also refused for its form.
  postalCode: z.string().check(
    z.trim(),
    oneLine(),
    z.minLength(3),
    z.maxLength(10),
    z.refine<string>((postalCode) => POSTAL_CODE_FORM.test(postalCode), {
      message: 'must be letters and digits, in groups parted by one space or hyphen',
      when: (payload) => payload.issues.length === 0,
    }),
  ),
  city: labelLine(40),
  country: z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. DE')),
}).check(postalCodeOfItsCountry()));

/**
 * DHL refuses a label for a postcode its country does not have, and the take-back would wait for a person. Checked
 * once the address is an object and its postcode and country are each well formed, so that a postcode refused already
 * is not refused twice. Until 7 December 2026 an address left out of a take-back request, or sent as an array, was a
 * 500 (the check ran on what was not an address), and a corrected address of a label made again (`LabelRetryRequestSchema`) was not checked at all.
 */
export function postalCodeOfItsCountry() {
  return z.superRefine<{ postalCode: string; country: string }>(
    (address, context) => {
      if (isPostalCodeOf(address.country, address.postalCode)) return;
      const example = postalCodeFormat(address.country)?.example;
      context.addIssue({ code: 'custom', message: `must be a postcode of ${address.country}, e.g. ${example}`, path: ['postalCode'] });
    },
    {
      when: (payload) =>
        typeof payload.value === 'object' &&
        payload.value !== null &&
        !Array.isArray(payload.value) &&
        // An issue of the whole address (not an object, say) carries no path yet at this point.
        !payload.issues.some((issue) => (issue.path ?? []).length === 0 || issue.path?.[0] === 'postalCode' || issue.path?.[0] === 'country'),
    },
  );
}

export const TakeBackRequestSchema = /* @__PURE__ */ schema(() => z.strictObject({
  quoteId: UlidSchema,
  customer: z.strictObject({
    name: CustomerNameSchema,
    // The trade-in page checks the same rule (`isEmailAddress`) in its own words. The local part is bounded once the
    // address is one, so that an address refused already is not refused twice.
    email: z.email({ pattern: EMAIL_ADDRESS_FORM }).check(
      z.maxLength(EMAIL_ADDRESS_LENGTH),
      z.refine<string>(localPartFits, { message: LOCAL_PART_TOO_LONG_MESSAGE, when: (payload) => payload.issues.length === 0 }),
    ),
    locale: z.optional(z.enum(['de', 'en'])),
  }),
  address: PostalAddressSchema,
  payout: PayoutChoiceSchema,
  reason: z.optional(z.string().check(z.trim(), multiLine(), z.minLength(1), z.maxLength(500))),
  /** One of the brand's return reason codes (the catalog's `returnReasons`), which reports count; `reason` stays the customer's own words. */
  returnReason: z.optional(z.string().check(z.minLength(1), z.maxLength(50))),
}));
export type TakeBackRequest = z.infer<typeof TakeBackRequestSchema>;

export const TakeBackCreatedSchema = /* @__PURE__ */ schema(() => z.object({
  id: UlidSchema,
  trackingToken: z.string(),
  status: PassportStateSchema,
}));
export type TakeBackCreated = z.infer<typeof TakeBackCreatedSchema>;

/**
 * The customer's tracking token, the only query parameter of their routes besides the label's `format`; another is a
 * 400 at its name, as on every route (`apiHandler`), so that no part of a query escapes an `Idempotency-Key`'s match.
 */
export const TrackingQuerySchema = /* @__PURE__ */ schema(() => z.strictObject({ token: z.string().check(z.minLength(1), z.maxLength(64)) }));
export const LabelQuerySchema = /* @__PURE__ */ schema(() => z.extend(TrackingQuerySchema, { format: z._default(z.enum(['pdf', 'qr']), 'pdf') }));

/** A cancelled take-back, as its customer's cancellation answers it. */
export const TakeBackCancellationSchema = /* @__PURE__ */ schema(() => z.object({
  id: UlidSchema,
  status: z.literal('CANCELLED'),
  cancelledAt: isoDateTime(),
}));
export type TakeBackCancellation = z.infer<typeof TakeBackCancellationSchema>;

export const TakeBackStatusSchema = /* @__PURE__ */ schema(() => z.object({
  id: UlidSchema,
  brand: z.string(),
  /** The brand's time zone (IANA): the deadlines below end at midnight there, and the page writes their dates in it. */
  timeZone: z.string(),
  status: PassportStateSchema,
  product: z.object({ sku: z.string(), name: z.string(), category: z.string() }),
  timeline: z.array(z.object({ type: z.enum(PASSPORT_EVENT_TYPES), at: isoDateTime(), status: PassportStateSchema })),
  offer: z.object({ grade: GradeSchema, value: ValueRangeSchema, validUntil: isoDateTime() }),
  label: z.optional(
    z.object({ shipmentNo: z.string(), pdfUrl: z.url(), qrUrl: z.url(), shipBy: isoDateTime() }),
  ),
  /**
   * The take-back waits for the brand's staff: `ADDRESS_REFUSED` when DHL refused the address given for the
   * label, else `IN_REVIEW`; `reason` says so in English. The staff's own reason is not shown to the customer.
   */
  attention: z.optional(z.object({ cause: z.enum(CUSTOMER_ATTENTION_CAUSES), reason: z.string(), at: isoDateTime() })),
  /**
   * Why the warehouse rejected the parcel instead of grading it: `EMPTY` (it held no item) or
   * `OTHER_ITEM` (another item than the one traded in, which goes back to the customer). No payout follows.
   */
  rejection: z.optional(z.object({ reason: RejectionReasonSchema, at: isoDateTime() })),
  /** The parcel that takes the item back to its customer (a declined counter-offer, or another item than the one traded in), with DHL's tracking page. */
  returnShipment: z.optional(z.object({ carrier: z.literal('DHL'), shipmentNo: z.string(), trackingUrl: z.url(), sentAt: isoDateTime() })),
  /** Whether the customer may still cancel the take-back (until the parcel is received). */
  cancellable: z.boolean(),
  /**
   * What grading found: the grade, and the counter-offer the customer may answer when it fell short of the offer,
   * until `answerBy`; one left unanswered then is `LAPSED`, which counts as declined (the item goes back).
   */
  grading: z.optional(
    z.object({
      grade: GradeSchema,
      counterOffer: z.optional(
        z.object({
          value: MoneySchema,
          offered: MoneySchema,
          answer: z.enum(['PENDING', 'ACCEPTED', 'DECLINED', 'LAPSED']),
          /** Absent for a counter-offer made before counter-offers had a deadline (5 December 2026). */
          answerBy: z.optional(isoDateTime()),
        }),
      ),
    }),
  ),
  /** The payout, once grading settled it: the voucher with its code, or the bank transfer. */
  payout: z.optional(TrackedPayoutSchema),
  /**
   * The CO2e the trade-in saves, with the factor and its source; null while the brand keeps no item
   * (the take-back expired or was cancelled before its parcel arrived, or the item goes back to its customer).
   */
  impact: z.nullable(PassportImpactSchema),
  createdAt: isoDateTime(),
  updatedAt: isoDateTime(),
}));
export type TakeBackStatus = z.infer<typeof TakeBackStatusSchema>;
