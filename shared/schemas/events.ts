import * as z from 'zod/mini';
import { ORDER_AMOUNTS, SALES_CHANNELS } from '../domain/listings';
import { CANCELLABLE_STATES } from '../domain/lifecycle';
import { HELD_FOR_LABEL_STATES, LABEL_RETRY_STATES, RETURN_ADDRESS_FIELDS } from '../domain/label-retry';
import { PARCEL_PRODUCTS } from '../domain/return-shipment';
import { AttentionBasisSchema, GradeSchema, isoDateTime, PassportStateSchema, RejectionReasonSchema, RouteBasisSchema, SaleReturnReasonSchema, schema } from './common';

/**
 * The event catalogue: every passport event published on the EventBridge bus, as
 * `source: kreislauf.passport`, `detail-type: <type>`, `detail: <this schema>`. Events carry ids
 * and facts, never personal data (no names, e-mail or postal addresses).
 */
export const EVENT_SOURCE = 'kreislauf.passport';

const base = /* @__PURE__ */ schema(() => ({
  /** `{passportId}/{seq}`: unique per event, for consumers that deduplicate. */
  eventId: z.string(),
  passportId: z.string(),
  brand: z.string(),
  seq: z.int().check(z.positive()),
  at: isoDateTime(),
  state: PassportStateSchema,
}));

export const TakeBackRequestedSchema = /* @__PURE__ */ schema(() => z.object({
  ...base,
  type: z.literal('TakeBackRequested'),
  data: z.object({ sku: z.string(), quoteId: z.string(), selfAssessedGrade: GradeSchema, payoutMethod: z.string(), returnReason: z.optional(z.string()) }),
}));
const MoneyAmount = /* @__PURE__ */ schema(() => z.object({ amount: z.int(), currency: z.string() }));
/**
 * `costBooked: 'AT_RECEIPT'`: the label's cost is booked when its parcel is received (DHL bills a return label once
 * its parcel is posted), with `ParcelReceived`'s `labelCost`, not now. A label made before 7 December 2026 carries
 * none: its cost (the brand's `labelCost`) was booked when it was made.
 */
export const LabelCreatedSchema = /* @__PURE__ */ schema(() => z.object({
  ...base,
  type: z.literal('LabelCreated'),
  data: z.object({ carrier: z.literal('DHL'), shipmentNo: z.string(), shipBy: isoDateTime(), costBooked: z.optional(z.literal('AT_RECEIPT')) }),
}));
export const LabelEmailSentSchema = /* @__PURE__ */ schema(() => z.object({
  ...base,
  type: z.literal('LabelEmailSent'),
  data: z.object({ messageId: z.string() }),
}));
export const LabelFailedSchema = /* @__PURE__ */ schema(() => z.object({
  ...base,
  type: z.literal('LabelFailed'),
  /** `basis`: DHL's failure and its words, as on the passport's `attention` (none on events written before). */
  data: z.object({ reason: z.string(), error: z.string(), basis: z.optional(AttentionBasisSchema) }),
}));

const event = <T extends string, D extends z.ZodMiniType>(type: T, data: D) => z.object({ ...base, type: z.literal(type), data });

/**
 * A person had the take-back's label made again (`POST /v1/passports/{id}/label`), from `from` (the passport is
 * REQUESTED after it): `by` the staff member, `corrected` the fields of the customer's return address they
 * corrected first, by name only (the values are personal data).
 */
export const LabelRetriedSchema = /* @__PURE__ */ schema(() =>
  event('LabelRetried', z.object({ by: z.string(), from: z.enum(LABEL_RETRY_STATES), corrected: z.array(z.enum(RETURN_ADDRESS_FIELDS)) })),
);
export const LabelReminderSentSchema = /* @__PURE__ */ schema(() => event('LabelReminderSent', z.object({ shipBy: isoDateTime() })));
/** The customer was given an address to upload one photo of the item (listed in the passport's `customerPhotos`). */
export const CustomerPhotoAddedSchema = /* @__PURE__ */ schema(() => event('CustomerPhotoAdded', z.object({ photoId: z.string() })));
export const TakeBackExpiredSchema = /* @__PURE__ */ schema(() => event('TakeBackExpired', z.object({ shipBy: isoDateTime() })));
/**
 * The take-back was cancelled before the parcel was received; `from` is the state it was cancelled
 * in. By its customer, or by the brand's staff for them: then `by` (the staff member) and `reason`.
 */
