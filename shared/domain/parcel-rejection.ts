import type { PassportState } from './lifecycle';

/**
 * Why the warehouse rejects a received parcel instead of grading it: it held no item (`EMPTY`), or
 * an item other than the one the customer traded in (`OTHER_ITEM`: another model or product, a
 * counterfeit). Either way no value is settled, so no payout is ever made for it.
 */
export const REJECTION_REASONS = ['EMPTY', 'OTHER_ITEM'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** What the warehouse found instead of the declared item. */
export interface PassportRejection {
  reason: RejectionReason;
  /** What was in the parcel, in the grader's words (staff only; the customer is told the reason). */
  notes: string;
  /** Links to the grader's photos of the parcel's content. */
  photos?: string[];
  /** The staff member who rejected it (the token's subject). */
  by: string;
  at: string;
}

/**
 * Where a rejected parcel's passport goes: an empty parcel ends the take-back (REJECTED, nothing to
 * send back); another item is the customer's, so it goes back to them in a parcel the brand pays
 * (RETURN_TO_CUSTOMER, then `POST /v1/passports/{id}/return-shipment`), as after a declined counter-offer.
 *
 * @example
 * stateAfterRejection('EMPTY'); // 'REJECTED'
 * stateAfterRejection('OTHER_ITEM'); // 'RETURN_TO_CUSTOMER'
 */
export function stateAfterRejection(reason: RejectionReason): Extract<PassportState, 'REJECTED' | 'RETURN_TO_CUSTOMER'> {
  return reason === 'EMPTY' ? 'REJECTED' : 'RETURN_TO_CUSTOMER';
}
