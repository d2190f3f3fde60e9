import * as z from 'zod/mini';
import { ProblemSchema, schema } from './common';
import { BrandCatalogSchema, BrandConfigHistorySchema } from './brand-config';
import {
  ListingChangeRequestSchema,
  ListingPageSchema,
  ListingPathSchema,
  ListingsQuerySchema,
  ListingViewSchema,
  MarketplacePathSchema,
  SaleReceiptSchema,
} from './resale-api';
import { FinanceReportSchema, ImpactReportSchema, ReportPathSchema, ReportQuerySchema, ReturnsReportSchema } from './reports';
import { LedgerPageSchema, LedgerQuerySchema } from './ledger';
import { CounterOfferAnswerSchema, CounterOfferAnsweredSchema } from './grading';
import {
  BankAccountEntrySchema,
  CreatePayoutExportQuerySchema,
  ListQuerySchema,
  PayoutExportListSchema,
  PayoutExportPathSchema,
  PayoutExportSchema,
  PayoutRetryStartedSchema,
  TrackedPayoutSchema,
} from './payouts';
import {
  ApiKeyCreatedSchema,
  ApiKeyListSchema,
  ApiKeyPathSchema,
  CreateApiKeyRequestSchema,
  RedeemVoucherRequestSchema,
  VoucherPathSchema,
  VoucherRedeemedSchema,
  VoucherSchema,
} from './vouchers';
import {
  ChangeWebhookSubscriptionRequestSchema,
  CreateWebhookSubscriptionRequestSchema,
  DeadLetterReplaySchema,
  WebhookSecretRotatedSchema,
  WebhookSubscriptionCreatedSchema,
  WebhookSubscriptionListSchema,
  WebhookSubscriptionPathSchema,
  WebhookSubscriptionSchema,
} from './webhooks';
import {
  PartnerPathSchema,
  PartnerReportReceiptSchema,
  PartnerReportSchema,
  RepairCostLimitRequestSchema,
  RepairJobPathSchema,
  RepairPartnerListSchema,
  RepairPartnerRequestSchema,
  RepairPartnerSavedSchema,
} from './repair';
import {
  GradingRequestSchema,
  LabelRetryRequestSchema,
  ParcelRejectionRequestSchema,
  PassportDetailSchema,
  PassportPathSchema,
  PhotoUploadRequestSchema,
  PhotoUploadSchema,
  ReceiptRequestSchema,
  RepairJobViewSchema,
  RouteOverrideRequestSchema,
  SaleReturnRequestSchema,
  TakeBackCancellationRequestSchema,
  ReturnShipmentRequestSchema,
  PersonalDataErasureRequestSchema,
  CustomerErasureRequestSchema,
  CustomerErasureResultSchema,
  StaffDirectorySchema,
  StaffMemberPathSchema,
  StaffMemberSchema,
  WorkQueueQuerySchema,
  WorkQueueSchema,
} from './staff';
import {
  BrandPathSchema,
  CatalogResponseSchema,
  LabelQuerySchema,
  QuoteRequestSchema,
  QuoteResponseSchema,
  TakeBackCreatedSchema,
  TakeBackPathSchema,
  TakeBackRequestSchema,
  TakeBackCancellationSchema,
  TakeBackStatusSchema,
  TrackingQuerySchema,
} from './take-back';

/**
 * One operation of the public API, described by the schemas the functions validate with. The
 * OpenAPI document (`docs/openapi.json`) is generated from this list, and the stack's API routes
 * are: one route per operation to the function named by `handler`.
 */
export interface RouteContract {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** The function that serves it: its entry under `functions/`, e.g. `take-back/request-take-back`. */
  handler: string;
  summary: string;
  tag: string;
  /** Who may call it: customers (public), a brand's staff with these roles, a shop's API key, a signed webhook. */
  access: 'public' | 'shop' | 'webhook' | { staff: readonly string[] };
  /** Whether it honours `Idempotency-Key`; `'required'`: it refuses a request without one (400). */
  idempotent?: boolean | 'required';
  /** Request headers the operation reads besides `Idempotency-Key`, e.g. `If-Match`. */
  headers?: { name: string; required: boolean; description: string }[];
  path_?: z.core.$ZodType;
  query?: z.core.$ZodType;
  body?: z.core.$ZodType;
  /** Success responses: a schema for JSON, a media type for binary bodies, a description alone for none (204). */
  responses: Record<number, z.core.$ZodType | { mediaType: string; description: string } | { description: string }>;
  /** The error statuses this operation answers with a problem document. */
  problems: number[];
}

