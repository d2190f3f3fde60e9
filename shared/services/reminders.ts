import { ConflictError } from '../domain/errors';
import { answerCounterOffer } from '../domain/grading';
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
  type PlannedReminder,
} from '../domain/reminders';
import type { PassportEventLog } from '../ports/passport-event-log';
import type { PassportRecords } from '../ports/passport-store';
import type { PayoutStore } from '../ports/payout-store';
import type { ReminderScheduler } from '../ports/reminder-scheduler';
import type { PassportEventDetail } from '../schemas/events';
import type { DueReminder } from '../schemas/reminders';
import { retryingConcurrentChanges } from './concurrent-changes';

export interface ReminderDependencies {
  store: PassportRecords;
  payouts: PayoutStore;
  events: PassportEventLog;
  now: () => Date;
}

export interface ReminderSchedulingDependencies {
  scheduler: ReminderScheduler;
  now: () => Date;
}

export type ReminderOutcome = 'SENT' | 'EXPIRED' | 'LAPSED' | 'NO_LONGER_APPLIES';

/**
 * The reminders of a take-back when one falls due (scheduled by {@link ReminderScheduling}),
 * checked against how things stand then. A reminder that still applies becomes a passport event,
 * once (LabelReminderSent, VoucherExpiryReminderSent, BankDetailsReminderSent,
 * CounterOfferReminderSent, the move to EXPIRED, or a counter-offer's lapse), and the
 * customer-e-mail consumer writes to the customer for it.
 */
export class Reminders {
  constructor(private readonly deps: ReminderDependencies) {}

  async fire({ kind, passportId }: DueReminder): Promise<ReminderOutcome> {
    // A lapse reads the passport itself, again on each try of its write.
    if (kind === 'COUNTER_OFFER_LAPSE') return this.lapse(passportId);
    const passport = await this.deps.store.getPassport(passportId);
    if (!passport) return 'NO_LONGER_APPLIES';
    const now = this.deps.now();
    const at = now.toISOString();
    switch (kind) {
      case 'LABEL_UNUSED': {
        if (!passport.label || !labelReminderApplies(passport.state, passport.label.shipBy, now)) return 'NO_LONGER_APPLIES';
        const event = { type: 'LabelReminderSent' as const, data: { shipBy: passport.label.shipBy } };
        return (await this.deps.events.appendOnce(passportId, 'reminder:label-unused', at, event)) ? 'SENT' : 'NO_LONGER_APPLIES';
      }
      case 'TAKE_BACK_EXPIRY': {
        if (!passport.label || !takeBackHasExpired(passport.state, passport.label.shipBy, now)) return 'NO_LONGER_APPLIES';
        const shipBy = passport.label.shipBy;
        try {
          // Only from LABEL_CREATED; an e-mail noted on the timeline meanwhile is retried past.
          await retryingConcurrentChanges(() =>
            this.deps.store.transition(passportId, { to: 'EXPIRED', from: ['LABEL_CREATED'], at, event: { type: 'TakeBackExpired', data: { shipBy } } }),
          );
          return 'EXPIRED';
        } catch (error) {
          // The parcel was scanned, or another delivery of this reminder expired it, in the meantime.
          if (error instanceof ConflictError) return 'NO_LONGER_APPLIES';
          throw error;
        }
      }
      case 'VOUCHER_EXPIRY': {
        const payout = await this.deps.payouts.getPayout(passportId);
        const voucher = payout?.voucher ? await this.deps.payouts.getVoucher(payout.voucher.code) : undefined;
        if (!voucher || !voucherReminderApplies(voucher, now)) return 'NO_LONGER_APPLIES';
        const event = { type: 'VoucherExpiryReminderSent' as const, data: { voucherId: voucher.voucherId, expiresAt: voucher.expiresAt } };
        return (await this.deps.events.appendOnce(passportId, `reminder:voucher-expiry:${voucher.voucherId}`, at, event)) ? 'SENT' : 'NO_LONGER_APPLIES';
      }
      case 'BANK_DETAILS': {
        // Still set aside: the customer has not entered the account again, nor has it opened again at an export.
        const payout = await this.deps.payouts.getPayout(passportId);
        if (payout?.status !== 'HELD') return 'NO_LONGER_APPLIES';
        const event = { type: 'BankDetailsReminderSent' as const, data: { payoutId: payout.payoutId } };
        // Once per hold: a transfer set aside again later is reminded about again.
        const once = `reminder:bank-details:${payout.payoutId}:${payout.held?.at ?? ''}`;
        return (await this.deps.events.appendOnce(passportId, once, at, event)) ? 'SENT' : 'NO_LONGER_APPLIES';
      }
      case 'COUNTER_OFFER_UNANSWERED': {
        const answerBy = passport.settlement?.answerBy;
        if (!answerBy || !counterOfferAwaitsAnswer(passport) || counterOfferHasLapsed(answerBy, now)) return 'NO_LONGER_APPLIES';
        const event = { type: 'CounterOfferReminderSent' as const, data: { answerBy } };
        return (await this.deps.events.appendOnce(passportId, 'reminder:counter-offer', at, event)) ? 'SENT' : 'NO_LONGER_APPLIES';
      }
    }
  }

