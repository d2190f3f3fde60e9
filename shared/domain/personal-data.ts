import type { PassportState } from './lifecycle';
import type { Passport } from './passport';
import { payoutIsMade } from './payout-rules';

/**
 * A customer's right to erasure (GDPR Art. 17) for one take-back: the brand's admin erases the
 * customer's personal data from its passport once the platform no longer needs it to reach, pay or
 * send anything to them. What stays is the item's own history (product, grade, route, ledger,
 * events, which carry no personal data) and what the brand keeps as accounting records (the bank
 * export files, with the payee's name and IBAN).
 */

/** States in which the take-back has ended for the customer without a payout: cancelled, expired, the item sent back, or the parcel rejected as empty. */
const ENDED_WITHOUT_PAYOUT: readonly PassportState[] = ['CANCELLED', 'EXPIRED', 'RETURNED', 'REJECTED'];

/** Why a customer's personal data cannot be erased yet, as a code a client can act on (the console words it in its language). */
export const ERASURE_BLOCKERS = ['TAKE_BACK_OPEN', 'ITEM_TO_GO_BACK', 'COUNTER_OFFER_OPEN', 'PAYOUT_NOT_MADE'] as const;
export type ErasureBlocker = (typeof ERASURE_BLOCKERS)[number];

/**
 * Why the customer's personal data cannot be erased yet, as its code and in words (English, for API
 * clients and the log), or `undefined` when it can: the platform still needs them while the
 * take-back is open (cancel it first), while the item is to go back to them, while their answer to
 * a counter-offer is awaited, or while their payout is owed and not made.
 *
 * @example
 * erasureBlocker({ state: 'CANCELLED' }, undefined); // undefined: nothing is owed
 * erasureBlocker({ state: 'LISTED', receipt }, { status: 'ISSUED' }); // undefined: the voucher is the customer's
 * erasureBlocker({ state: 'LISTED', receipt }, { status: 'QUEUED' });
 * // { reason: 'PAYOUT_NOT_MADE', text: "the customer's payout is not made yet (QUEUED)" }
 * erasureBlocker({ state: 'LISTED', receipt }, { status: 'EXPORTED', fileWritten: false });
 * // { reason: 'PAYOUT_NOT_MADE', text: "the customer's transfer is in an export whose bank file is still being written" }
 */
export function erasureBlocker(
  passport: Pick<Passport, 'state' | 'receipt'>,
  payout: { status: string; fileWritten?: boolean } | undefined,
): { reason: ErasureBlocker; text: string } | undefined {
  if (ENDED_WITHOUT_PAYOUT.includes(passport.state)) return undefined;
  // A transfer claimed by an export whose file is not written yet (its request still running, or died and to be
  // finished by the next) is paid only once the file is written from the account on the passport: erased before,
  // the export would find no account and set the transfer aside, unpaid, with no customer left to ask for one.
  if (payout?.status === 'EXPORTED' && payout.fileWritten === false) {
    return { reason: 'PAYOUT_NOT_MADE', text: "the customer's transfer is in an export whose bank file is still being written" };
  }
  if (payoutIsMade(payout?.status)) return undefined;
  if (passport.state === 'REQUESTED' || passport.state === 'LABEL_CREATED' || (passport.state === 'NEEDS_ATTENTION' && passport.receipt === undefined)) {
    return { reason: 'TAKE_BACK_OPEN', text: 'the take-back is still open: cancel it first, or wait until its customer is paid' };
  }
  if (passport.state === 'RETURN_TO_CUSTOMER') return { reason: 'ITEM_TO_GO_BACK', text: 'the item is still to be sent back to the customer' };
  if (passport.state === 'COUNTER_OFFERED') return { reason: 'COUNTER_OFFER_OPEN', text: "the customer's answer to the counter-offer is still awaited" };
  return { reason: 'PAYOUT_NOT_MADE', text: payout ? `the customer's payout is not made yet (${payout.status})` : "the customer's payout is not made yet" };
}

/** What the passport keeps of its customer once erased: their language (for nothing but the records' shape) and country. */
export function erasedCustomer(passport: Pick<Passport, 'customer' | 'address' | 'payout'>): Pick<Passport, 'customer' | 'address' | 'payout'> {
  return {
    customer: { name: '', email: '', locale: passport.customer.locale },
    address: { street: '', houseNumber: '', postalCode: '', city: '', country: passport.address.country },
    payout: { method: passport.payout.method },
  };
}