export const Problem = ProblemSchema;

export const TAKE_BACK_ROUTES: RouteContract[] = [
  {
    method: 'GET',
    path: '/v1/brands/{brand}/catalog',
    handler: 'catalog/get-catalog',
    summary: "A brand's take-back catalog: products, condition questions, payout methods",
    tag: 'Take-back',
    access: 'public',
    path_: BrandPathSchema,
    responses: { 200: CatalogResponseSchema },
    problems: [400, 404],
  },
  {
    method: 'POST',
    path: '/v1/brands/{brand}/quotes',
    handler: 'take-back/create-quote',
    summary: 'An instant offer for a product and the answers to its condition questions',
    tag: 'Take-back',
    access: 'public',
    idempotent: true,
    path_: BrandPathSchema,
    body: QuoteRequestSchema,
    responses: { 201: QuoteResponseSchema },
    problems: [400, 404, 422],
  },
  {
    method: 'POST',
    path: '/v1/brands/{brand}/take-backs',
    handler: 'take-back/request-take-back',
    summary: 'Registers a take-back for a quote; the DHL label and the label e-mail follow',
    tag: 'Take-back',
    access: 'public',
    idempotent: true,
    path_: BrandPathSchema,
    body: TakeBackRequestSchema,
    responses: { 201: TakeBackCreatedSchema },
    problems: [400, 404, 409, 422, 429],
  },
  {
    method: 'GET',
    path: '/v1/take-backs/{id}',
    handler: 'take-back/get-take-back',
    summary: 'The status, timeline, offer and label links of a take-back (the tracking page)',
    tag: 'Take-back',
    access: 'public',
    path_: TakeBackPathSchema,
    query: TrackingQuerySchema,
    responses: { 200: TakeBackStatusSchema },
    problems: [400, 404],
  },
  {
    method: 'PUT',
    path: '/v1/take-backs/{id}/bank-account',
    handler: 'take-back/replace-bank-account',
    summary: 'The customer enters again the account of a bank transfer set aside because its account could not be used',
    tag: 'Take-back',
    access: 'public',
    idempotent: true,
    path_: TakeBackPathSchema,
    query: TrackingQuerySchema,
    body: BankAccountEntrySchema,
    responses: { 200: TrackedPayoutSchema },
    problems: [400, 404, 409],
  },
  {
    method: 'POST',
    path: '/v1/take-backs/{id}/cancellation',
    handler: 'take-back/cancel-take-back',
    summary:
      'The customer cancels the take-back, until the parcel is received (409 after); its label is no longer valid. Cancelling a cancelled take-back answers it as it stands',
    tag: 'Take-back',
    access: 'public',
    idempotent: true,
    path_: TakeBackPathSchema,
    query: TrackingQuerySchema,
    responses: { 200: TakeBackCancellationSchema },
    problems: [400, 404, 409],
  },
  {
    method: 'GET',
    path: '/v1/take-backs/{id}/label',
    handler: 'take-back/get-label',
    summary:
      "The return label: the PDF to print or the QR code to show at a DHL shop. Opened in a browser (an Accept that prefers text/html to JSON, as the label e-mail's link is), a 404 or 409 is answered as a short HTML page in the reader's language (Accept-Language) instead of the problem document",
    tag: 'Take-back',
    access: 'public',
    path_: TakeBackPathSchema,
    query: LabelQuerySchema,
    responses: {
      200: { mediaType: 'application/pdf', description: 'The label PDF (format=pdf) or the QR code PNG (format=qr, image/png)' },
    },
    problems: [400, 404, 409],
  },
  {
    method: 'POST',
    path: '/v1/take-backs/{id}/photos',
    handler: 'take-back/request-customer-photo-upload',
    summary:
      "Gives the customer a presigned address to upload one photo of the item (PUT the image there with the Content-Type and the size in bytes it declared, at most 10 MiB, within 15 minutes); staff see it in the passport's customerPhotos. Up to 6 photos per take-back, until the parcel is received (409 otherwise)",
    tag: 'Take-back',
    access: 'public',
    idempotent: true,
    path_: TakeBackPathSchema,
    query: TrackingQuerySchema,
    body: PhotoUploadRequestSchema,
    responses: { 201: PhotoUploadSchema },
    problems: [400, 404, 409],
  },
  {
    method: 'GET',
    path: '/health',
    handler: 'platform/health',
    summary: 'Answers 200 when the API is up',
    tag: 'Platform',
    access: 'public',
    responses: { 200: { mediaType: 'application/json', description: '{"status":"ok"}' } },
    problems: [],
  },
];

