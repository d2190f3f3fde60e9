import { describe, expect, it } from 'vitest';
import { COUNTER_OFFER_ANSWER_DAYS, counterOfferAnswerBy } from '../../shared/domain/grading';
import {
  bankDetailsReminders,
  counterOfferAwaitsAnswer,
  counterOfferHasLapsed,
  counterOfferReminders,
  labelReminderApplies,
  labelReminders,
  takeBackHasExpired,
  voucherReminderApplies,
  voucherReminders,
} from '../../shared/domain/reminders';

const shipBy = '2026-03-15T23:59:59.999Z';

describe('labelReminders', () => {
  it('plans the label reminder three days before the deadline and the expiry right after it, on whole seconds', () => {
    expect(labelReminders(shipBy, new Date('2026-03-01T10:00:00Z'))).toEqual([
      { kind: 'LABEL_UNUSED', at: '2026-03-13T00:00:00.000Z' },
      { kind: 'TAKE_BACK_EXPIRY', at: '2026-03-16T00:00:00.000Z' },
    ]);
  });

  it('leaves out a label reminder whose time has passed already', () => {
    expect(labelReminders(shipBy, new Date('2026-03-14T10:00:00Z'))).toEqual([{ kind: 'TAKE_BACK_EXPIRY', at: '2026-03-16T00:00:00.000Z' }]);
  });
});

describe('bankDetailsReminders', () => {
  it('plans the reminder five days after the hold, on a whole second', () => {
    expect(bankDetailsReminders('2026-03-01T10:00:00.250Z', new Date('2026-03-01T10:00:01Z'))).toEqual([{ kind: 'BANK_DETAILS', at: '2026-03-06T10:00:01.000Z' }]);
  });

  it('plans none for a hold more than five days old (an event delivered late)', () => {
    expect(bankDetailsReminders('2026-03-01T10:00:00.000Z', new Date('2026-03-07T00:00:00Z'))).toEqual([]);
  });
});

describe('voucherReminders', () => {
  it('plans the reminder fourteen days before the voucher expires', () => {
    expect(voucherReminders('2029-02-28T23:59:59.999Z', new Date('2026-03-01T10:00:00Z'))).toEqual([
      { kind: 'VOUCHER_EXPIRY', at: '2029-02-15T00:00:00.000Z' },
    ]);
  });

  it('plans none for a voucher that expires within fourteen days', () => {
    expect(voucherReminders('2026-03-10T23:59:59.999Z', new Date('2026-03-01T10:00:00Z'))).toEqual([]);
  });
});

describe('labelReminderApplies', () => {
  it('reminds while the parcel has not been handed over and the deadline has not passed', () => {
    expect(labelReminderApplies('LABEL_CREATED', shipBy, new Date('2026-03-13T00:00:00Z'))).toBe(true);
  });

  it('does not remind once the parcel has arrived, or the take-back was cancelled', () => {
    expect(labelReminderApplies('RECEIVED', shipBy, new Date('2026-03-13T00:00:00Z'))).toBe(false);
    expect(labelReminderApplies('CANCELLED', shipBy, new Date('2026-03-13T00:00:00Z'))).toBe(false);
  });

  it('does not remind after the deadline', () => {
    expect(labelReminderApplies('LABEL_CREATED', shipBy, new Date('2026-03-16T00:00:00Z'))).toBe(false);
  });
});

describe('takeBackHasExpired', () => {
  it('expires a take-back whose label was not used by the deadline', () => {
    expect(takeBackHasExpired('LABEL_CREATED', shipBy, new Date('2026-03-16T00:00:00Z'))).toBe(true);
  });

  it('does not expire it at the very last moment of the deadline', () => {
    expect(takeBackHasExpired('LABEL_CREATED', shipBy, new Date(shipBy))).toBe(false);
  });

  it('leaves received take-backs, cancelled ones and those a person is looking after alone', () => {
    const late = new Date('2026-03-20T00:00:00Z');
    expect(takeBackHasExpired('RECEIVED', shipBy, late)).toBe(false);
    expect(takeBackHasExpired('CANCELLED', shipBy, late)).toBe(false);
    expect(takeBackHasExpired('NEEDS_ATTENTION', shipBy, late)).toBe(false);
  });
});

