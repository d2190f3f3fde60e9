/**
 * The lifecycle of a product passport (DESIGN.md §2): its states and the moves between them.
 * The store enforces the same table at write time with a condition on the current state, so two
 * concurrent writers can never both move one passport.
 */
import { ConflictError } from './errors';

export const PASSPORT_STATES = [
  'REQUESTED',
  'LABEL_CREATED',
  'NEEDS_ATTENTION',
  'EXPIRED',
  'CANCELLED',
  'RECEIVED',
  'GRADED',
  'COUNTER_OFFERED',
  'RETURN_TO_CUSTOMER',
  'RETURNED',
  'REJECTED',
  'IN_REPAIR',
  'REPAIRED',
  'LISTED',
  'SOLD',
  'RECYCLE',
  'RECYCLED',
] as const;

export type PassportState = (typeof PASSPORT_STATES)[number];

/** Every allowed move, by the state it starts from. A state with no moves is terminal. */
export const PASSPORT_TRANSITIONS: Readonly<Record<PassportState, readonly PassportState[]>> = {
  // The customer may cancel until the parcel is received (see customerMayCancel).
  REQUESTED: ['LABEL_CREATED', 'NEEDS_ATTENTION', 'EXPIRED', 'CANCELLED'],
  LABEL_CREATED: ['RECEIVED', 'EXPIRED', 'NEEDS_ATTENTION', 'CANCELLED'],
  // A graded item no repair partner could take goes back to GRADED when a person routes it again; a take-back
  // whose label failed goes back to REQUESTED when a person has the label made again (see label-retry.ts).
  NEEDS_ATTENTION: ['REQUESTED', 'LABEL_CREATED', 'RECEIVED', 'GRADED', 'EXPIRED', 'RECYCLE', 'CANCELLED'],
  // A parcel that arrives after the shipping deadline, or after its customer cancelled, is still received.
  EXPIRED: ['RECEIVED'],
  CANCELLED: ['RECEIVED'],
  // A grade worth less than the offer beyond the brand's tolerance waits for the customer's answer.
  // A parcel not as declared is rejected: an empty one ends there, another item goes back (see parcel-rejection.ts).
  RECEIVED: ['GRADED', 'COUNTER_OFFERED', 'NEEDS_ATTENTION', 'REJECTED', 'RETURN_TO_CUSTOMER'],
  GRADED: ['COUNTER_OFFERED', 'IN_REPAIR', 'LISTED', 'RECYCLE', 'NEEDS_ATTENTION'],
  // Accepting the counter-offer returns to GRADED for routing; declining sends the item back.
  COUNTER_OFFERED: ['GRADED', 'RETURN_TO_CUSTOMER'],
  // The warehouse sends the item back with a parcel label the platform has made (see return-shipment.ts).
  RETURN_TO_CUSTOMER: ['RETURNED'],
  RETURNED: [],
  REJECTED: [],
  // Staff may take an item back from its partner before the job is reported finished: it is routed again from GRADED.
  IN_REPAIR: ['REPAIRED', 'RECYCLE', 'GRADED'],
  // A repaired item whose listing failed for good waits for a person, who routes it again (to RESELL once mended).
  REPAIRED: ['LISTED', 'NEEDS_ATTENTION'],
  // A withdrawn listing goes back to GRADED so the item can be routed again.
  LISTED: ['SOLD', 'GRADED'],
  // A buyer who sends the item back (see sale-return.ts): it is routed again.
  SOLD: ['GRADED'],
  RECYCLE: ['RECYCLED'],
  RECYCLED: [],
};

/**
 * Whether a passport in state `from` may move to state `to`.
 *
 * @example
 * canTransition('RECEIVED', 'GRADED'); // true
 * canTransition('RECEIVED', 'SOLD'); // false
 */
export function canTransition(from: PassportState, to: PassportState): boolean {
  return PASSPORT_TRANSITIONS[from].includes(to);
}

/**
 * Refuses a move the lifecycle does not allow, naming the passport's current state.
 *
 * @throws ConflictError with `extensions.currentState` when the move is not allowed.
 * @example
 * assertTransition('LABEL_CREATED', 'RECEIVED'); // passes
 * assertTransition('SOLD', 'LISTED'); // throws ConflictError
 */
export function assertTransition(from: PassportState, to: PassportState): void {
  if (!canTransition(from, to)) {
    throw new ConflictError(`A passport in state ${from} cannot move to ${to}`, { currentState: from });
  }
}

/**
 * The states from which a passport may move to `to`, in lifecycle order. The store turns them
 * into the write condition `#state IN (...)`; an empty list means no move leads there.
 *
 * @example
 * statesThatMayMoveTo('RECEIVED'); // ['LABEL_CREATED', 'NEEDS_ATTENTION', 'EXPIRED']
 */
export function statesThatMayMoveTo(to: PassportState): PassportState[] {
  return PASSPORT_STATES.filter((from) => canTransition(from, to));
}

/** The states a take-back may be cancelled in: the moves to CANCELLED above, named for the event that records one. */
export const CANCELLABLE_STATES = ['REQUESTED', 'LABEL_CREATED', 'NEEDS_ATTENTION'] as const satisfies readonly PassportState[];
type CancellableState = (typeof CANCELLABLE_STATES)[number];

/**
 * Whether the customer may still cancel the take-back: until the parcel is received. A passport
 * waiting for a person (NEEDS_ATTENTION) may be cancelled only while its label is the problem; one
 * flagged after the receipt (a route, a payout) holds an item that is at the warehouse.
 *
 * @example
 * customerMayCancel({ state: 'LABEL_CREATED' }); // true
 * customerMayCancel({ state: 'NEEDS_ATTENTION', receipt: { at: '…', by: '…' } }); // false
 * customerMayCancel({ state: 'EXPIRED' }); // false: the take-back has ended already
 */
export function customerMayCancel<P extends { state: PassportState; receipt?: unknown }>(passport: P): passport is P & { state: CancellableState } {
  return (CANCELLABLE_STATES as readonly PassportState[]).includes(passport.state) && passport.receipt === undefined;
}

/**
 * The states in which the brand keeps no item: none came (expired, cancelled, an empty parcel
 * rejected) or it goes back to its customer.
 */
const ITEM_NOT_KEPT_STATES = ['EXPIRED', 'CANCELLED', 'RETURN_TO_CUSTOMER', 'RETURNED', 'REJECTED'] as const satisfies readonly PassportState[];

/**
 * Whether the take-back, as it stands, saves nothing: the brand does not keep the item, so no
 * CO2e is avoided and none may be claimed. A parcel that arrives after all moves an expired or
 * cancelled passport to RECEIVED, where it counts again.
 *
 * @example
 * keepsNoItem('CANCELLED'); // true
 * keepsNoItem('LABEL_CREATED'); // false: the figure is what the trade-in will save
 */
export function keepsNoItem(state: PassportState): boolean {
  return (ITEM_NOT_KEPT_STATES as readonly PassportState[]).includes(state);
}

/**
 * Whether a passport in this state has reached the end of its life with the brand.
 *
 * @example
 * isTerminal('RECYCLED'); // true
 * isTerminal('SOLD'); // false: its buyer may send it back
 */
export function isTerminal(state: PassportState): boolean {
  return PASSPORT_TRANSITIONS[state].length === 0;
}