export const TakeBackCancelledSchema = /* @__PURE__ */ schema(() =>
  event('TakeBackCancelled', z.object({ from: z.enum(CANCELLABLE_STATES), by: z.optional(z.string()), reason: z.optional(z.string()) })),
);

/**
 * The parcel was scanned at the brand's warehouse. `labelCost`: its return label's cost, booked now (a `LABEL` ledger
 * line): the parcel was posted, so DHL bills its label. None for a brand with no label cost, or a label made before
 * 7 December 2026 (booked when it was made).
 */
export const ParcelReceivedSchema = /* @__PURE__ */ schema(() =>
  event('ParcelReceived', z.object({ location: z.optional(z.string()), by: z.string(), labelCost: z.optional(MoneyAmount) })),
);
/**
 * A received item held where its label's steps put it (`from`; until 7 December 2026 a cancelled take-back's parcel
 * received while its label step ran) was scanned again, `by` a staff member: it is RECEIVED again, with its first
 * receipt. Not a second receipt: no e-mail, and the reports count the parcel once.
 */
export const ReceiptReinstatedSchema = /* @__PURE__ */ schema(() => event('ReceiptReinstated', z.object({ by: z.string(), from: z.enum(HELD_FOR_LABEL_STATES) })));
/**
 * The warehouse rejected the received parcel instead of grading it: `EMPTY` (no item; `state` is
 * REJECTED) or `OTHER_ITEM` (another item than the one traded in, which goes back to the customer:
 * `state` is RETURN_TO_CUSTOMER). No payout is made for it.
 */
export const ParcelRejectedSchema = /* @__PURE__ */ schema(() => event('ParcelRejected', z.object({ reason: RejectionReasonSchema, by: z.string() })));
/**
 * The item was graded: the route decided by the brand's rules and the settlement of the payout.
 * `state` is GRADED when the value was accepted, COUNTER_OFFERED when the customer must answer.
 */
export const GradedSchema = /* @__PURE__ */ schema(() => event(
  'Graded',
  z.object({
    grade: GradeSchema,
    route: z.enum(['RESELL', 'REPAIR', 'RECYCLE']),
    /** `answerBy`: the last moment to answer a counter-offer, which lapses as declined after it. */
    settlement: z.object({ outcome: z.enum(['ACCEPTED', 'COUNTER_OFFER']), payout: MoneyAmount, offered: z.optional(MoneyAmount), answerBy: z.optional(isoDateTime()) }),
    by: z.string(),
  }),
));
/**
 * The customer answered a counter-offer: GRADED (accepted) or RETURN_TO_CUSTOMER (declined); declined, with the
 * `route` grading had decided, which the item no longer takes. `lapsed`: no answer came before the deadline
 * (`COUNTER_OFFER_ANSWER_DAYS` after grading), which counts as declined.
 */
export const CounterOfferAnsweredSchema = /* @__PURE__ */ schema(() =>
  event(
    'CounterOfferAnswered',
    z.object({ accepted: z.boolean(), payout: MoneyAmount, route: z.optional(z.enum(['RESELL', 'REPAIR', 'RECYCLE'])), lapsed: z.optional(z.literal(true)) }),
  ),
);
/** The customer was reminded to answer a counter-offer that lapses at `answerBy`. */
export const CounterOfferReminderSentSchema = /* @__PURE__ */ schema(() => event('CounterOfferReminderSent', z.object({ answerBy: isoDateTime() })));
/**
 * The item left the warehouse for its customer (a declined counter-offer), in a parcel whose label
 * the platform made from the brand's DHL account; `by` is the staff member who had it made, `cost`
 * what the parcel costs the brand (booked on the passport's ledger in the same transaction).
 */