describe('voucherReminderApplies', () => {
  const expiresAt = '2029-02-28T23:59:59.999Z';

  it('reminds from fourteen days before expiry while something is left', () => {
    expect(voucherReminderApplies({ balance: 2_500, expiresAt }, new Date('2029-02-15T00:00:00Z'))).toBe(true);
  });

  it('does not remind about a voucher spent in full', () => {
    expect(voucherReminderApplies({ balance: 0, expiresAt }, new Date('2029-02-15T00:00:00Z'))).toBe(false);
  });

  it('does not remind earlier, or after expiry', () => {
    expect(voucherReminderApplies({ balance: 2_500, expiresAt }, new Date('2029-02-01T00:00:00Z'))).toBe(false);
    expect(voucherReminderApplies({ balance: 2_500, expiresAt }, new Date('2029-03-01T00:00:00Z'))).toBe(false);
  });
});

describe('the counter-offer deadline', () => {
  it('gives the customer until the end of the 14th day after grading, in the brand’s time zone', () => {
    expect(COUNTER_OFFER_ANSWER_DAYS).toBe(14);
    expect(counterOfferAnswerBy(new Date('2026-03-01T10:00:00.000Z'), { timeZone: 'Europe/Berlin' })).toBe('2026-03-15T22:59:59.999Z');
    // Graded late in the evening in Berlin, already the next day in UTC: the Berlin day counts.
    expect(counterOfferAnswerBy(new Date('2026-11-30T23:30:00.000Z'), { timeZone: 'Europe/Berlin' })).toBe('2026-12-15T22:59:59.999Z');
    // A brand that gives its customers a week.
    expect(counterOfferAnswerBy(new Date('2026-03-01T10:00:00.000Z'), { days: 7, timeZone: 'Europe/Berlin' })).toBe('2026-03-08T22:59:59.999Z');
  });

  it('plans the reminder three days before the deadline and the lapse right after it', () => {
    expect(counterOfferReminders('2026-03-15T22:59:59.999Z', new Date('2026-03-01T10:00:01Z'))).toEqual([
      { kind: 'COUNTER_OFFER_UNANSWERED', at: '2026-03-12T23:00:00.000Z' },
      { kind: 'COUNTER_OFFER_LAPSE', at: '2026-03-15T23:00:00.000Z' },
    ]);
    // An event delivered after the reminder's time plans the lapse alone.
    expect(counterOfferReminders('2026-03-15T22:59:59.999Z', new Date('2026-03-13T00:00:00Z')).map(({ kind }) => kind)).toEqual(['COUNTER_OFFER_LAPSE']);
  });

  it('lapses only after the last moment to answer', () => {
    expect(counterOfferHasLapsed('2026-03-15T22:59:59.999Z', new Date('2026-03-15T22:59:59.999Z'))).toBe(false);
    expect(counterOfferHasLapsed('2026-03-15T22:59:59.999Z', new Date('2026-03-15T23:00:00.000Z'))).toBe(true);
  });

  it('waits for an answer only while the passport is COUNTER_OFFERED with none recorded', () => {
    expect(counterOfferAwaitsAnswer({ state: 'COUNTER_OFFERED', settlement: { outcome: 'COUNTER_OFFER' } })).toBe(true);
    expect(counterOfferAwaitsAnswer({ state: 'COUNTER_OFFERED', settlement: { outcome: 'COUNTER_OFFER', answer: { accepted: true } } })).toBe(false);
    expect(counterOfferAwaitsAnswer({ state: 'GRADED', settlement: { outcome: 'COUNTER_OFFER' } })).toBe(false);
    expect(counterOfferAwaitsAnswer({ state: 'RETURN_TO_CUSTOMER', settlement: { outcome: 'COUNTER_OFFER', answer: { accepted: false } } })).toBe(false);
  });
});
