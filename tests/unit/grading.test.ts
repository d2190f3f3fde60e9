import { describe, expect, it } from 'vitest';
import { demoGradingTolerance } from '../../local/seed/demo-brand';
import { UnprocessableError } from '../../shared/domain/errors';
import { answerCounterOffer, settleGradedValue } from '../../shared/domain/grading';
import { canTransition } from '../../shared/domain/lifecycle';

const offer = { min: 14_900, max: 19_700, currency: 'EUR' };
const gradedUpTo = (max: number, currency = 'EUR') => ({ min: 0, max, currency });

describe('settleGradedValue', () => {
  it('pays the graded worth when it lies within the offered range', () => {
    expect(settleGradedValue({ offer, graded: gradedUpTo(17_000), tolerance: 0.1 })).toEqual({ outcome: 'ACCEPTED', payout: 17_000 });
  });

  it('pays no more than the offer’s upper bound for an item graded better than assessed', () => {
    expect(settleGradedValue({ offer, graded: gradedUpTo(26_900), tolerance: 0.1 })).toEqual({ outcome: 'ACCEPTED', payout: 19_700 });
  });

  it('pays the offer’s lower bound for a shortfall within the tolerance', () => {
    // The threshold is 149.00 × 0.9 = 134.10.
    expect(settleGradedValue({ offer, graded: gradedUpTo(13_410), tolerance: 0.1 })).toEqual({ outcome: 'ACCEPTED', payout: 14_900 });
  });

  it('counter-offers the graded worth when it falls short by more than the tolerance', () => {
    expect(settleGradedValue({ offer, graded: gradedUpTo(13_409), tolerance: 0.1 })).toEqual({
      outcome: 'COUNTER_OFFER',
      payout: 13_409,
      offered: 14_900,
    });
  });

  it('accepts a worth exactly at a threshold that binary floats overshoot', () => {
    // 1 000 × (1 − 0.18) is 820.0000000000001 in floats.
    const small = { min: 1_000, max: 1_200, currency: 'EUR' };

    expect(settleGradedValue({ offer: small, graded: gradedUpTo(820), tolerance: 0.18 })).toEqual({ outcome: 'ACCEPTED', payout: 1_000 });
  });

  it('counter-offers any shortfall when the tolerance is zero', () => {
    expect(settleGradedValue({ offer, graded: gradedUpTo(14_899), tolerance: 0 }).outcome).toBe('COUNTER_OFFER');
  });

  it('counter-offers nothing for an item graded worthless', () => {
    expect(settleGradedValue({ offer, graded: gradedUpTo(0), tolerance: demoGradingTolerance })).toEqual({
      outcome: 'COUNTER_OFFER',
      payout: 0,
      offered: 14_900,
    });
  });

  it('refuses a graded value in another currency than the offer', () => {
    expect(() => settleGradedValue({ offer, graded: gradedUpTo(17_000, 'CHF'), tolerance: 0.1 })).toThrow(
      expect.objectContaining({ name: 'UnprocessableError', message: 'The offer is in EUR, but the graded value is in CHF' }),
    );
  });

  it.each([-0.1, 1.5, Number.NaN])('refuses a tolerance of %s', (tolerance) => {
    expect(() => settleGradedValue({ offer, graded: gradedUpTo(17_000), tolerance })).toThrow(UnprocessableError);
  });
});

describe('answerCounterOffer', () => {
  it('sends an item on to routing when the customer accepts the counter-offer', () => {
    const next = answerCounterOffer(true);

    expect(next).toBe('GRADED');
    expect(canTransition('COUNTER_OFFERED', next)).toBe(true);
  });

  it('sends an item back to the customer who declines the counter-offer', () => {
    const next = answerCounterOffer(false);

    expect(next).toBe('RETURN_TO_CUSTOMER');
    expect(canTransition('COUNTER_OFFERED', next)).toBe(true);
  });
});
