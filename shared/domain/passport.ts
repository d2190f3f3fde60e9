import type { Grade, Money } from './catalog';
import type { PassportState } from './lifecycle';
import type { CategoryRouteRules, Route, RouteBasis } from './routing';
import type { PassportRejection } from './parcel-rejection';
import type { PassportSaleReturn } from './sale-return';
import type { ParcelProduct } from './return-shipment';
import type { AttentionBasis } from './attention';
import type { OfferByGrade } from './offer';
import type { RecordedImpact } from './impact';

/**
 * The product passport: the digital twin of one physical item taken back (DESIGN.md §2).
 * Amounts are integer minor units (cents).
 */
export interface Passport {
  id: string;
  brand: string;
  state: PassportState;
  /** Increases by one with every event; the event's sequence number. */
  version: number;
  /**
   * The product as it was when the take-back was requested; its new price (take-backs since 7 December 2026) lets the
   * item be graded and routed after the brand took the product out of its catalog.
   */
  product: { sku: string; name: string; category: string; weightGrams: number; newPrice?: Money };
  /** The customer's self-assessed grade, from the condition answers. */
  selfAssessedGrade: Grade;
  /**
   * The customer's quote: the range for the self-assessed grade and, for quotes since 7 December 2026, the range of
   * every grade the rules priced then, which grading pays an item found worse by (`quotedValueOf`).
   */
  offer: { quoteId: string; value: { min: number; max: number; currency: string }; grades?: OfferByGrade; validUntil: string };
  /**
   * The route rules of the product's category when the take-back was requested (take-backs since 7 December 2026):
   * grading routes by today's rules of the category, and by these where the brand has taken the category out since.
   */
  routeRules?: CategoryRouteRules;
  customer: { name: string; email: string; locale: 'de' | 'en' };
  address: { street: string; houseNumber: string; postalCode: string; city: string; country: string };
  /** How the customer is paid; a bank account only ever sealed (`shared/services/bank-accounts.ts`). */
  payout: { method: PayoutMethod; bankAccount?: SealedBankAccount };
  reason?: string;
  /** The code of the brand's return reason the customer picked. */
  returnReason?: string;
  label?: PassportLabel;
  /** The addresses of the photos the customer added to the take-back (see `customerPhotoKey`). */
  customerPhotos?: string[];
  /** Why the passport waits for a person, while it is in NEEDS_ATTENTION: in English, with its facts where the platform has them. */
  attention?: { reason: string; basis?: AttentionBasis; at: string };
  /** The scan of the parcel at the brand's warehouse. */
  receipt?: PassportReceipt;
  /** The warehouse's grade and what it found. */
  grading?: PassportGrading;
  /** Set instead of a grading when the parcel held no item or another item than the one traded in. */
  rejection?: PassportRejection;
  /** The payout fixed at grading for the warehouse's grade, and the customer's answer to a counter-offer. */
  settlement?: PassportSettlement;
  /** Where the item goes, as the brand's rules decided or a person overrode it. */
  route?: PassportRoute;
  /**
   * The CO2e figures fixed at grading (since 7 December 2026): its category's factor and its parcel's emissions then,
   * which its customer's page, e-mails and the reports use from then on (`impactToRecord`).
   */
  impact?: RecordedImpact;
  /** The sale that claimed the item: the first order on any of its channels. */
  sale?: { channel: string; orderId: string; price: Money; at: string };
  /** The last sale its buyer sent back (`POST /v1/passports/{id}/sale-return`); the sale itself is then cleared. */
  saleReturn?: PassportSaleReturn;
  /** The parcel that took the item back to its customer (a declined counter-offer, or another item than the one traded in). */
  returnShipment?: PassportReturnShipment;
  /**
   * Set once the customer's personal data was erased (GDPR Art. 17): their name, e-mail address,
   * postal address, bank account, free-text reason and photos are gone from the passport.
   */
  erasure?: { at: string; by: string; reason: string };
  /** The repair job the item is (or was last) out on. */
  repair?: { jobId: string; partnerId: string };
  createdAt: string;
  updatedAt: string;
}

export const PAYOUT_METHODS = ['VOUCHER', 'BANK_TRANSFER'] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

/**
 * How a brand in `currency` can pay its customers: a voucher always, a bank transfer only in euros, as SEPA credit
 * transfers (the only bank payout the platform makes) are in euros and a brand's account to pay from
 * (`payouts.sepaDebtor`) is refused for any other currency. A brand in euros without that account yet is still offered
 * the transfer: its payouts wait until the account is configured. Until 7 December 2026 a brand in yen was offered the
 * transfer too, its payout was booked and counted as paid, and no export could ever pay it.
 */
export function payoutMethodsIn(currency: string): PayoutMethod[] {
  return currency === 'EUR' ? ['VOUCHER', 'BANK_TRANSFER'] : ['VOUCHER'];
}

/** A customer's bank account encrypted for the passport it pays, with the IBAN masked for display. */
export interface SealedBankAccount {
  /** E.g. `DE89 **** **** **** **30 00`. */
  ibanMasked: string;
  sealed: string;
}