export const ReturnedToCustomerSchema = /* @__PURE__ */ schema(() =>
  event(
    'ReturnedToCustomer',
    z.object({ carrier: z.literal('DHL'), shipmentNo: z.string(), product: z.enum(PARCEL_PRODUCTS), by: z.string(), cost: z.optional(MoneyAmount) }),
  ),
);
export const RouteOverriddenSchema = /* @__PURE__ */ schema(() => event(
  'RouteOverridden',
  z.object({
    from: z.enum(['RESELL', 'REPAIR', 'RECYCLE']),
    route: z.enum(['RESELL', 'REPAIR', 'RECYCLE']),
    reason: z.string(),
    by: z.string(),
    lossAccepted: z.optional(z.literal(true)),
    /** The repair job the item was taken back from (an override of an item IN_REPAIR): it is WITHDRAWN. */
    withdrawn: z.optional(z.object({ jobId: z.string(), partnerId: z.string() })),
  }),
));
/** `reason` in English; `basis` its facts, when the platform wrote it (not for a person's override). */
export const RoutedToRecyclingSchema = /* @__PURE__ */ schema(() =>
  event('RoutedToRecycling', z.object({ reason: z.string(), basis: z.optional(RouteBasisSchema) })),
);
/** `costLimit`: the most the partner's finishing report may book, labour and parts (jobs assigned since 8 December 2026). */
export const RepairAssignedSchema = /* @__PURE__ */ schema(() =>
  event('RepairAssigned', z.object({ jobId: z.string(), partnerId: z.string(), expectedCost: MoneyAmount, costLimit: z.optional(MoneyAmount) })),
);
/** A staff member (`by`, the token's subject) raised an open repair job's cost limit `from` one amount `to` another, for `reason`. */
export const RepairCostLimitRaisedSchema = /* @__PURE__ */ schema(() =>
  event('RepairCostLimitRaised', z.object({ jobId: z.string(), partnerId: z.string(), from: MoneyAmount, to: MoneyAmount, reason: z.string(), by: z.string() })),
);
export const RepairUpdatedSchema = /* @__PURE__ */ schema(() =>
  event('RepairUpdated', z.object({ jobId: z.string(), status: z.enum(['ACCEPTED', 'IN_PROGRESS']) })),
);
export const RepairedSchema = /* @__PURE__ */ schema(() =>
  event('Repaired', z.object({ jobId: z.string(), partnerId: z.string(), laborMinutes: z.optional(z.number()), cost: z.optional(MoneyAmount) })),
);
export const UnrepairableSchema = /* @__PURE__ */ schema(() =>
  event('Unrepairable', z.object({ jobId: z.string(), partnerId: z.string(), notes: z.optional(z.string()), cost: z.optional(MoneyAmount) })),
);
/** `heldPayoutId`: the bank transfer set aside because its account does not open; its customer is asked to enter it again. */
/** `basis`: why, as facts (`attention.basis` on the passport; none where the platform has only an error message). */
export const NeedsAttentionSchema = /* @__PURE__ */ schema(() =>
  event('NeedsAttention', z.object({ reason: z.string(), basis: z.optional(AttentionBasisSchema), heldPayoutId: z.optional(z.string()) })),
);

/**
 * A voucher was issued. The code is a bearer secret and never travels in events. `cost`: what the voucher costs
 * the brand, its face value at the brand's cost ratio of the moment (the PAYOUT line booked in the same transaction);
 * absent on events written before 7 December 2026.
 */
export const VoucherIssuedSchema = /* @__PURE__ */ schema(() =>
  event('VoucherIssued', z.object({ voucherId: z.string(), value: MoneyAmount, expiresAt: isoDateTime(), cost: z.optional(MoneyAmount) })),
);
export const VoucherExpiryReminderSentSchema = /* @__PURE__ */ schema(() =>
  event('VoucherExpiryReminderSent', z.object({ voucherId: z.string(), expiresAt: isoDateTime() })),
);
export const BankPayoutQueuedSchema = /* @__PURE__ */ schema(() => event('BankPayoutQueued', z.object({ payoutId: z.string(), amount: MoneyAmount })));
/**
 * Grading settled a payout of 0 (a worthless grade under rules that pay nothing for it): the item is
 * the brand's, and its customer is owed nothing, so no voucher is issued and no transfer queued.
 */
