/**
 * What a customer is owed once grading has settled: read from the passport's own timeline, so
 * that whoever triggers the payout (the Graded event, the accepted counter-offer, a retry of
 * either) reads the same facts.
 */
import { CounterOfferAnsweredSchema, GradedSchema } from '../schemas/events';
import type { Grade, Money } from './catalog';
import type { PassportEvent } from './passport';
import type { Route } from './routing';

export interface GradedPayout {
  grade: Grade;
  route: Route;
  /** The payout settled at grading or accepted in the counter-offer, before the brand's bonuses. */
  payout: Money;
}

/**
 * The graded payout the customer is owed, or `undefined` while there is none: not graded yet, a
 * counter-offer not answered, or one declined. The latest grading counts; an accepted
 * counter-offer settles at the amount it offered.
 *
 * @example
 * gradedPayoutOf(timeline); // { grade: 'GOOD', route: 'RESELL', payout: { amount: 14_900, currency: 'EUR' } }
 */
export function gradedPayoutOf(timeline: readonly PassportEvent[]): GradedPayout | undefined {
  const gradedAt = timeline.findLastIndex((event) => event.type === 'Graded');
  if (gradedAt < 0) return undefined;
  const graded = GradedSchema.shape.data.parse(timeline[gradedAt]!.data);
  const basis = { grade: graded.grade, route: graded.route };
  if (graded.settlement.outcome === 'ACCEPTED') return { ...basis, payout: graded.settlement.payout };
  const answer = timeline.slice(gradedAt + 1).find((event) => event.type === 'CounterOfferAnswered');
  if (!answer) return undefined;
  const answered = CounterOfferAnsweredSchema.shape.data.parse(answer.data);
  return answered.accepted ? { ...basis, payout: answered.payout } : undefined;
}

/**
 * The route of the passport as things stand: the latest of the events that decide one, which are the
 * grading, an override, a buyer's return (the route the warehouse chose for the returned item) and a
 * partner's finding that the item cannot be repaired (recycling).
 *
 * @example
 * currentRoute(timeline); // 'REPAIR'
 * currentRoute([graded, sold, saleReturned]); // 'RECYCLE', the route of the return
 */
export function currentRoute(timeline: readonly PassportEvent[]): Route | undefined {
  const latest = timeline.findLast((event) => ROUTE_EVENT_TYPES.has(event.type));
  if (!latest) return undefined;
  return latest.type === 'Unrepairable' ? 'RECYCLE' : (latest.data as { route: Route }).route;
}

const ROUTE_EVENT_TYPES: ReadonlySet<PassportEvent['type']> = new Set(['Graded', 'RouteOverridden', 'SaleReturned', 'Unrepairable']);

/**
 * Whether a person was asked about a payout that is not made: a value was settled to pay (an
 * accepted grading, or a counter-offer the customer accepted), no PAYOUT line is on the ledger, and
 * a NeedsAttention event came after the settlement. The staff console offers admins to start the
 * payout again then (`POST /v1/passports/{id}/payout`).
 *
 * @example
 * payoutAwaitsAPerson({ settlement: { outcome: 'ACCEPTED' } }, [{ type: 'Graded' }, { type: 'NeedsAttention' }], []); // true
 */
export function payoutAwaitsAPerson(
  passport: { settlement?: { outcome: 'ACCEPTED' | 'COUNTER_OFFER'; answer?: { accepted: boolean } } },
  timeline: readonly { type: string }[],
  ledger: readonly { kind: string }[],
): boolean {
  const settled = passport.settlement?.outcome === 'ACCEPTED' || passport.settlement?.answer?.accepted === true;
  if (!settled || ledger.some((line) => line.kind === 'PAYOUT')) return false;
  const settledAt = timeline.findLastIndex((event) => event.type === 'Graded' || event.type === 'CounterOfferAnswered');
  return timeline.slice(settledAt).some((event) => event.type === 'NeedsAttention');
}
