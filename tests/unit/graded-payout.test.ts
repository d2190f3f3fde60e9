import { describe, expect, it } from 'vitest';
import { currentRoute, gradedPayoutOf } from '../../shared/domain/graded-payout';
import type { PassportEvent, PassportEventType } from '../../shared/domain/passport';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
let seq = 0;
const event = (type: PassportEventType, data: Record<string, unknown>): PassportEvent => ({
  passportId: 'P1',
  brand: 'demo',
  type,
  seq: ++seq,
  at: '2026-03-06T10:00:00.000Z',
  state: 'GRADED',
  data,
});
const graded = (outcome: 'ACCEPTED' | 'COUNTER_OFFER', amount: number, route = 'RESELL') =>
  event('Graded', { grade: 'GOOD', route, settlement: { outcome, payout: eur(amount), ...(outcome === 'COUNTER_OFFER' ? { offered: eur(14_900) } : {}) }, by: 'ops-1' });

describe('gradedPayoutOf', () => {
  it('owes nothing before grading', () => {
    expect(gradedPayoutOf([event('ParcelReceived', { by: 'ops-1' })])).toBeUndefined();
  });

  it('owes the accepted value of the grading', () => {
    expect(gradedPayoutOf([graded('ACCEPTED', 14_900)])).toEqual({ grade: 'GOOD', route: 'RESELL', payout: eur(14_900) });
  });

  it('owes nothing while a counter-offer is unanswered, or once it is declined', () => {
    expect(gradedPayoutOf([graded('COUNTER_OFFER', 8_900)])).toBeUndefined();
    expect(gradedPayoutOf([graded('COUNTER_OFFER', 8_900), event('CounterOfferAnswered', { accepted: false, payout: eur(8_900) })])).toBeUndefined();
  });

  it('owes the counter-offer once it is accepted', () => {
    expect(gradedPayoutOf([graded('COUNTER_OFFER', 8_900), event('CounterOfferAnswered', { accepted: true, payout: eur(8_900) })])).toEqual({
      grade: 'GOOD',
      route: 'RESELL',
      payout: eur(8_900),
    });
  });
});

describe('currentRoute', () => {
  it('follows an override of the route decided at grading', () => {
    const timeline = [graded('ACCEPTED', 14_900, 'RESELL'), event('RouteOverridden', { from: 'RESELL', route: 'RECYCLE', reason: 'battery swollen', by: 'ops-1' })];
    expect(currentRoute(timeline)).toBe('RECYCLE');
    expect(currentRoute([])).toBeUndefined();
  });
});