export interface PassportLabel {
  carrier: 'DHL';
  shipmentNo: string;
  routingCode?: string;
  /** Keys of the label PDF and the QR PNG in the blob store. */
  pdfKey: string;
  qrKey: string;
  createdAt: string;
  /** The customer must hand the parcel over before this instant. */
  shipBy: string;
  /**
   * What the label costs the brand (its `labelCost` when the label was made), booked when its parcel is received: DHL
   * bills a return label only once its parcel is posted. None for a brand with no label cost, and none on a label made
   * before 7 December 2026, whose cost was booked when it was made (so its receipt books nothing more).
   */
  cost?: Money;
}

/** The parcel the warehouse sends an item back to its customer in, with the label the platform had made for it. */
export interface PassportReturnShipment {
  carrier: 'DHL';
  shipmentNo: string;
  /** DHL's product: `V01PAK` within Germany, `V53WPAK` abroad. */
  product: ParcelProduct;
  /** Key of the label PDF in the blob store. */
  pdfKey: string;
  createdAt: string;
  /** The staff member who had the label made (the token's subject). */
  by: string;
}

export interface PassportReceipt {
  at: string;
  /** The staff member who scanned it (the token's subject). */
  by: string;
  location?: string;
}

export interface PassportGrading {
  grade: Grade;
  /** The checks the grader ticked or measured, by name, e.g. `{ "battery-health": 83 }`. */
  checks?: Record<string, boolean | number | string>;
  notes?: string;
  /** Links to the grader's photos. */
  photos?: string[];
  by: string;
  at: string;
}

export interface PassportSettlement {
  outcome: 'ACCEPTED' | 'COUNTER_OFFER';
  /** What the customer is paid (ACCEPTED) or is offered instead (COUNTER_OFFER). */
  payout: Money;
  /** The least the customer was offered before, for a counter-offer. */
  offered?: Money;
  /** The last moment to answer a counter-offer (`counterOfferAnswerBy`); unanswered then, it lapses as declined. */
  answerBy?: string;
  /** The customer's answer to a counter-offer; `lapsed` when none came in time, which counts as declined. */
  answer?: { accepted: boolean; at: string; lapsed?: true };
}

/**
 * Whether the passport's route was decided again after `eventAt`, the time of the event a
 * workflow run was started for: that run's failure is then no longer the route's, whose own run
 * carries it out. Without an `eventAt` nothing is known to be newer.
 *
 * @example
 * routeDecidedAfter({ route: { route: 'RECYCLE', reason: 'ops', decidedAt: '2026-11-04T10:05:00.000Z' } }, '2026-11-04T10:00:00.000Z'); // true
 */
export function routeDecidedAfter(passport: { route?: PassportRoute }, eventAt: string | undefined): boolean {
  return eventAt !== undefined && passport.route !== undefined && passport.route.decidedAt > eventAt;
}

export interface PassportRoute {
  route: Route;
  /** One sentence: the rules' reason in English, or the person's own words. */
  reason: string;
  /** The facts behind a reason the platform wrote (none for a person's override, nor on a passport routed before the platform kept it). */
  basis?: RouteBasis;
  decidedAt: string;
  /** Set when a person overrode the route. */
  overriddenBy?: string;
  /** A person's route to RESELL that lists the item even where its price nets less than it has cost (`reason` says why). */
  lossAccepted?: true;
}

/**
 * Every passport event, one per transition or side effect. Their payloads are the event catalogue
 * in `shared/schemas/events.ts`.
 */
export const PASSPORT_EVENT_TYPES = [
  // take-back
  'TakeBackRequested',
  'LabelCreated',
  'LabelEmailSent',
  'LabelFailed',
  'LabelRetried',
  'LabelReminderSent',
  'CustomerPhotoAdded',
  'TakeBackExpired',
  'TakeBackCancelled',
  // receipt, grading, routing, repair
  'ParcelReceived',
  'ReceiptReinstated',
  'ParcelRejected',
  'Graded',
  'CounterOfferAnswered',
  'CounterOfferReminderSent',
  'ReturnedToCustomer',
  'RouteOverridden',
  'RoutedToRecycling',
  'RepairAssigned',
  'RepairCostLimitRaised',
  'RepairUpdated',
  'Repaired',
  'Unrepairable',
  'NeedsAttention',
  // payouts and customer communication
  'VoucherIssued',
  'VoucherExpiryReminderSent',
  'BankPayoutQueued',
  'SettledWithoutPayout',
  'BankPayoutExported',
  'BankDetailsReminderSent',
  'BankAccountReplaced',
  'CustomerEmailSent',
  'PersonalDataErased',
  // resale
  'Listed',
  'ListingPriceChanged',
  'ListingWithdrawn',
  'Sold',
  'SaleReturned',
  'OversoldCancelled',
  'OversoldCancellationRefused',
] as const;
export type PassportEventType = (typeof PASSPORT_EVENT_TYPES)[number];

/** One entry of the passport's timeline, written in the same transaction as the state it describes. */
export interface PassportEvent {
  passportId: string;
  brand: string;
  type: PassportEventType;
  /** The passport version this event produced: events of one passport are numbered 1, 2, 3, ... */
  seq: number;
  at: string;
  /** The state after the event. */
  state: PassportState;
  data: Record<string, unknown>;
}