  private async lapse(passportId: string): Promise<ReminderOutcome> {
    try {
      // An e-mail noted on the timeline meanwhile is retried past; the customer's own answer meanwhile ends it.
      return await retryingConcurrentChanges(() => this.lapseCounterOffer(passportId));
    } catch (error) {
      if (error instanceof ConflictError) return 'NO_LONGER_APPLIES';
      throw error;
    }
  }

  /**
   * Declines a counter-offer its customer left unanswered past the deadline, as their own decline
   * would: the item goes back to them. Written on the version read, so an answer that came in
   * meanwhile is never overwritten; reading again then finds it answered.
   */
  private async lapseCounterOffer(passportId: string): Promise<ReminderOutcome> {
    const passport = await this.deps.store.getPassport(passportId);
    const settlement = passport?.settlement;
    const now = this.deps.now();
    if (!passport || !settlement?.answerBy || !counterOfferAwaitsAnswer(passport) || !counterOfferHasLapsed(settlement.answerBy, now)) return 'NO_LONGER_APPLIES';
    const at = now.toISOString();
    await this.deps.store.transition(passportId, {
      to: answerCounterOffer(false),
      from: ['COUNTER_OFFERED'],
      at,
      version: passport.version,
      set: { settlement: { ...settlement, answer: { accepted: false, at, lapsed: true } } },
      event: {
        type: 'CounterOfferAnswered',
        data: { accepted: false, payout: settlement.payout, lapsed: true, ...(passport.route ? { route: passport.route.route } : {}) },
      },
    });
    return 'LAPSED';
  }
}

/**
 * The reminders' schedules: made when the label or the voucher is created, or a bank transfer is
 * set aside. A class of its own, so that the function that schedules carries none of the firing,
 * and the one that fires none of the planning.
 */
export class ReminderScheduling {
  constructor(private readonly deps: ReminderSchedulingDependencies) {}

  /**
   * Schedules the reminders a LabelCreated or VoucherIssued event calls for, the Graded event of a
   * counter-offer, or the NeedsAttention event of a bank transfer set aside; other events call for none.
   */
  async schedule(event: PassportEventDetail): Promise<PlannedReminder[]> {
    const { planned, subject } = this.plan(event);
    for (const reminder of planned) {
      // One name per reminder and subject: a duplicate event finds the schedule there and adds none.
      const name = `${reminder.kind.toLowerCase().replaceAll('_', '-')}-${subject}`;
      await this.deps.scheduler.scheduleOnce(name, reminder.at, { kind: reminder.kind, passportId: event.passportId });
    }
    return planned;
  }

  private plan(event: PassportEventDetail): { planned: PlannedReminder[]; subject: string } {
    const now = this.deps.now();
    switch (event.type) {
      case 'LabelCreated':
        return { planned: labelReminders(event.data.shipBy, now), subject: event.passportId };
      case 'VoucherIssued':
        return { planned: voucherReminders(event.data.expiresAt, now), subject: event.data.voucherId };
      case 'Graded':
        // Only a counter-offer waits for the customer (one made before counter-offers had a deadline has none).
        return event.data.settlement.answerBy
          ? { planned: counterOfferReminders(event.data.settlement.answerBy, now), subject: event.passportId }
          : { planned: [], subject: event.passportId };
      case 'NeedsAttention':
        // Only a bank transfer set aside waits for the customer; one schedule per hold.
        return event.data.heldPayoutId
          ? { planned: bankDetailsReminders(event.at, now), subject: `${event.data.heldPayoutId}-${event.seq}` }
          : { planned: [], subject: event.passportId };
      default:
        return { planned: [], subject: event.passportId };
    }
  }
}