export const SettledWithoutPayoutSchema = /* @__PURE__ */ schema(() => event('SettledWithoutPayout', z.object({ payoutId: z.string() })));
export const BankPayoutExportedSchema = /* @__PURE__ */ schema(() => event('BankPayoutExported', z.object({ payoutId: z.string(), exportId: z.string() })));
/** The customer was reminded to enter the account of a bank transfer still set aside. */
export const BankDetailsReminderSentSchema = /* @__PURE__ */ schema(() => event('BankDetailsReminderSent', z.object({ payoutId: z.string() })));
/** The customer entered the account of a held bank transfer again; the transfer is queued again. */
export const BankAccountReplacedSchema = /* @__PURE__ */ schema(() => event('BankAccountReplaced', z.object({ payoutId: z.string(), ibanMasked: z.string() })));
/** A customer e-mail went out for an event (at most one per template and event). */
export const CustomerEmailSentSchema = /* @__PURE__ */ schema(() =>
  event('CustomerEmailSent', z.object({ template: z.string(), messageId: z.string(), forEventId: z.string() })),
);

/**
 * The customer's personal data was erased from the passport (GDPR Art. 17) by a brand admin (`by`),
 * with the reference of the request (`reason`, e.g. a ticket number: never personal data itself).
 */
export const PersonalDataErasedSchema = /* @__PURE__ */ schema(() => event('PersonalDataErased', z.object({ by: z.string(), reason: z.string() })));

const ChannelName = /* @__PURE__ */ schema(() => z.enum(SALES_CHANNELS));
/**
 * The item went on sale: one listing per channel, with the price each channel shows. `by` is the
 * person who listed a withdrawn listing again; the ListingWorkflow's listings have none. `heldBack`:
 * the channels the ListingWorkflow left out because their price by the brand's rules nets less than
 * the item had cost so far (`cost`), each with its price and what it nets (none before 7 December 2026);
 * `acceptedLoss`: the channels listed at a loss because the person who routed the item to RESELL said so
 * (`lossAccepted`), with their reason, who they are and the figures.
 */
export const ListedSchema = /* @__PURE__ */ schema(() =>
  event(
    'Listed',
    z.object({
      listings: z.array(z.object({ channel: ChannelName, sku: z.string(), price: MoneyAmount })),
      by: z.optional(z.string()),
      heldBack: z.optional(z.array(z.object({ channel: ChannelName, price: MoneyAmount, net: MoneyAmount }))),
      cost: z.optional(MoneyAmount),
      acceptedLoss: z.optional(
        z.object({ reason: z.string(), by: z.optional(z.string()), cost: MoneyAmount, channels: z.array(z.object({ channel: ChannelName, price: MoneyAmount, net: MoneyAmount })) }),
      ),
    }),
  ),
);
/**
 * A person changed the price of a listing. `acceptedLoss`: the price nets less than the item had cost
 * so far, and the person accepted that, with their reason, what the item had cost (`cost`) and what
 * the price nets after the channel's fee (`net`); none on a price that loses nothing (nor on changes
 * made before 6 December 2026).
 */
export const ListingPriceChangedSchema = /* @__PURE__ */ schema(() =>
  event(
    'ListingPriceChanged',
    z.object({
      channel: ChannelName,
      price: MoneyAmount,
      by: z.string(),
      acceptedLoss: z.optional(z.object({ reason: z.string(), cost: MoneyAmount, net: MoneyAmount })),
    }),
  ),
);
/** A person took a listing off sale (the passport stays LISTED, also when no channel lists it any more). */
export const ListingWithdrawnSchema = /* @__PURE__ */ schema(() => event('ListingWithdrawn', z.object({ channel: ChannelName, by: z.string() })));
/** The first sale: the item belongs to this order; every other listing is withdrawn. */
export const SoldSchema = /* @__PURE__ */ schema(() => event(
  'Sold',
  z.object({
    channel: ChannelName,
    orderId: z.string(),
    price: MoneyAmount,
    fee: MoneyAmount,
    shipping: z.optional(MoneyAmount),
    /** The item was sold before and its buyer sent it back (`SaleReturned`). */
    afterReturn: z.optional(z.literal(true)),
    /** The channels whose listings the sale withdrew; the event queues their sync (not on sales recorded before 6 December). */
    withdrawn: z.optional(z.array(ChannelName)),
  }),
));
/**
 * The buyer of a sold item sent it back and the warehouse recorded its arrival: the sale's refund
 * (what the buyer got back) and the channel's fee credited back, and the route the item takes now;
 * `state` is GRADED. The item's reports take the sale's revenue and impact back in its month.
 */