const OPS = { staff: ['ops', 'admin'] } as const;
const ADMIN = { staff: ['admin'] } as const;
/** Every staff role: reading, and the staff directory's own entry. */
const READERS = { staff: ['ops', 'analyst', 'admin'] } as const;

/** Receipt, grading, routing and the work queues (issue 3), and the customer's answer to a counter-offer. */
export const RECEIPT_AND_GRADING_ROUTES: RouteContract[] = [
  {
    method: 'POST',
    path: '/v1/passports/{id}/receipt',
    handler: 'receipt/receive-parcel',
    summary:
      "Receives a scanned parcel: the passport becomes RECEIVED; scanning it again changes nothing. The parcel of a cancelled take-back whose customer's personal data was erased is refused (409 with `personalDataErased: true`): it can be neither paid for nor sent back, and is handled by hand",
    tag: 'Warehouse',
    access: OPS,
    idempotent: true,
    path_: PassportPathSchema,
    body: ReceiptRequestSchema,
    responses: { 200: PassportDetailSchema },
    problems: [400, 401, 403, 404, 409],
  },
  {
    method: 'POST',
    path: '/v1/passports/{id}/photos',
    handler: 'grading/request-photo-upload',
    summary: "Gives a presigned address to upload one grading photo (PUT the image there with the Content-Type and the size in bytes it declared, at most 10 MiB, within 15 minutes), and the photo's url for the grading's photos",
    tag: 'Warehouse',
    access: OPS,
    path_: PassportPathSchema,
    body: PhotoUploadRequestSchema,
    responses: { 201: PhotoUploadSchema },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'POST',
    path: '/v1/passports/{id}/grading',
    handler: 'grading/grade-item',
    summary: "Grades a received item: fixes the payout for the grade (or makes a counter-offer) and decides the route by the brand's rules",
    tag: 'Warehouse',
    access: OPS,
    idempotent: true,
    path_: PassportPathSchema,
    body: GradingRequestSchema,
    responses: { 200: PassportDetailSchema },
    problems: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'POST',
    path: '/v1/passports/{id}/rejection',
    handler: 'grading/reject-parcel',
    summary:
      "Rejects a received parcel instead of grading it: EMPTY (it held no item; the passport becomes REJECTED) or OTHER_ITEM (another item than the one traded in, which goes back to the customer: RETURN_TO_CUSTOMER, then POST /v1/passports/{id}/return-shipment), with the grader's notes and photos. No payout is made; the customer is told by e-mail. 409 unless the passport is RECEIVED; asked again by the same person alike, it answers the passport as it stands",
    tag: 'Warehouse',
    access: OPS,
    idempotent: true,
    path_: PassportPathSchema,
    body: ParcelRejectionRequestSchema,
    responses: { 200: PassportDetailSchema },
    problems: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'POST',
    path: '/v1/passports/{id}/route',
    handler: 'routing/override-route',
    summary: "Overrides a graded item's route, or takes an item in repair back from its partner (admin, naming the job); the RoutingWorkflow carries out the new one",
    tag: 'Warehouse',
    access: OPS,
    idempotent: true,
    path_: PassportPathSchema,
    body: RouteOverrideRequestSchema,
    responses: { 200: PassportDetailSchema },
    problems: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'POST',
    path: '/v1/passports/{id}/cancellation',
    handler: 'passports/cancel-take-back',
    summary:
      'Cancels a take-back for its customer (who wrote or called), until the parcel is received (409 after), with the reason the timeline keeps; the customer is told by e-mail',
    tag: 'Warehouse',
    access: OPS,
    idempotent: true,
    path_: PassportPathSchema,
    body: TakeBackCancellationRequestSchema,
    responses: { 200: PassportDetailSchema },
    problems: [400, 401, 403, 404, 409],
  },
  {
    method: 'POST',
    path: '/v1/passports/{id}/label',
    handler: 'take-back/retry-label',
    summary:
      "Has a take-back's return label made again once what stopped it is put right (DHL refused the customer's address or the brand's receiver id): corrects the customer's return address first, when `returnAddress` is given (`{}` makes it again as it stands), and starts the TakeBackWorkflow, which makes one label and sends the label e-mail once. 409 with `currentState` unless the take-back has no label and waits for one (REQUESTED, or NEEDS_ATTENTION because of its label); 422 for a country the brand takes no items back from",
    tag: 'Warehouse',
    access: OPS,
    idempotent: true,
    path_: PassportPathSchema,
    body: LabelRetryRequestSchema,
    responses: { 202: PassportDetailSchema },
    problems: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'POST',
    path: '/v1/passports/{id}/return-shipment',
    handler: 'passports/ship-return',
    summary:
      "Sends an item back to its customer (a declined counter-offer, RETURN_TO_CUSTOMER): makes the DHL parcel label from the brand's account (config.carrier.dhl.parcels), moves the passport to RETURNED with the shipment and books the parcel's cost; the customer is e-mailed the tracking. Asked again, it answers the same shipment: DHL makes one label per passport. 409 in any other state, 422 when the brand has no parcel account for the customer's country or DHL refuses the parcel, 503 while DHL cannot make it",
    tag: 'Warehouse',
    access: OPS,
    idempotent: true,
    path_: PassportPathSchema,
    body: ReturnShipmentRequestSchema,
    responses: { 200: PassportDetailSchema },
    problems: [400, 401, 403, 404, 409, 422, 503],
  },
  {
    method: 'GET',
    path: '/v1/passports/{id}/return-shipment/label',
    handler: 'passports/get-return-label',
    summary: 'The label PDF of the parcel that took an item back to its customer, to print again',
    tag: 'Warehouse',
    access: OPS,
    path_: PassportPathSchema,
    responses: { 200: { mediaType: 'application/pdf', description: 'The parcel label PDF' } },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'POST',
    path: '/v1/passports/{id}/erasure',
    handler: 'passports/erase-personal-data',
    summary:
      "Erases the customer's personal data from a passport (GDPR Art. 17): name, e-mail and postal address (the country stays), bank account, free-text reason, the photos they added, the labels that print their address, and the passport's place in the index of their paid take-backs; with the request's reference, which the timeline keeps. The item's history, ledger and the brand's bank export files stay. 409 with `blockedBy` (in words) and `blockedReason` (`TAKE_BACK_OPEN`, `ITEM_TO_GO_BACK`, `COUNTER_OFFER_OPEN`, `PAYOUT_NOT_MADE`) while the platform still needs the data: the take-back open (cancel it first), the item to go back, a counter-offer unanswered, or the payout not made. Asked again, it answers the passport as it stands",
    tag: 'Warehouse',
    access: ADMIN,
    idempotent: true,
    path_: PassportPathSchema,
    body: PersonalDataErasureRequestSchema,
    responses: { 200: PassportDetailSchema },
    problems: [400, 401, 403, 404, 409],
  },
  {
    method: 'POST',
    path: '/v1/customers/erasure',
    handler: 'passports/erase-customer',
    summary:
      "Erases a customer's personal data from each of their take-backs at the brand, found by their e-mail address (those requested since 5 December 2026; an older one by `POST /v1/passports/{id}/erasure`), as that route erases one; answers the take-backs erased and those the platform still needs, with why (`blockedBy` in words, `blockedReason` as a code): ask again once they are done. The address is not stored (an Idempotency-Key's record keeps a hash of the request for 24 hours)",
    tag: 'Warehouse',
    access: ADMIN,
    idempotent: true,
    body: CustomerErasureRequestSchema,
    responses: { 200: CustomerErasureResultSchema },
    problems: [400, 401, 403],
  },
  {
    method: 'GET',
    path: '/v1/passports',
    handler: 'passports/list-passports',
    summary: "A work queue: the brand's passports in one state, newest change first, with an opaque cursor; or, with `shipmentNo`, the passport of the parcel whose label barcode shows it",
    tag: 'Warehouse',
    access: READERS,
    query: WorkQueueQuerySchema,
    responses: { 200: WorkQueueSchema },
    problems: [400, 401, 403],
  },
  {
    method: 'GET',
    path: '/v1/passports/{id}',
    handler: 'passports/get-passport',
    summary: 'The whole passport: product, grade, route, timeline, ledger and repair jobs',
    tag: 'Warehouse',
    access: READERS,
    path_: PassportPathSchema,
    responses: { 200: PassportDetailSchema },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'POST',
    path: '/v1/take-backs/{id}/counter-offer',
    handler: 'grading/answer-counter-offer',
    summary: 'The customer accepts a counter-offer (the item is routed) or declines it (the item goes back)',
    tag: 'Take-back',
    access: 'public',
    idempotent: true,
    path_: TakeBackPathSchema,
    query: TrackingQuerySchema,
    body: CounterOfferAnswerSchema,
    responses: { 200: CounterOfferAnsweredSchema },
    problems: [400, 404, 409],
  },
];

