import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/domain/errors';
import {
  PASSPORT_STATES,
  assertTransition,
  CANCELLABLE_STATES,
  canTransition,
  customerMayCancel,
  isTerminal,
  keepsNoItem,
  statesThatMayMoveTo,
  type PassportState,
} from '../../shared/domain/lifecycle';

// The lifecycle of DESIGN.md §2, restated independently of the module under test.
const allowedMoves: [PassportState, PassportState][] = [
  ['REQUESTED', 'LABEL_CREATED'],
  ['REQUESTED', 'NEEDS_ATTENTION'],
  ['REQUESTED', 'EXPIRED'],
  ['REQUESTED', 'CANCELLED'],
  ['LABEL_CREATED', 'RECEIVED'],
  ['LABEL_CREATED', 'EXPIRED'],
  ['LABEL_CREATED', 'NEEDS_ATTENTION'],
  ['LABEL_CREATED', 'CANCELLED'],
  // Its label failed: a person has it made again.
  ['NEEDS_ATTENTION', 'REQUESTED'],
  ['NEEDS_ATTENTION', 'LABEL_CREATED'],
  ['NEEDS_ATTENTION', 'RECEIVED'],
  ['NEEDS_ATTENTION', 'GRADED'],
  ['NEEDS_ATTENTION', 'EXPIRED'],
  ['NEEDS_ATTENTION', 'RECYCLE'],
  ['NEEDS_ATTENTION', 'CANCELLED'],
  ['EXPIRED', 'RECEIVED'],
  // The customer cancelled, and sent the parcel all the same.
  ['CANCELLED', 'RECEIVED'],
  ['RECEIVED', 'GRADED'],
  ['RECEIVED', 'COUNTER_OFFERED'],
  ['RECEIVED', 'NEEDS_ATTENTION'],
  // A parcel not as declared: empty, or another item that goes back.
  ['RECEIVED', 'REJECTED'],
  ['RECEIVED', 'RETURN_TO_CUSTOMER'],
  ['GRADED', 'COUNTER_OFFERED'],
  ['GRADED', 'IN_REPAIR'],
  ['GRADED', 'LISTED'],
  ['GRADED', 'RECYCLE'],
  ['GRADED', 'NEEDS_ATTENTION'],
  ['COUNTER_OFFERED', 'GRADED'],
  ['COUNTER_OFFERED', 'RETURN_TO_CUSTOMER'],
  // Declined: the warehouse sends the item back in a parcel the platform made the label of.
  ['RETURN_TO_CUSTOMER', 'RETURNED'],
  ['IN_REPAIR', 'REPAIRED'],
  ['IN_REPAIR', 'RECYCLE'],
  // Staff took it back from its repair partner: routed again.
  ['IN_REPAIR', 'GRADED'],
  ['REPAIRED', 'LISTED'],
  // Its listing failed for good: a person routes it again.
  ['REPAIRED', 'NEEDS_ATTENTION'],
  ['LISTED', 'SOLD'],
  ['LISTED', 'GRADED'],
  // Its buyer sent it back: routed again.
  ['SOLD', 'GRADED'],
  ['RECYCLE', 'RECYCLED'],
];
const terminalStates: PassportState[] = ['RECYCLED', 'RETURNED', 'REJECTED'];

const isAllowed = (from: PassportState, to: PassportState) =>
  allowedMoves.some(([allowedFrom, allowedTo]) => allowedFrom === from && allowedTo === to);

function conflictOf(act: () => void): ConflictError {
  try {
    act();
  } catch (error) {
    if (error instanceof ConflictError) return error;
    throw error;
  }
  throw new Error('expected a ConflictError');
}

describe('passport lifecycle', () => {
  it.each(allowedMoves)('lets a passport move from %s to %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition(from, to)).not.toThrow();
  });

  it('refuses every move the lifecycle does not list', () => {
    const refused = PASSPORT_STATES.flatMap((from) => PASSPORT_STATES.map((to) => [from, to] as const))
      .filter(([from, to]) => !isAllowed(from, to));

    const wronglyAllowed = refused.filter(([from, to]) => canTransition(from, to));

    expect(wronglyAllowed).toEqual([]);
  });

  it.each<[PassportState, PassportState]>([
    ['REQUESTED', 'RECEIVED'],
    ['LABEL_CREATED', 'GRADED'],
    ['RECEIVED', 'RECEIVED'],
    ['RECEIVED', 'LISTED'],
    ['EXPIRED', 'LABEL_CREATED'],
    ['CANCELLED', 'LABEL_CREATED'],
    ['RECEIVED', 'CANCELLED'],
    ['IN_REPAIR', 'LISTED'],
    ['SOLD', 'LISTED'],
    ['RECYCLED', 'GRADED'],
  ])('refuses a move from %s to %s as a conflict naming the current state', (from, to) => {
    const error = conflictOf(() => assertTransition(from, to));

    expect(error.message).toBe(`A passport in state ${from} cannot move to ${to}`);
    expect(error.extensions).toEqual({ currentState: from });
  });

  it.each(terminalStates)('ends the life of a passport in %s with no way out', (state) => {
    expect(isTerminal(state)).toBe(true);
    expect(PASSPORT_STATES.filter((to) => canTransition(state, to))).toEqual([]);
  });

  it('treats every other state as not terminal', () => {
    const open = PASSPORT_STATES.filter((state) => !terminalStates.includes(state));

    expect(open.filter(isTerminal)).toEqual([]);
  });

  it.each(PASSPORT_STATES)('names exactly the states that may move to %s', (to) => {
    const expected = allowedMoves.filter(([, allowedTo]) => allowedTo === to).map(([from]) => from);

    expect([...statesThatMayMoveTo(to)].sort()).toEqual([...expected].sort());
  });

  it('names the states a take-back may be cancelled in as the lifecycle does', () => {
    expect([...CANCELLABLE_STATES].sort()).toEqual(statesThatMayMoveTo('CANCELLED').sort());
  });

  it('lets the customer cancel until the parcel is received, and not after', () => {
    expect(customerMayCancel({ state: 'REQUESTED' })).toBe(true);
    expect(customerMayCancel({ state: 'LABEL_CREATED' })).toBe(true);
    // Waiting for a person because the label could not be had: nothing has been received.
    expect(customerMayCancel({ state: 'NEEDS_ATTENTION' })).toBe(true);
    // Waiting for a person after the receipt (a route, a payout): the item is at the warehouse.
    expect(customerMayCancel({ state: 'NEEDS_ATTENTION', receipt: { at: '2026-03-06T08:41:00.000Z', by: 'staff-1' } })).toBe(false);
    for (const state of PASSPORT_STATES.filter((state) => !['REQUESTED', 'LABEL_CREATED', 'NEEDS_ATTENTION'].includes(state))) {
      expect(customerMayCancel({ state }), state).toBe(false);
    }
  });

  it('counts a take-back as saving nothing exactly while the brand keeps no item', () => {
    const notKept: PassportState[] = ['EXPIRED', 'CANCELLED', 'RETURN_TO_CUSTOMER', 'RETURNED', 'REJECTED'];

    expect(PASSPORT_STATES.filter(keepsNoItem)).toEqual(notKept);
    // A parcel that arrives after all is received, and the item counts again.
    expect(keepsNoItem('RECEIVED')).toBe(false);
    expect(notKept.filter((state) => canTransition(state, 'RECEIVED'))).toEqual(['EXPIRED', 'CANCELLED']);
  });
});
