import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/domain/errors';
import {
  PASSPORT_STATES,
  assertTransition,
  canTransition,
  isTerminal,
  statesThatMayMoveTo,
  type PassportState,
} from '../../shared/domain/lifecycle';

// The lifecycle of DESIGN.md §2, restated independently of the module under test.
const allowedMoves: [PassportState, PassportState][] = [
  ['REQUESTED', 'LABEL_CREATED'],
  ['REQUESTED', 'NEEDS_ATTENTION'],
  ['REQUESTED', 'EXPIRED'],
  ['LABEL_CREATED', 'RECEIVED'],
  ['LABEL_CREATED', 'EXPIRED'],
  ['LABEL_CREATED', 'NEEDS_ATTENTION'],
  ['NEEDS_ATTENTION', 'LABEL_CREATED'],
  ['NEEDS_ATTENTION', 'RECEIVED'],
  ['NEEDS_ATTENTION', 'GRADED'],
  ['NEEDS_ATTENTION', 'EXPIRED'],
  ['NEEDS_ATTENTION', 'RECYCLE'],
  ['EXPIRED', 'RECEIVED'],
  ['RECEIVED', 'GRADED'],
  ['RECEIVED', 'COUNTER_OFFERED'],
  ['RECEIVED', 'NEEDS_ATTENTION'],
  ['GRADED', 'COUNTER_OFFERED'],
  ['GRADED', 'IN_REPAIR'],
  ['GRADED', 'LISTED'],
  ['GRADED', 'RECYCLE'],
  ['GRADED', 'NEEDS_ATTENTION'],
  ['COUNTER_OFFERED', 'GRADED'],
  ['COUNTER_OFFERED', 'RETURN_TO_CUSTOMER'],
  ['IN_REPAIR', 'REPAIRED'],
  ['IN_REPAIR', 'RECYCLE'],
  ['REPAIRED', 'LISTED'],
  ['LISTED', 'SOLD'],
  ['LISTED', 'GRADED'],
  ['RECYCLE', 'RECYCLED'],
];
const terminalStates: PassportState[] = ['SOLD', 'RECYCLED', 'RETURN_TO_CUSTOMER'];

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
});