/** The repair-partner network (issue 3): partner configuration and the partners' signed status reports. */
export const REPAIR_NETWORK_ROUTES: RouteContract[] = [
  {
    method: 'PUT',
    path: '/v1/repair-partners/{partnerId}',
    handler: 'repair/save-repair-partner',
    summary: 'Creates (201) or replaces (200) a repair partner; a generated webhook secret is shown in the 201 response only',
    tag: 'Repair partners',
    access: { staff: ['admin'] },
    idempotent: true,
    path_: PartnerPathSchema,
    body: RepairPartnerRequestSchema,
    responses: { 200: RepairPartnerSavedSchema, 201: RepairPartnerSavedSchema },
    problems: [400, 401, 403, 409, 422],
  },
  {
    method: 'GET',
    path: '/v1/repair-partners',
    handler: 'repair/list-repair-partners',
    summary: "The brand's repair partners with open jobs, capacity, median turnaround and repair yield",
    tag: 'Repair partners',
    access: READERS,
    responses: { 200: RepairPartnerListSchema },
    problems: [401, 403],
  },
  {
    method: 'POST',
    path: '/v1/webhooks/repair-partners/{partnerId}',
    handler: 'repair/receive-partner-report',
    summary: "A partner's signed status report on a job (docs/repair-partner-guide.md); a replayed webhook-id is answered without being applied again",
    tag: 'Repair partners',
    access: 'webhook',
    path_: PartnerPathSchema,
    body: PartnerReportSchema,
    responses: { 200: PartnerReportReceiptSchema },
    problems: [400, 401, 404, 409, 422],
  },
  {
    method: 'POST',
    path: '/v1/repair-jobs/{jobId}/cost-limit',
    handler: 'repair/raise-cost-limit',
    summary:
      "Raises an open repair job's cost limit (what its partner's finishing report may book) above the limit now, with the reason its item's timeline keeps; 409 for a finished or withdrawn job, 422 for an amount not above the limit",
    tag: 'Repair partners',
    access: ADMIN,
    idempotent: true,
    path_: RepairJobPathSchema,
    body: RepairCostLimitRequestSchema,
    responses: { 200: RepairJobViewSchema },
    problems: [400, 401, 403, 404, 409, 422],
  },
];

