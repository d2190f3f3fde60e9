/**
 * Which customer e-mail a passport event calls for. The label e-mail is not here: the
 * TakeBackWorkflow sends it as its last step, right after the label exists.
 */
import type { PassportEventDetail } from '../../schemas/events';

export const EVENT_EMAIL_TEMPLATES = [
  'parcel-received',
  'graded',
  'graded-counter-offer',
  'voucher-issued',
  'voucher-expiry-reminder',
  'bank-payout-sent',
  'bank-details-needed',
  'bank-details-reminder',
  'item-repaired',
  'item-sold',
  'label-reminder',
  'take-back-expired',
  'take-back-cancelled',
  'item-returned',
  'parcel-rejected',
  'counter-offer-reminder',
  'counter-offer-lapsed',
] as const;
export type EventEmailTemplate = (typeof EVENT_EMAIL_TEMPLATES)[number];

/** The events the customer-e-mail consumer listens to. */
export const EMAIL_EVENT_TYPES = [
  'ParcelReceived',
  'Graded',
  'VoucherIssued',
  'VoucherExpiryReminderSent',
  'BankPayoutExported',
  'NeedsAttention',
  'BankDetailsReminderSent',
  'Repaired',
  'Sold',
  'LabelReminderSent',
  'TakeBackExpired',
  'TakeBackCancelled',
  'ReturnedToCustomer',
  'ParcelRejected',
  'CounterOfferReminderSent',
  'CounterOfferAnswered',
] as const satisfies readonly PassportEventDetail['type'][];

/**
 * The template of the e-mail an event sends the customer, or `undefined` for an event that sends none.
 *
 * @example
 * emailTemplateFor({ type: 'ParcelReceived', ... }); // 'parcel-received'
 * emailTemplateFor({ type: 'Graded', data: { settlement: { outcome: 'COUNTER_OFFER', ... } }, ... }); // 'graded-counter-offer'
 * emailTemplateFor({ type: 'NeedsAttention', data: { reason: '…', heldPayoutId: '…' }, ... }); // 'bank-details-needed'
 * emailTemplateFor({ type: 'RepairAssigned', ... }); // undefined
 */
export function emailTemplateFor(event: PassportEventDetail): EventEmailTemplate | undefined {
  switch (event.type) {
    case 'ParcelReceived':
      return 'parcel-received';
    case 'Graded':
      return event.data.settlement.outcome === 'ACCEPTED' ? 'graded' : 'graded-counter-offer';
    case 'VoucherIssued':
      return 'voucher-issued';
    case 'VoucherExpiryReminderSent':
      return 'voucher-expiry-reminder';
    case 'BankPayoutExported':
      return 'bank-payout-sent';
    case 'NeedsAttention':
      // Only a bank transfer set aside asks something of the customer; the rest is the staff's.
      return event.data.heldPayoutId ? 'bank-details-needed' : undefined;
    case 'BankDetailsReminderSent':
      return 'bank-details-reminder';
    case 'Repaired':
      return 'item-repaired';
    case 'Sold':
      // A resale after its buyer sent the item back: its customer heard of the first sale.
      return event.data.afterReturn ? undefined : 'item-sold';
    case 'LabelReminderSent':
      return 'label-reminder';
    case 'TakeBackExpired':
      return 'take-back-expired';
    case 'TakeBackCancelled':
      return 'take-back-cancelled';
    case 'ReturnedToCustomer':
      return 'item-returned';
    case 'ParcelRejected':
      return 'parcel-rejected';
    case 'CounterOfferReminderSent':
      return 'counter-offer-reminder';
    case 'CounterOfferAnswered':
      // The customer's own answer needs no e-mail; a counter-offer left to lapse does.
      return event.data.lapsed ? 'counter-offer-lapsed' : undefined;
    default:
      return undefined;
  }
}