export const SaleReturnedSchema = /* @__PURE__ */ schema(() => event(
  'SaleReturned',
  z.object({
    channel: ChannelName,
    orderId: z.string(),
    reason: SaleReturnReasonSchema,
    refund: MoneyAmount,
    feeRefunded: MoneyAmount,
    route: z.enum(['RESELL', 'REPAIR', 'RECYCLE']),
    /**
     * The route the item was on when it was sold, which the reports' route mix moves it from to `route`
     * (not on returns recorded before 7 December 2026, which left the route mix as it was).
     */
    from: z.optional(z.enum(['RESELL', 'REPAIR', 'RECYCLE'])),
    /** When the returned sale was made: the reports take its impact back in that month. */
    soldAt: isoDateTime(),
    by: z.string(),
  }),
));
/**
 * An order that could not be honoured was cancelled on its channel: a second sale that raced in after the first
 * (`soldOn`), or one of the cases its fields name.
 */
export const OversoldCancelledSchema = /* @__PURE__ */ schema(() =>
  event(
    'OversoldCancelled',
    // `orderCurrency`: the order was paid in another currency than its listing's, so it was not booked. `unbookable`: the
    // order's amount the ledger cannot book (negative, not whole minor units, or above the most an amount may be).
    // `listingWithdrawn` (since 8 December 2026): nothing was oversold; a person had withdrawn the listing before the
    // order was recorded and the item was on sale on no other channel, so the listing stays WITHDRAWN.
    z.object({
      channel: ChannelName,
      orderId: z.string(),
      soldOn: z.optional(ChannelName),
      orderCurrency: z.optional(z.string()),
      unbookable: z.optional(z.enum(ORDER_AMOUNTS)),
      listingWithdrawn: z.optional(z.literal(true)),
    }),
  ),
);

/**
 * The channel refused for good to cancel a second sale recorded as cancelled here (`OversoldCancelled`): its buyer
 * paid and is neither served nor refunded there until a person cancels the order on the channel. `reason` is the
 * channel's answer.
 */
export const OversoldCancellationRefusedSchema = /* @__PURE__ */ schema(() =>
  event('OversoldCancellationRefused', z.object({ channel: ChannelName, orderId: z.string(), lineId: z.optional(z.string()), reason: z.string() })),
);

/**
 * The listing events that queue their channels' sync: a person's change (the rule `OnPersonsListingChange`) and a
 * sale's withdrawal of the other listings (`OnSaleWithdrawals`), what the rules hand their queueing function.
 */
export const ListingEventSchema = /* @__PURE__ */ schema(() => z.discriminatedUnion('type', [ListedSchema, ListingPriceChangedSchema, ListingWithdrawnSchema, SoldSchema]));

export const PassportEventDetailSchema = /* @__PURE__ */ schema(() => z.discriminatedUnion('type', [
  TakeBackRequestedSchema,
  LabelCreatedSchema,
  LabelEmailSentSchema,
  LabelFailedSchema,
  LabelRetriedSchema,
  LabelReminderSentSchema,
  CustomerPhotoAddedSchema,
  TakeBackExpiredSchema,
  TakeBackCancelledSchema,
  ParcelReceivedSchema,
  ReceiptReinstatedSchema,
  ParcelRejectedSchema,
  GradedSchema,
  CounterOfferAnsweredSchema,
  CounterOfferReminderSentSchema,
  ReturnedToCustomerSchema,
  RouteOverriddenSchema,
  RoutedToRecyclingSchema,
  RepairAssignedSchema,
  RepairCostLimitRaisedSchema,
  RepairUpdatedSchema,
  RepairedSchema,
  UnrepairableSchema,
  NeedsAttentionSchema,
  VoucherIssuedSchema,
  VoucherExpiryReminderSentSchema,
  BankPayoutQueuedSchema,
  SettledWithoutPayoutSchema,
  BankPayoutExportedSchema,
  BankDetailsReminderSentSchema,
  BankAccountReplacedSchema,
  CustomerEmailSentSchema,
  PersonalDataErasedSchema,
  ListedSchema,
  ListingPriceChangedSchema,
  ListingWithdrawnSchema,
  SoldSchema,
  SaleReturnedSchema,
  OversoldCancelledSchema,
  OversoldCancellationRefusedSchema,
]));
export type PassportEventDetail = z.infer<typeof PassportEventDetailSchema>;
