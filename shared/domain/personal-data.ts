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

/**
 * Why the customer's personal data cannot be erased yet, or `undefined` when it can: the platform
 * still needs them while the take-back is open (cancel it first), while the item is to go back to
 * them, or while their payout is owed and not made.
 *
 * @example
 * erasureBlockedBy({ state: 'CANCELLED' }, undefined); // undefined: nothing is owed
 * erasureBlockedBy({ state: 'LISTED', receipt }, { status: 'ISSUED' }); // undefined: the voucher is the customer's
 * erasureBlockedBy({ state: 'LISTED', receipt }, { status: 'QUEUED' }); // "the customer's payout is not made yet (QUEUED)"
 */
export function erasureBlockedBy(passport: Pick<Passport, 'state' | 'receipt'>, payout: { status: string } | undefined): string | undefined {
  if (ENDED_WITHOUT_PAYOUT.includes(passport.state)) return undefined;
  if (payoutIsMade(payout?.status)) return undefined;
  if (passport.state === 'REQUESTED' || passport.state === 'LABEL_CREATED' || (passport.state === 'NEEDS_ATTENTION' && passport.receipt === undefined)) {
    return 'the take-back is still open: cancel it first, or wait until its customer is paid';
  }
  if (passport.state === 'RETURN_TO_CUSTOMER') return 'the item is still to be sent back to the customer';
  if (passport.state === 'COUNTER_OFFERED') return "the customer's answer to the counter-offer is still awaited";
  return payout ? `the customer's payout is not made yet (${payout.status})` : "the customer's payout is not made yet";
}

/** What the passport keeps of its customer once erased: their language (for nothing but the records' shape) and country. */
export function erasedCustomer(passport: Pick<Passport, 'customer' | 'address' | 'payout'>): Pick<Passport, 'customer' | 'address' | 'payout'> {
  return {
    customer: { name: '', email: '', locale: passport.customer.locale },
    address: { street: '', houseNumber: '', postalCode: '', city: '', country: passport.address.country },
    payout: { method: passport.payout.method },
  };
}