/** Payouts and brand integrations (issue 4): the shop's vouchers, its API keys, bank-transfer exports, webhooks. */
export const PAYOUT_ROUTES: RouteContract[] = [
  {
    method: 'GET',
    path: '/v1/vouchers/{code}',
    handler: 'vouchers/get-voucher',
    summary: "A voucher as the brand's shop sees it: value, balance, status, expiry",
    tag: 'Vouchers',
    access: 'shop',
    path_: VoucherPathSchema,
    responses: { 200: VoucherSchema },
    problems: [400, 401, 404],
  },
  {
    method: 'POST',
    path: '/v1/vouchers/{code}/redeem',
    handler: 'vouchers/redeem-voucher',
    summary:
      "Spends part or all of a voucher; answers with the new balance. Never more than the balance, whatever runs concurrently. 409 for a voucher that is a discount code in the brand's Shopify shop (`issuer: \"shopify\"`): it is redeemed only at the shop's checkout",
    tag: 'Vouchers',
    access: 'shop',
    idempotent: true,
    path_: VoucherPathSchema,
    body: RedeemVoucherRequestSchema,
    responses: { 200: VoucherRedeemedSchema },
    problems: [400, 401, 404, 409, 422],
  },
  {
    method: 'POST',
    path: '/v1/api-keys',
    handler: 'api-keys/create-api-key',
    summary: "Creates an API key for the brand's shop; the key is in this response only",
    tag: 'Vouchers',
    access: ADMIN,
    idempotent: true,
    body: CreateApiKeyRequestSchema,
    responses: { 201: ApiKeyCreatedSchema },
    problems: [400, 401, 403, 422],
  },
  {
    method: 'GET',
    path: '/v1/api-keys',
    handler: 'api-keys/list-api-keys',
    summary: "The brand's shop API keys, without the keys",
    tag: 'Vouchers',
    access: ADMIN,
    responses: { 200: ApiKeyListSchema },
    problems: [401, 403],
  },
  {
    method: 'DELETE',
    path: '/v1/api-keys/{keyId}',
    handler: 'api-keys/revoke-api-key',
    summary: 'Revokes a shop API key',
    tag: 'Vouchers',
    access: ADMIN,
    path_: ApiKeyPathSchema,
    responses: { 204: { description: 'Revoked' } },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'POST',
    path: '/v1/payouts/exports',
    handler: 'payouts/create-payout-export',
    summary:
      'Exports the bank payouts waiting as one SEPA credit-transfer file (pain.001.001.09); each payout goes into exactly one export, and one whose bank account cannot be opened is set aside (`held`)',
    tag: 'Payouts',
    access: ADMIN,
    idempotent: true,
    query: CreatePayoutExportQuerySchema,
    responses: { 201: PayoutExportSchema },
    problems: [400, 401, 403, 409, 422],
  },
  {
    method: 'POST',
    path: '/v1/passports/{id}/payout',
    handler: 'payouts/retry-payout',
    summary:
      "Starts the customer's payout again once what stopped it is put right (the payout workflow asked a person); settling is idempotent, so it never pays twice",
    tag: 'Payouts',
    access: ADMIN,
    idempotent: true,
    path_: PassportPathSchema,
    responses: { 202: PayoutRetryStartedSchema },
    problems: [400, 401, 403, 404, 409],
  },
  {
    method: 'GET',
    path: '/v1/payouts/exports',
    handler: 'payouts/list-payout-exports',
    summary: "The brand's bank-transfer exports, newest first, with an opaque cursor",
    tag: 'Payouts',
    access: ADMIN,
    query: ListQuerySchema,
    responses: { 200: PayoutExportListSchema },
    problems: [400, 401, 403],
  },
  {
    method: 'GET',
    path: '/v1/payouts/exports/{exportId}/file',
    handler: 'payouts/get-payout-export-file',
    summary: "An export's pain.001 file, to upload to the brand's bank",
    tag: 'Payouts',
    access: ADMIN,
    path_: PayoutExportPathSchema,
    responses: { 200: { mediaType: 'application/xml', description: 'The ISO 20022 pain.001.001.09 document' } },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'POST',
    path: '/v1/webhook-subscriptions',
    handler: 'webhooks/create-webhook-subscription',
    summary: "Subscribes one of the brand's HTTPS endpoints to passport event types; the signing secret is in this response only",
    tag: 'Brand webhooks',
    access: ADMIN,
    idempotent: true,
    body: CreateWebhookSubscriptionRequestSchema,
    responses: { 201: WebhookSubscriptionCreatedSchema },
    problems: [400, 401, 403, 409, 422],
  },
  {
    method: 'GET',
    path: '/v1/webhook-subscriptions',
    handler: 'webhooks/list-webhook-subscriptions',
    summary: "The brand's webhook subscriptions, without their secrets",
    tag: 'Brand webhooks',
    access: ADMIN,
    responses: { 200: WebhookSubscriptionListSchema },
    problems: [401, 403],
  },
  {
    method: 'DELETE',
    path: '/v1/webhook-subscriptions/{subscriptionId}',
    handler: 'webhooks/delete-webhook-subscription',
    summary: 'Deletes a webhook subscription; deliveries still queued for it are dropped',
    tag: 'Brand webhooks',
    access: ADMIN,
    path_: WebhookSubscriptionPathSchema,
    responses: { 204: { description: 'Deleted' } },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'PATCH',
    path: '/v1/webhook-subscriptions/{subscriptionId}',
    handler: 'webhooks/change-webhook-subscription',
    summary:
      "Replaces a webhook subscription's event types; it keeps its id, endpoint, signing secret and creation time. Deliveries already queued still go out; the next event is sent by the new types. The same types again change nothing",
    tag: 'Brand webhooks',
    access: ADMIN,
    idempotent: true,
    path_: WebhookSubscriptionPathSchema,
    body: ChangeWebhookSubscriptionRequestSchema,
    responses: { 200: WebhookSubscriptionSchema },
    problems: [400, 401, 403, 404],
  },
  {
    method: 'POST',
    path: '/v1/webhook-subscriptions/{subscriptionId}/secret',
    handler: 'webhooks/rotate-webhook-secret',
    summary: "Rotates a subscription's signing secret: the new one is in this response only; the old one also signs every delivery for another 24 hours",
    tag: 'Brand webhooks',
    access: ADMIN,
    idempotent: 'required',
    path_: WebhookSubscriptionPathSchema,
    responses: { 200: WebhookSecretRotatedSchema },
    problems: [400, 401, 403, 404, 409],
  },
  {
    method: 'POST',
    path: '/v1/webhook-dead-letters/replay',
    handler: 'webhooks/replay-webhook-dead-letters',
    summary: "Sends the brand's dead-lettered deliveries again, under their webhook ids",
    tag: 'Brand webhooks',
    access: ADMIN,
    idempotent: true,
    responses: { 202: DeadLetterReplaySchema },
    problems: [400, 401, 403],
  },
];

