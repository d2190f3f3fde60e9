import type { Grade } from './catalog';
import type { PassportState } from './lifecycle';

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
  product: { sku: string; name: string; category: string; weightGrams: number };
  /** The customer's self-assessed grade, from the condition answers. */
  selfAssessedGrade: Grade;
  offer: { quoteId: string; value: { min: number; max: number; currency: string }; validUntil: string };
  customer: { name: string; email: string; locale: 'de' | 'en' };
  address: { street: string; houseNumber: string; postalCode: string; city: string; country: string };
  payout: { method: PayoutMethod };
  reason?: string;
  label?: PassportLabel;
  /** Why the passport waits for a person, while it is in NEEDS_ATTENTION. */
  attention?: { reason: string; at: string };
  createdAt: string;
  updatedAt: string;
}

export const PAYOUT_METHODS = ['VOUCHER', 'BANK_TRANSFER'] as const;
export type PayoutMethod = (typeof PAYOUT_METHODS)[number];

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
  'LabelReminderSent',
  'TakeBackExpired',
  // receipt, grading, routing, repair
  'ParcelReceived',
  'Graded',
  'CounterOfferAnswered',
  'RouteOverridden',
  'RoutedToRecycling',
  'RepairAssigned',
  'RepairUpdated',
  'Repaired',
  'Unrepairable',
  'NeedsAttention',
  // payouts and customer communication
  'VoucherIssued',
  'VoucherExpiryReminderSent',
  'BankPayoutQueued',
  'BankPayoutExported',
  'CustomerEmailSent',
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
