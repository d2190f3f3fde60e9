/**
 * When a person may have a take-back's return label made again, and what they may correct first.
 *
 * DHL refuses a label for an address it cannot route (a postal code of the wrong form, say) or for a
 * brand whose DHL receiver id is wrong; the TakeBackWorkflow then moves the passport to NEEDS_ATTENTION
 * and the customer is told the brand will put it right. Once the cause is mended (the address
 * corrected here, the receiver id in the brand's configuration), a person starts the workflow again
 * (`POST /v1/passports/{id}/label`). That is allowed only while the take-back has no label and waits
 * for one: REQUESTED, or NEEDS_ATTENTION because of its label.
 */
import type { AttentionBasis } from './attention';
import type { PassportState } from './lifecycle';
import type { Passport } from './passport';

/** The fields of the customer's return address, which DHL prints as the sender of the parcel. */
export const RETURN_ADDRESS_FIELDS = ['name', 'street', 'houseNumber', 'postalCode', 'city', 'country'] as const;
export type ReturnAddressField = (typeof RETURN_ADDRESS_FIELDS)[number];
export type ReturnAddress = Record<ReturnAddressField, string>;

type LabelWaiting = Pick<Passport, 'state' | 'label' | 'attention' | 'receipt'>;

/** A person's reason that is the label's: DHL did not make it, or its step stalled. */
function isLabelAttention(basis: AttentionBasis | undefined): boolean {
  return basis?.kind === 'LABEL_FAILED' || (basis?.kind === 'STALLED' && basis.step === 'LABEL');
}

/**
 * Whether a person may have the label made again: the take-back has no label and no parcel was received for
 * it, and it waits for a label (REQUESTED), or waits for a person because of its label. A parcel received
 * ends the label's part whatever the state says: a cancelled take-back's parcel may arrive all the same, and a
 * label made then would be booked and e-mailed for an item already at the warehouse, and leave it in a state no
 * scan or grading takes. The TakeBackWorkflow's label step and its flag ask the same.
 *
 * @example
 * labelMayBeMadeAgain({ state: 'NEEDS_ATTENTION', attention: { reason: '…', basis: { kind: 'LABEL_FAILED', error: 'CarrierRejected', message: '…' }, at } }); // true
 * labelMayBeMadeAgain({ state: 'LABEL_CREATED', label }); // false: it has its label
 * labelMayBeMadeAgain({ state: 'NEEDS_ATTENTION', receipt, attention: { reason: '…', basis: { kind: 'NO_REPAIR_PARTNER', … }, at } }); // false
 * labelMayBeMadeAgain({ state: 'NEEDS_ATTENTION', receipt, attention: { reason: '…', basis: { kind: 'LABEL_FAILED', … }, at } }); // false: the parcel is here
 */
export function labelMayBeMadeAgain(passport: LabelWaiting): passport is LabelWaiting & { state: 'REQUESTED' | 'NEEDS_ATTENTION' } {
  if (passport.label || passport.receipt) return false;
  if (passport.state === 'REQUESTED') return true;
  if (passport.state !== 'NEEDS_ATTENTION') return false;
  const basis = passport.attention?.basis;
  return basis === undefined || isLabelAttention(basis);
}

/**
 * Whether the return address may be corrected now: only while the take-back waits for a person. In REQUESTED its
 * TakeBackWorkflow is under way (or lost, and soon started again by the sweeper), and its label step may have read the
 * address and be waiting for DHL: DHL would print the address as it was, and the passport show the correction. A
 * label DHL refuses moves the take-back to NEEDS_ATTENTION, where the correction is made; one DHL makes with a wrong
 * address is put right by cancelling the take-back.
 *
 * @example
 * addressMayBeCorrected({ state: 'NEEDS_ATTENTION' }); // true: no label step runs
 * addressMayBeCorrected({ state: 'REQUESTED' }); // false: the label may be with DHL
 */
export function addressMayBeCorrected(passport: Pick<Passport, 'state'>): boolean {
  return passport.state === 'NEEDS_ATTENTION';
}

/** The states a received item may be held in by its label's steps (see {@link heldForItsLabelAfterReceipt}). */
export const HELD_FOR_LABEL_STATES = ['LABEL_CREATED', 'EXPIRED', 'NEEDS_ATTENTION'] as const satisfies readonly PassportState[];

/**
 * Whether a received item is held where its label's steps put it: its receipt stands and it was not graded, yet it is
 * LABEL_CREATED or EXPIRED, or waits for a person because of its label. Until 7 December 2026 the label step flagged a
 * cancelled take-back's parcel received while the step ran (LABEL_FAILED), and a label made again for it then moved it
 * to LABEL_CREATED (and on to EXPIRED at its deadline): neither a scan nor grading took it from there. A scan of its
 * parcel now puts it back to RECEIVED, its receipt as it was.
 *
 * @example
 * heldForItsLabelAfterReceipt({ state: 'NEEDS_ATTENTION', receipt, attention: { reason: '…', basis: { kind: 'LABEL_FAILED', … }, at } }); // true
 * heldForItsLabelAfterReceipt({ state: 'NEEDS_ATTENTION', receipt, attention: { reason: '…', basis: { kind: 'NO_REPAIR_PARTNER', … }, at } }); // false
 * heldForItsLabelAfterReceipt({ state: 'LABEL_CREATED', label }); // false: no parcel came yet
 */
export function heldForItsLabelAfterReceipt(
  passport: Pick<Passport, 'state' | 'receipt' | 'grading' | 'attention'>,
): passport is Pick<Passport, 'receipt' | 'grading' | 'attention'> & { state: (typeof HELD_FOR_LABEL_STATES)[number] } {
  if (!passport.receipt || passport.grading) return false;
  if (passport.state === 'NEEDS_ATTENTION') return isLabelAttention(passport.attention?.basis);
  return passport.state === 'LABEL_CREATED' || passport.state === 'EXPIRED';
}

/** The states a label may be made again from, for the write's condition. */
export const LABEL_RETRY_STATES = ['REQUESTED', 'NEEDS_ATTENTION'] as const satisfies readonly PassportState[];

/** The customer's return address as the passport keeps it: the name with the customer, the rest as `address`. */
export function returnAddressOf({ customer, address }: Pick<Passport, 'customer' | 'address'>): ReturnAddress {
  const { street, houseNumber, postalCode, city, country } = address;
  return { name: customer.name, street, houseNumber, postalCode, city, country };
}

/**
 * The fields a correction changes, in the order of {@link RETURN_ADDRESS_FIELDS}: what the timeline
 * names (never the values, which are personal data).
 *
 * @example
 * correctedFields({ name: 'Eva Muster', street: 'Weg', houseNumber: '1', postalCode: '1011', city: 'Berlin', country: 'DE' },
 *   { name: 'Eva Muster', street: 'Weg', houseNumber: '1', postalCode: '10115', city: 'Berlin', country: 'DE' }); // ['postalCode']
 */
export function correctedFields(current: ReturnAddress, correction: ReturnAddress): ReturnAddressField[] {
  return RETURN_ADDRESS_FIELDS.filter((field) => current[field] !== correction[field]);
}