/** Resale (issue 9): the brand's listings on its sales channels, and the channels' sale notifications. */
export const RESALE_ROUTES: RouteContract[] = [
  {
    method: 'GET',
    path: '/v1/listings',
    handler: 'resale/list-listings',
    summary: "The brand's listings in one state (default LISTED), optionally on one channel, with an opaque cursor",
    tag: 'Resale',
    access: READERS,
    query: ListingsQuerySchema,
    responses: { 200: ListingPageSchema },
    problems: [400, 401, 403],
  },
  {
    method: 'POST',
    path: '/v1/passports/{id}/listings/{channel}',
    handler: 'resale/change-listing',
    summary:
      "Changes one listing: a new price (`price`), off sale (`withdraw`), or on sale again (`relist`); the channel follows within seconds. A price that nets less after the channel's fee than the item has cost so far (its ledger's costs less what it earned back) answers 422 \"Price loses money\" with `cost` and `net` and writes nothing, unless the request carries `acceptLoss: {reason}`, which the `ListingPriceChanged` event keeps with both figures; 422 too when a ledger line is in another currency than the price",
    tag: 'Resale',
    access: { staff: ['ops', 'admin'] },
    path_: ListingPathSchema,
    body: ListingChangeRequestSchema,
    responses: { 200: ListingViewSchema },
    problems: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'POST',
    path: '/v1/passports/{id}/sale-return',
    handler: 'resale/record-sale-return',
    summary:
      "Records a sold item its buyer sent back, when the parcel arrives: why (the channel's return case), what the buyer got back (default: all they paid) and what the channel credited back of its fee (default: nothing), and the item's route now (RESELL lists it again on every channel, REPAIR sends it to a partner first, RECYCLE). The passport goes SOLD → GRADED; the ledger and the reports take the refund. 409 unless the passport is SOLD; asked again by the same person alike, it answers the passport as it stands; 422 for a refund above what the buyer paid",
    tag: 'Resale',
    access: { staff: ['ops', 'admin'] },
    idempotent: true,
    path_: PassportPathSchema,
    body: SaleReturnRequestSchema,
    responses: { 200: PassportDetailSchema },
    problems: [400, 401, 403, 404, 409, 422],
  },
  {
    method: 'POST',
    path: '/v1/webhooks/marketplaces/{channel}',
    handler: 'resale/receive-sale-notification',
    summary: "A channel's sale notification (Shopify `orders/create`, signed in X-Shopify-Hmac-Sha256); the first sale of an item claims it, a later one is cancelled on its channel",
    tag: 'Resale',
    access: 'webhook',
    path_: MarketplacePathSchema,
    responses: { 200: SaleReceiptSchema },
    problems: [400, 401, 404],
  },
];

