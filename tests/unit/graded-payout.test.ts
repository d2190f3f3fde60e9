import { describe, expect, it } from 'vitest';
import { currentRoute, gradedPayoutOf, payoutAwaitsAPerson } from '../../shared/domain/graded-payout';
import { demoBrand } from '../../local/seed/demo-brand';
import type { PassportEvent, PassportEventType } from '../../shared/domain/passport';
import { passportImpact } from '../../shared/services/passport-impact';
import { aPassport, aQuote } from '../support/fixtures';

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

  it("follows the route the warehouse chose for an item its buyer sent back, not the grading's", () => {
    const sold = event('Sold', { channel: 'ebay', orderId: 'o1', price: eur(24_900), fee: eur(2_988) });
    const returned = event('SaleReturned', { channel: 'ebay', orderId: 'o1', reason: 'DEFECTIVE', refund: eur(24_900), feeRefunded: eur(0), route: 'RECYCLE', from: 'RESELL', soldAt: sold.at, by: 'ops-1' });
    expect(currentRoute([graded('ACCEPTED', 14_900, 'RESELL'), sold, returned])).toBe('RECYCLE');
  });

  it('follows a partner who found the item unrepairable to recycling', () => {
    expect(currentRoute([graded('ACCEPTED', 14_900, 'REPAIR'), event('Unrepairable', { jobId: 'J1', partnerId: 'rp-1' })])).toBe('RECYCLE');
  });
});

describe("the impact a passport's customer is shown", () => {
  const passport = aPassport(aQuote());
  const sold = event('Sold', { channel: 'ebay', orderId: 'o1', price: eur(24_900), fee: eur(2_988) });
  const returnedTo = (route: string) =>
    event('SaleReturned', { channel: 'ebay', orderId: 'o1', reason: 'DEFECTIVE', refund: eur(24_900), feeRefunded: eur(0), route, from: 'RESELL', soldAt: sold.at, by: 'ops-1' });

  it('claims no CO2e for an item its buyer sent back that goes to recycling', () => {
    const impact = passportImpact(passport, [graded('ACCEPTED', 14_900, 'RESELL'), sold, returnedTo('RECYCLE')], demoBrand.config);
    expect(impact.avoidedKgCo2e).toBeNull();
    expect(impact.factor.origin).toBe('none');
  });

  it('still claims the reuse CO2e for one its buyer sent back that is sold again', () => {
    expect(passportImpact(passport, [graded('ACCEPTED', 14_900, 'RESELL'), sold, returnedTo('RESELL')], demoBrand.config).avoidedKgCo2e).toBe(24.5);
  });
});

describe('payoutAwaitsAPerson', () => {
  const accepted = { settlement: { outcome: 'ACCEPTED' as const } };
  const types = (...names: string[]) => names.map((type) => ({ type }));

  it('asks a person once the payout workflow flagged a settled value that is not paid', () => {
    expect(payoutAwaitsAPerson(accepted, types('ParcelReceived', 'Graded', 'NeedsAttention'), [{ kind: 'LABEL' }])).toBe(true);
    // The customer accepted a counter-offer, and its payout failed.
    const answered = { settlement: { outcome: 'COUNTER_OFFER' as const, answer: { accepted: true } } };
    expect(payoutAwaitsAPerson(answered, types('Graded', 'CounterOfferAnswered', 'NeedsAttention'), [])).toBe(true);
  });

  it('asks nobody once it is paid, before anything was flagged, or when nothing is owed', () => {
    expect(payoutAwaitsAPerson(accepted, types('Graded', 'NeedsAttention', 'VoucherIssued'), [{ kind: 'PAYOUT' }])).toBe(false);
    expect(payoutAwaitsAPerson(accepted, types('Graded'), [])).toBe(false);
    // A flag before the grading (a label that failed) is not about the payout.
    expect(payoutAwaitsAPerson(accepted, types('NeedsAttention', 'LabelCreated', 'ParcelReceived', 'Graded'), [])).toBe(false);
    const declined = { settlement: { outcome: 'COUNTER_OFFER' as const, answer: { accepted: false } } };
    expect(payoutAwaitsAPerson(declined, types('Graded', 'CounterOfferAnswered', 'NeedsAttention'), [])).toBe(false);
    expect(payoutAwaitsAPerson({}, types('ParcelReceived', 'NeedsAttention'), [])).toBe(false);
  });
});
