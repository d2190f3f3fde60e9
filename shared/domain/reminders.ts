/**
 * Reminders that go out on their own later: a label not used 3 days before the shipping deadline,
 * a take-back that passed it, a voucher 14 days before it expires, a bank transfer set aside whose
 * account is still not entered again 5 days later, a counter-offer not answered 3 days before its
 * deadline, and one that passed it. Each is planned when the label, the voucher, the hold or the
 * counter-offer is made, and checked again when it falls due, because the customer may have acted
 * in between.
 */
import type { PassportState } from './lifecycle';
import { voucherStatus, type VoucherBalance } from './vouchers';

export const REMINDER_KINDS = ['LABEL_UNUSED', 'TAKE_BACK_EXPIRY', 'VOUCHER_EXPIRY', 'BANK_DETAILS', 'COUNTER_OFFER_UNANSWERED', 'COUNTER_OFFER_LAPSE'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

const MS_PER_DAY = 86_400_000;
/** The label reminder goes out this many days before the shipping deadline. */
export const LABEL_REMINDER_DAYS = 3;
/** The voucher reminder goes out this many days before the voucher expires. */
export const VOUCHER_REMINDER_DAYS = 14;
/** The reminder to enter a held transfer's account again goes out this many days after the hold. */
export const BANK_DETAILS_REMINDER_DAYS = 5;
/** The reminder to answer a counter-offer goes out this many days before it lapses. */
export const COUNTER_OFFER_REMINDER_DAYS = 3;

export interface PlannedReminder {
  kind: ReminderKind;
  /** When it falls due: a whole second, since schedules are set to the second. */
  at: string;
}

/**
 * The reminders of a new label: the label reminder 3 days before the deadline, and the expiry
 * just after it. A reminder whose time has passed already is left out.
 *
 * @example
 * labelReminders('2026-03-15T23:59:59.999Z', new Date('2026-03-01T10:00:00Z'));
 * // [{ kind: 'LABEL_UNUSED', at: '2026-03-13T00:00:00.000Z' }, { kind: 'TAKE_BACK_EXPIRY', at: '2026-03-16T00:00:00.000Z' }]
 */
export function labelReminders(shipBy: string, now: Date): PlannedReminder[] {
  const deadline = Date.parse(shipBy);
  return planned(now, [
    { kind: 'LABEL_UNUSED', at: deadline - LABEL_REMINDER_DAYS * MS_PER_DAY },
    // The deadline itself is the last moment to ship; the take-back expires right after it.
    { kind: 'TAKE_BACK_EXPIRY', at: deadline + 1 },
  ]);
}

/**
 * The reminder of a new voucher, 14 days before it expires, unless that has passed already.
 *
 * @example
 * voucherReminders('2029-02-28T23:59:59.999Z', new Date('2026-03-01T10:00:00Z'));
 * // [{ kind: 'VOUCHER_EXPIRY', at: '2029-02-15T00:00:00.000Z' }]
 */
export function voucherReminders(expiresAt: string, now: Date): PlannedReminder[] {
  return planned(now, [{ kind: 'VOUCHER_EXPIRY', at: Date.parse(expiresAt) - VOUCHER_REMINDER_DAYS * MS_PER_DAY }]);
}

/**
 * The reminder of a bank transfer set aside at `heldAt`: 5 days later, if its account is still
 * not entered again then (checked when it falls due).
 *
 * @example
 * bankDetailsReminders('2026-03-01T10:00:00.000Z', new Date('2026-03-01T10:00:01Z'));
 * // [{ kind: 'BANK_DETAILS', at: '2026-03-06T10:00:00.000Z' }]
 */
export function bankDetailsReminders(heldAt: string, now: Date): PlannedReminder[] {
  return planned(now, [{ kind: 'BANK_DETAILS', at: Date.parse(heldAt) + BANK_DETAILS_REMINDER_DAYS * MS_PER_DAY }]);
}

/**
 * The reminders of a counter-offer to answer by `answerBy` (`counterOfferAnswerBy`): a reminder 3
 * days before, and its lapse just after the deadline.
 *
 * @example
 * counterOfferReminders('2026-03-15T22:59:59.999Z', new Date('2026-03-01T10:00:01Z'));
 * // [{ kind: 'COUNTER_OFFER_UNANSWERED', at: '2026-03-12T23:00:00.000Z' }, { kind: 'COUNTER_OFFER_LAPSE', at: '2026-03-15T23:00:00.000Z' }]
 */
export function counterOfferReminders(answerBy: string, now: Date): PlannedReminder[] {
  const deadline = Date.parse(answerBy);
  return planned(now, [
    { kind: 'COUNTER_OFFER_UNANSWERED', at: deadline - COUNTER_OFFER_REMINDER_DAYS * MS_PER_DAY },
    // The deadline is the last moment to answer; the counter-offer lapses right after it.
    { kind: 'COUNTER_OFFER_LAPSE', at: deadline + 1 },
  ]);
}

/**
 * Whether a counter-offer still waits for its customer's answer: the passport is COUNTER_OFFERED
 * and no answer is recorded.
 *
 * @example
 * counterOfferAwaitsAnswer({ state: 'COUNTER_OFFERED', settlement: { outcome: 'COUNTER_OFFER' } }); // true
 * counterOfferAwaitsAnswer({ state: 'GRADED', settlement: { outcome: 'COUNTER_OFFER', answer: { accepted: true } } }); // false
 */
export function counterOfferAwaitsAnswer(passport: { state: PassportState; settlement?: { outcome: string; answer?: unknown } }): boolean {
  return passport.state === 'COUNTER_OFFERED' && passport.settlement?.outcome === 'COUNTER_OFFER' && passport.settlement.answer === undefined;
}

/**
 * Whether a counter-offer to answer by `answerBy` has lapsed at `now`.
 *
 * @example
 * counterOfferHasLapsed('2026-03-15T22:59:59.999Z', new Date('2026-03-15T23:00:00Z')); // true
 */
export function counterOfferHasLapsed(answerBy: string, now: Date): boolean {
  return now.getTime() > Date.parse(answerBy);
}

function planned(now: Date, reminders: { kind: ReminderKind; at: number }[]): PlannedReminder[] {
  return reminders
    .map(({ kind, at }) => ({ kind, at: Math.ceil(at / 1000) * 1000 }))
    .filter(({ at }) => at > now.getTime())
    .map(({ kind, at }) => ({ kind, at: new Date(at).toISOString() }));
}

/**
 * Whether the customer still needs the label reminder: the parcel has not been handed in (the
 * passport is still LABEL_CREATED) and the deadline has not passed.
 *
 * @example
 * labelReminderApplies('LABEL_CREATED', '2026-03-15T23:59:59.999Z', new Date('2026-03-13T00:00:00Z')); // true
 * labelReminderApplies('RECEIVED', '2026-03-15T23:59:59.999Z', new Date('2026-03-13T00:00:00Z')); // false
 */
export function labelReminderApplies(state: PassportState, shipBy: string, now: Date): boolean {
  return state === 'LABEL_CREATED' && now.getTime() <= Date.parse(shipBy);
}

/**
 * Whether a take-back has expired: its label was never used and the deadline has passed. A
 * take-back a person is looking after (NEEDS_ATTENTION) is left to them.
 *
 * @example
 * takeBackHasExpired('LABEL_CREATED', '2026-03-15T23:59:59.999Z', new Date('2026-03-16T00:00:00Z')); // true
 */
export function takeBackHasExpired(state: PassportState, shipBy: string, now: Date): boolean {
  return state === 'LABEL_CREATED' && now.getTime() > Date.parse(shipBy);
}

/**
 * Whether the voucher reminder still applies: something is left to spend, the voucher has not
 * expired, and it expires within 14 days.
 *
 * @example
 * voucherReminderApplies({ balance: 2_500, expiresAt: '2029-02-28T23:59:59.999Z' }, new Date('2029-02-15T00:00:00Z')); // true
 * voucherReminderApplies({ balance: 0, expiresAt: '2029-02-28T23:59:59.999Z' }, new Date('2029-02-15T00:00:00Z')); // false
 */
export function voucherReminderApplies(voucher: VoucherBalance, now: Date): boolean {
  const remindFrom = Date.parse(voucher.expiresAt) - VOUCHER_REMINDER_DAYS * MS_PER_DAY;
  return voucherStatus(voucher, now) === 'ACTIVE' && now.getTime() >= Math.floor(remindFrom / 1000) * 1000;
}