/** Reports (issue 10): a brand's impact, finance and returns, from its aggregates. */
export const REPORT_ROUTES: RouteContract[] = /* @__PURE__ */ schema(() => [
  {
    method: 'GET',
    path: '/v1/reports/{report}',
    handler: 'reports/get-report',
    summary:
      "A report of the token's brand for the months from…to (at most 36), by month, category or (finance) channel: JSON; CSV with Accept: text/csv; the impact report as a PDF with Accept: application/pdf (docs/reports.md)",
    tag: 'Reports',
    access: { staff: ['analyst', 'admin'] },
    path_: ReportPathSchema,
    query: ReportQuerySchema,
    responses: { 200: z.union([ImpactReportSchema, FinanceReportSchema, ReturnsReportSchema]) },
    problems: [400, 401, 403, 406],
  },
  {
    method: 'GET',
    path: '/v1/ledger',
    handler: 'reports/get-ledger',
    summary:
      "The token's brand's ledger lines of one calendar month in its time zone (every label, payout, repair, sale, fee and refund of every item, with its passport and category), oldest first: JSON pages with an opaque cursor, or the whole month as CSV with Accept: text/csv, for bookkeeping (docs/ledger.md)",
    tag: 'Reports',
    access: { staff: ['analyst', 'admin'] },
    query: LedgerQuerySchema,
    responses: { 200: LedgerPageSchema },
    problems: [400, 401, 403, 406],
  },
]);


/** The brand's configuration (issue 10): read and replaced whole by its admins, on top of the version they read. */
export const BRAND_CONFIG_ROUTES: RouteContract[] = [
  {
    method: 'GET',
    path: '/v1/brand-config',
    handler: 'brand-config/get-brand-config',
    summary: "The brand's whole configuration (products, questions, offer, payout, route and resale rules, channels, label cost, impact overrides, locale and sender), with the ETag of its version",
    tag: 'Brand configuration',
    access: ADMIN,
    responses: { 200: BrandCatalogSchema },
    problems: [401, 403, 404, 500],
  },
  {
    method: 'PUT',
    path: '/v1/brand-config',
    handler: 'brand-config/save-brand-config',
    summary:
      'Replaces the whole configuration, on top of the version named by If-Match (required: 428 without it, 412 when the configuration changed meanwhile, 400 when it is not * or a list of entity tags; If-None-Match: * creates the first one); rules that pay more than an item recovers answer 422 unless they carry acceptLoss',
    tag: 'Brand configuration',
    access: ADMIN,
    idempotent: true,
    headers: [
      {
        name: 'If-Match',
        required: false,
        description:
          'The ETag of the version the change was made on, e.g. "v7", or a comma-separated list of ETags (saved if one of them is the current version; weak tags W/"…" never match), or * (any current version; 412 when there is none); without it (or If-None-Match) the answer is 428, and one that is not * or a list of quoted entity tags is 400',
      },
      { name: 'If-None-Match', required: false, description: '`*` to create the first configuration of a brand that has none' },
    ],
    body: BrandCatalogSchema,
    responses: { 200: BrandCatalogSchema },
    problems: [400, 401, 403, 409, 412, 422, 428, 500],
  },
  {
    method: 'GET',
    path: '/v1/brand-config/history',
    handler: 'brand-config/list-brand-config-history',
    summary: 'The versions of the configuration, newest first: who saved each, when, and which parts it changed',
    tag: 'Brand configuration',
    access: ADMIN,
    query: ListQuerySchema,
    responses: { 200: BrandConfigHistorySchema },
    problems: [400, 401, 403],
  },
];

/** The brand's staff directory: the console records who signed in, so that pages name people instead of token subjects. */
export const STAFF_DIRECTORY_ROUTES: RouteContract[] = [
  {
    method: 'PUT',
    path: '/v1/staff/me',
    handler: 'staff/record-staff-member',
    summary:
      "Records the caller's e-mail address and roles, from their ID token, for the subject the passports' `by` fields name them by; the staff console calls it when it opens. 422 for a token without an e-mail address",
    tag: 'Staff',
    access: READERS,
    responses: { 200: StaffMemberSchema },
    problems: [401, 403, 422],
  },
  {
    method: 'GET',
    path: '/v1/staff',
    handler: 'staff/list-staff',
    summary: "The brand's staff who opened the console, by e-mail address: subject, e-mail address, roles and last visit",
    tag: 'Staff',
    access: READERS,
    responses: { 200: StaffDirectorySchema },
    problems: [401, 403],
  },
  {
    method: 'DELETE',
    path: '/v1/staff/{subject}',
    handler: 'staff/remove-staff-member',
    summary:
      "Removes a person from the brand's staff directory (e.g. someone who left and asked for it): pages name what they did by their subject again; someone who still has access is recorded again when they open the console",
    tag: 'Staff',
    access: ADMIN,
    path_: StaffMemberPathSchema,
    responses: { 204: { description: 'Removed' } },
    problems: [400, 401, 403, 404],
  },
];

/** Every operation of the API. */
export const API_ROUTES: RouteContract[] = [
  ...TAKE_BACK_ROUTES,
  ...RECEIPT_AND_GRADING_ROUTES,
  ...REPAIR_NETWORK_ROUTES,
  ...PAYOUT_ROUTES,
  ...RESALE_ROUTES,
  ...BRAND_CONFIG_ROUTES,
  ...STAFF_DIRECTORY_ROUTES,
  ...REPORT_ROUTES,
];
