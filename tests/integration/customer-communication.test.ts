import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbPassportEventLog } from '../../shared/adapters/dynamodb/passport-event-log';
import { DynamoDbGuardedClaims, type DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import type { DynamoDbPayoutExportStore } from '../../shared/adapters/dynamodb/payout-export-store';
import type { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import type { Passport } from '../../shared/domain/passport';
import type { EmailMessage, Notifier } from '../../shared/ports/notifier';
import type { ReminderScheduler } from '../../shared/ports/reminder-scheduler';
import { PassportEventDetailSchema, type PassportEventDetail } from '../../shared/schemas/events';
import type { DueReminder } from '../../shared/schemas/reminders';
import { CustomerMessages, type CustomerMessagesDependencies } from '../../shared/services/customer-messages';
import { PayoutSettlement } from '../../shared/services/payout-settlement';
import { CounterOfferAnswers } from '../../shared/services/receipt-and-grading-service';
import { ReminderScheduling, Reminders } from '../../shared/services/reminders';
import { newId, trackingTokenFor } from '../../shared/services/tokens';
import { OwnVoucherCodes } from '../../shared/adapters/dynamodb/own-voucher-codes';
import { BankPayoutExports } from '../../shared/services/bank-payout-exports';
import { aRequestedPassport } from '../support/fixtures';
import { aGradedPassport, aPayoutTable, bankAccounts, memoryBlobs, otherSecretBankAccounts } from '../support/payouts';
import { BankAccountReentry } from '../../shared/services/bank-account-reentry';
import { changedAfterFirstCall } from '../support/racing-store';
import { localDynamoDb } from '../support/table';

describe('customer e-mails and reminders (DynamoDB Local)', () => {
  let store: DynamoDbSeedingPassportStore;
  let claims: DynamoDbGuardedClaims;
  let payouts: DynamoDbPayoutStore;
  let exportStore: DynamoDbPayoutExportStore;
  let events: DynamoDbPassportEventLog;
  let clock = new Date('2026-11-04T10:00:00.000Z');
  const now = () => clock;
  const outbox: EmailMessage[] = [];
  const notifier: Notifier = {
    send: async (message) => {
      outbox.push(message);
      return { messageId: `m-${outbox.length}` };
    },
  };
  const scheduled: { name: string; at: string; reminder: DueReminder }[] = [];
  const scheduler: ReminderScheduler = {
    scheduleOnce: async (name, at, reminder) => {
      if (!scheduled.some((s) => s.name === name)) scheduled.push({ name, at, reminder });
    },
  };
  const settlement = () => new PayoutSettlement({ store, payouts, issuerFor: async () => new OwnVoucherCodes(), now, newId, randomBytes });
  /** The consumer of the bus, with some of its dependencies changed (a failing SES, a secret that never comes). */
  const messages = (changed: Partial<CustomerMessagesDependencies> = {}) =>
    new CustomerMessages({
      store,
      claims,
      payouts,
      settlement: settlement(),
      notifier,
      now,
      trackingSecret: async () => 'tracking-secret',
      apiBaseUrl: 'https://api.test',
      webBaseUrl: 'https://web.test',
      ...changed,
    });
  const reminders = () => new Reminders({ store, payouts, events, now });
  const scheduling = () => new ReminderScheduling({ scheduler, now });

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    let tableName: string;
    ({ store, payouts, exportStore, tableName } = await aPayoutTable(client));
    events = new DynamoDbPassportEventLog(tableName, client);
    claims = new DynamoDbGuardedClaims(tableName, client);
  });

  /** The passport's latest event of a type, as the stream publishes it on the bus. */
  const published = async (passportId: string, type: PassportEventDetail['type']): Promise<PassportEventDetail> => {
    const event = (await store.getTimeline(passportId)).findLast((candidate) => candidate.type === type)!;
    return PassportEventDetailSchema.parse({ ...event, eventId: `${event.passportId}/${event.seq}` });
  };
  const mailTo = (passport: Passport) => outbox.filter((message) => message.to === passport.customer.email);

  it('sends the voucher e-mail once with the code, the value and the CO2e saved with its source, however often the event comes', async () => {
    const passport = await aGradedPassport(store);
    await settlement().settle(passport.id);
    const issued = await published(passport.id, 'VoucherIssued');

    // Five deliveries at once: one sends; each of the others finds the e-mail sent or its send claimed, and
    // then fails so that its invocation is retried; the retries find it sent.
    const deliveries = await Promise.allSettled(Array.from({ length: 5 }, () => messages().send(issued)));
    expect(deliveries.filter((delivery) => delivery.status === 'fulfilled' && delivery.value.sent)).toHaveLength(1);
    for (const delivery of deliveries) {
      if (delivery.status === 'rejected') expect(delivery.reason).toMatchObject({ name: 'EmailSendInProgress' });
      else expect(delivery.value.template).toBe('voucher-issued');
    }
    expect(await messages().send(issued)).toEqual({ sent: false, template: 'voucher-issued' });

    const [email, ...more] = mailTo(passport);
    expect(more).toHaveLength(0);
    const { voucher } = (await payouts.getPayout(passport.id))!;
    expect(email!.subject).toMatch(/^Ihr Gutschein über/);
    expect(email!.text).toContain(voucher!.code);
    expect(email!.text).toMatch(/rund 24,5 kg CO₂e/);
    expect(email!.text).toContain('Quelle: ADEME');
    expect(email!.tags).toEqual({ passport: passport.id, template: 'voucher-issued' });
    const sent = (await store.getTimeline(passport.id)).filter((event) => event.type === 'CustomerEmailSent');
    expect(sent).toEqual([expect.objectContaining({ data: { template: 'voucher-issued', messageId: expect.any(String), forEventId: issued.eventId } })]);
  });

  it('tells the graded value with the bonuses the voucher will carry', async () => {
    const passport = await aGradedPassport(store, { payout: 14_900 });
    await messages().send(await published(passport.id, 'Graded'));
    expect(mailTo(passport)[0]!.text).toContain('Wert: 168,90\u00a0€');
  });

  it('tells the customer the parcel arrived, in their language, with the link to the tracking page', async () => {
    const passport = await aGradedPassport(store);
    await messages().send(await published(passport.id, 'ParcelReceived'));
    const [email] = mailTo(passport);
    expect(email!.subject).toBe('Ihr Paket ist bei uns angekommen');
    expect(email!.text).toContain(`https://web.test/track/${passport.id}?token=`);
  });

  it('confirms a cancellation, but not once the parcel sent all the same was received: the later e-mail says it arrived', async () => {
    const [cancelled, cancelledAndReceived] = [await aRequestedPassport(store), await aRequestedPassport(store)];
    for (const passport of [cancelled, cancelledAndReceived]) {
      await store.transition(passport.id, { to: 'CANCELLED', at: now().toISOString(), event: { type: 'TakeBackCancelled', data: { from: 'REQUESTED' } } });
    }
    const at = now().toISOString();
    await store.transition(cancelledAndReceived.id, { to: 'RECEIVED', at, set: { receipt: { at, by: 'ops-1' } }, event: { type: 'ParcelReceived', data: { by: 'ops-1' } } });

    // The cancellation's event comes after the receipt's (the bus keeps no order): "please do not send the parcel" would
    // follow "your parcel arrived".
    expect(await messages().send(await published(cancelledAndReceived.id, 'TakeBackCancelled'))).toEqual({ sent: false, template: 'take-back-cancelled' });
    expect(await messages().send(await published(cancelled.id, 'TakeBackCancelled'))).toEqual({ sent: true, template: 'take-back-cancelled' });

    const mailFor = (passport: Passport) => outbox.filter((message) => message.tags?.passport === passport.id);
    expect(mailFor(cancelledAndReceived)).toEqual([]);
    expect(mailFor(cancelled).map((email) => email.subject)).toEqual(['Ihre Rücknahme ist storniert']);
  });

  it('offers the customer a counter-offer with links to accept or decline it', async () => {
    const passport = await aGradedPassport(store);
    const counterOffer = { ...(await published(passport.id, 'Graded')), seq: 99 } as PassportEventDetail;
    if (counterOffer.type !== 'Graded') throw new Error('not a grading');
    counterOffer.data = { ...counterOffer.data, grade: 'FAIR', settlement: { outcome: 'COUNTER_OFFER', payout: { amount: 8_900, currency: 'EUR' }, offered: { amount: 14_900, currency: 'EUR' } } };
    expect(await messages().send(counterOffer)).toEqual({ sent: true, template: 'graded-counter-offer' });
    const [email] = mailTo(passport);
    expect(email!.subject).toBe('Ein neues Angebot für Ihren Artikel');
    expect(email!.text).toMatch(/Angebot annehmen: https:\/\/web\.test\/track\/\w+\?token=[^&\s]+&lang=de&counterOffer=accept/);
    expect(email!.text).toContain('&counterOffer=decline');
  });

  it("links the pages in the customer's language, whatever the browser's: an English customer's counter-offer opens them in English", async () => {
    const passport = await aGradedPassport(store, { overrides: { customer: { name: 'Alex Smith', email: `alex+${newId()}@example.org`, locale: 'en' } } });
    const counterOffer = { ...(await published(passport.id, 'Graded')), seq: 99 } as PassportEventDetail;
    if (counterOffer.type !== 'Graded') throw new Error('not a grading');
    counterOffer.data = { ...counterOffer.data, grade: 'FAIR', settlement: { outcome: 'COUNTER_OFFER', payout: { amount: 8_900, currency: 'EUR' }, offered: { amount: 14_900, currency: 'EUR' } } };
    expect(await messages().send(counterOffer)).toEqual({ sent: true, template: 'graded-counter-offer' });
    const [email] = mailTo(passport);
    const links = email!.text.match(/https:\/\/web\.test\/\S+/g)!;
    expect(links).toHaveLength(3);
    for (const link of links) expect(new URL(link).searchParams.get('lang'), link).toBe('en');
    expect(email!.text).toMatch(/Accept the offer: https:\/\/web\.test\/track\/\w+\?token=[^&\s]+&lang=en&counterOffer=accept/);
  });

  it("writes the counter-offer's deadline as the day it ends in the brand's time zone", async () => {
    const brand = `brand-${newId().toLowerCase()}`;
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, brand, timeZone: 'America/New_York' } });
    const passport = await aGradedPassport(store, { overrides: { brand } });
    const counterOffer = { ...(await published(passport.id, 'Graded')), seq: 99 } as PassportEventDetail;
    if (counterOffer.type !== 'Graded') throw new Error('not a grading');
    // The end of 20 December in New York: 21 December already in Berlin.
    const answerBy = '2026-12-21T04:59:59.999Z';
    counterOffer.data = { ...counterOffer.data, grade: 'FAIR', settlement: { outcome: 'COUNTER_OFFER', payout: { amount: 8_900, currency: 'EUR' }, offered: { amount: 14_900, currency: 'EUR' }, answerBy } };

    expect(await messages().send(counterOffer)).toEqual({ sent: true, template: 'graded-counter-offer' });

    const [email] = mailTo(passport);
    expect(email!.text).toContain('Bitte antworten Sie bis 20. Dezember 2026.');
  });

  it('tells the customer their former item was repaired', async () => {
    const passport = await aGradedPassport(store);
    const repaired = { ...(await published(passport.id, 'Graded')), type: 'Repaired', data: { jobId: 'J1', partnerId: 'rp-1' } } as PassportEventDetail;
    await messages().send(repaired);
    expect(mailTo(passport)[0]!.subject).toBe('Ihr früherer Artikel ist repariert');
  });

  it('tells the customer of a repair once, though their item was repaired a second time', async () => {
    const passport = await aGradedPassport(store);
    // Repaired, its listing would lose money, its route sent back to repair by a person, and repaired again.
    await store.appendEvent(passport.id, now().toISOString(), { type: 'Repaired', data: { jobId: 'J1', partnerId: 'rp-1' } });
    const first = await published(passport.id, 'Repaired');
    await store.appendEvent(passport.id, now().toISOString(), { type: 'Repaired', data: { jobId: 'J2', partnerId: 'rp-1' } });
    const second = await published(passport.id, 'Repaired');
    expect(second.seq).toBeGreaterThan(first.seq);

    expect(await messages().send(first)).toEqual({ sent: true, template: 'item-repaired' });
    expect(await messages().send(second)).toEqual({ sent: false, template: 'item-repaired' });
    expect(mailTo(passport).map((email) => email.subject)).toEqual(['Ihr früherer Artikel ist repariert']);
  });

  it('asks the customer of a bank transfer set aside to enter the account again on the tracking page, and nobody else', async () => {
    const passport = await aGradedPassport(store, { bankTransfer: true });
    await settlement().settle(passport.id);
    // An export that cannot open the account (here: one under another platform secret) sets the transfer aside.
    const refused = await new BankPayoutExports({ store, payouts: exportStore, blobs: memoryBlobs(), bankAccounts: otherSecretBankAccounts, now, newId })
      .create('demo', undefined, 'https://api.test')
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 422 });
    const held = await published(passport.id, 'NeedsAttention');

    expect(await messages().send(held)).toEqual({ sent: true, template: 'bank-details-needed' });
    const [email, ...more] = mailTo(passport);
    expect(more).toHaveLength(0);
    expect(email!.subject).toBe('Bitte geben Sie Ihre Bankverbindung noch einmal ein');
    const { amount } = (await payouts.getPayout(passport.id))!;
    expect(email!.text).toContain(`${(amount.amount / 100).toFixed(2).replace('.', ',')}\u00a0€`);
    expect(email!.text).toContain('DE89 **** **** **** **30 00');
    expect(email!.text).toContain(`https://web.test/track/${passport.id}?token=`);

    // One whose account was entered again before its event came needs nothing of its customer.
    const late = await aGradedPassport(store, { bankTransfer: true });
    await settlement().settle(late.id);
    await new BankPayoutExports({ store, payouts: exportStore, blobs: memoryBlobs(), bankAccounts: otherSecretBankAccounts, now, newId })
      .create('demo', undefined, 'https://api.test')
      .catch((error: unknown) => expect(error).toMatchObject({ status: 422 }));
    const lateHeld = await published(late.id, 'NeedsAttention');
    const tracking = trackingTokenFor(late.id, 'tracking-secret');
    await new BankAccountReentry({ store, payouts, bankAccounts, trackingSecret: async () => 'tracking-secret', now }).replace(late.id, tracking, {
      iban: 'DE02120300000000202051',
      accountHolder: 'Erika Mustermann',
    });
    expect(await messages().send(lateHeld)).toEqual({ sent: false, template: 'bank-details-needed' });
    expect(mailTo(late)).toHaveLength(0);

    // A passport that needs a person for another reason is the staff's: its customer hears nothing.
    const other = await aGradedPassport(store);
    await store.appendEvent(other.id, clock.toISOString(), { type: 'NeedsAttention', data: { reason: 'The payout workflow failed.' } });
    expect(await messages().send(await published(other.id, 'NeedsAttention'))).toEqual({ sent: false });
    expect(mailTo(other)).toHaveLength(0);
  });

  it('sends the e-mail again when the first send failed, so a failed send is not lost', async () => {
    const passport = await aGradedPassport(store);
    const received = await published(passport.id, 'ParcelReceived');
    let failing = true;
    const flaky = messages({ notifier: { send: async (message) => (failing ? Promise.reject(new Error('SES throttled')) : notifier.send(message)) } });
    await expect(flaky.send(received)).rejects.toThrow('SES throttled');
    failing = false;
    expect(await flaky.send(received)).toEqual({ sent: true, template: 'parcel-received' });
    expect(mailTo(passport)).toHaveLength(1);
  });

  it('sends the e-mail on the next delivery when the first stopped for good while reading what the e-mail says', async () => {
    const passport = await aGradedPassport(store);
    const received = await published(passport.id, 'ParcelReceived');
    // The first delivery's function dies while it reads the tracking secret (a timeout, a crash): it never answers.
    let reachedSecret!: () => void;
    const stoppedAtSecret = new Promise<void>((reached) => (reachedSecret = reached));
    const stalled = messages({
      trackingSecret: () => {
        reachedSecret();
        return new Promise<string>(() => undefined);
      },
    });
    void stalled.send(received);
    await stoppedAtSecret;

    expect(await messages().send(received)).toEqual({ sent: true, template: 'parcel-received' });
    expect(mailTo(passport)).toHaveLength(1);
  });

  it('sends the e-mail once the lease of a delivery that died waiting for SES ran out, and fails the deliveries before that so they are retried', async () => {
    const passport = await aGradedPassport(store);
    const received = await published(passport.id, 'ParcelReceived');
    const claimedAt = clock;
    // The first delivery's function dies while SES has the e-mail (a timeout, a crash): it claimed the send and never answers.
    let reachedSes!: () => void;
    const stoppedAtSes = new Promise<void>((reached) => (reachedSes = reached));
    const dying = messages({
      notifier: {
        send: () => {
          reachedSes();
          return new Promise<never>(() => undefined);
        },
      },
    });
    void dying.send(received);
    await stoppedAtSes;

    try {
      // Lambda's retry within the lease fails, so that it is retried again instead of counting the e-mail as sent.
      clock = new Date(claimedAt.getTime() + 59_000);
      await expect(messages().send(received)).rejects.toMatchObject({ name: 'EmailSendInProgress' });
      expect(mailTo(passport)).toHaveLength(0);
      // The next retry, after the lease, takes the claim over and sends it; a later delivery sends nothing more.
      clock = new Date(claimedAt.getTime() + 61_000);
      expect(await messages().send(received)).toEqual({ sent: true, template: 'parcel-received' });
      expect(await messages().send(received)).toEqual({ sent: false, template: 'parcel-received' });
    } finally {
      clock = claimedAt;
    }
    expect(mailTo(passport).map((email) => email.subject)).toEqual(['Ihr Paket ist bei uns angekommen']);
    expect((await store.getTimeline(passport.id)).filter((event) => event.type === 'CustomerEmailSent')).toHaveLength(1);
  });

  it('schedules the label reminder and the expiry when the label is created, once per duplicate event', async () => {
    const passport = await aGradedPassport(store);
    const labelCreated = await published(passport.id, 'LabelCreated');
    await scheduling().schedule(labelCreated);
    await scheduling().schedule(labelCreated);
    expect(scheduled.filter((s) => s.reminder.passportId === passport.id)).toEqual([
      { name: `label-unused-${passport.id}`, at: '2030-01-13T00:00:00.000Z', reminder: { kind: 'LABEL_UNUSED', passportId: passport.id } },
      { name: `take-back-expiry-${passport.id}`, at: '2030-01-16T00:00:00.000Z', reminder: { kind: 'TAKE_BACK_EXPIRY', passportId: passport.id } },
    ]);
  });

  it('does not remind about a label whose parcel has arrived', async () => {
    const passport = await aGradedPassport(store);
    clock = new Date('2030-01-13T00:00:00.000Z');
    expect(await reminders().fire({ kind: 'LABEL_UNUSED', passportId: passport.id })).toBe('NO_LONGER_APPLIES');
    expect(await reminders().fire({ kind: 'TAKE_BACK_EXPIRY', passportId: passport.id })).toBe('NO_LONGER_APPLIES');
  });

  it('reminds about an unused label once, then expires the take-back after the deadline', async () => {
    const passport = await aLabelledPassport();
    clock = new Date('2030-01-13T00:00:00.000Z');
    expect(await Promise.all([1, 2, 3].map(() => reminders().fire({ kind: 'LABEL_UNUSED', passportId: passport.id })))).toEqual(
      expect.arrayContaining(['SENT', 'NO_LONGER_APPLIES', 'NO_LONGER_APPLIES']),
    );
    clock = new Date('2030-01-16T00:00:00.000Z');
    expect(await reminders().fire({ kind: 'TAKE_BACK_EXPIRY', passportId: passport.id })).toBe('EXPIRED');
    expect(await reminders().fire({ kind: 'TAKE_BACK_EXPIRY', passportId: passport.id })).toBe('NO_LONGER_APPLIES');
    const timeline = await store.getTimeline(passport.id);
    expect(timeline.map((event) => event.type)).toEqual(['TakeBackRequested', 'LabelCreated', 'LabelReminderSent', 'TakeBackExpired']);
    expect((await store.getPassport(passport.id))?.state).toBe('EXPIRED');

    await messages().send(await published(passport.id, 'LabelReminderSent'));
    await messages().send(await published(passport.id, 'TakeBackExpired'));
    expect(mailTo(passport).map((message) => message.subject)).toEqual(['Erinnerung: Ihr Rücksendeetikett läuft bald ab', 'Ihre Rücknahme ist abgelaufen']);
  });

  it('reminds about a voucher once, fourteen days before it expires', async () => {
    clock = new Date('2026-11-04T10:00:00.000Z');
    const passport = await aGradedPassport(store);
    await settlement().settle(passport.id);
    const issued = await published(passport.id, 'VoucherIssued');
    const [planned] = await scheduling().schedule(issued);
    expect(planned).toEqual({ kind: 'VOUCHER_EXPIRY', at: '2029-10-21T00:00:00.000Z' });

    clock = new Date(planned!.at);
    expect(await reminders().fire({ kind: 'VOUCHER_EXPIRY', passportId: passport.id })).toBe('SENT');
    expect(await reminders().fire({ kind: 'VOUCHER_EXPIRY', passportId: passport.id })).toBe('NO_LONGER_APPLIES');
    await messages().send(await published(passport.id, 'VoucherExpiryReminderSent'));
    expect(mailTo(passport).at(-1)!.subject).toMatch(/läuft bald ab$/);
  });

  it('reminds the customer of a transfer set aside once, five days later, and not once the account is entered again', async () => {
    clock = new Date('2026-11-04T10:00:00.000Z');
    const held = await aGradedPassport(store, { bankTransfer: true });
    const entered = await aGradedPassport(store, { bankTransfer: true });
    for (const passport of [held, entered]) await settlement().settle(passport.id);
    await new BankPayoutExports({ store, payouts: exportStore, blobs: memoryBlobs(), bankAccounts: otherSecretBankAccounts, now, newId })
      .create('demo', undefined, 'https://api.test')
      .catch((error: unknown) => expect(error).toMatchObject({ status: 422 }));
    const [planned] = await scheduling().schedule(await published(held.id, 'NeedsAttention'));
    expect(planned).toEqual({ kind: 'BANK_DETAILS', at: '2026-11-09T10:00:00.000Z' });
    await scheduling().schedule(await published(entered.id, 'NeedsAttention'));
    await new BankAccountReentry({ store, payouts, bankAccounts, trackingSecret: async () => 'tracking-secret', now }).replace(
      entered.id,
      trackingTokenFor(entered.id, 'tracking-secret'),
      { iban: 'DE02120300000000202051', accountHolder: 'Erika Mustermann' },
    );

    clock = new Date(planned!.at);
    expect(await reminders().fire({ kind: 'BANK_DETAILS', passportId: held.id })).toBe('SENT');
    expect(await reminders().fire({ kind: 'BANK_DETAILS', passportId: held.id })).toBe('NO_LONGER_APPLIES');
    expect(await reminders().fire({ kind: 'BANK_DETAILS', passportId: entered.id })).toBe('NO_LONGER_APPLIES');
    expect(await messages().send(await published(held.id, 'BankDetailsReminderSent'))).toEqual({ sent: true, template: 'bank-details-reminder' });
    expect(mailTo(held).at(-1)!.subject).toBe('Erinnerung: Wir brauchen noch Ihre Bankverbindung');
    expect(mailTo(held).at(-1)!.text).toContain(`https://web.test/track/${held.id}?token=`);
    expect((await store.getTimeline(entered.id)).map((event) => event.type)).not.toContain('BankDetailsReminderSent');
  });

  describe('a counter-offer with a deadline', () => {
    const answerBy = '2026-11-18T22:59:59.999Z';

    it('schedules its reminder and its lapse once per duplicate event, and nothing for an accepted grading', async () => {
      const passport = await aCounterOfferedPassport();
      const graded = await published(passport.id, 'Graded');
      await scheduling().schedule(graded);
      await scheduling().schedule(graded);
      expect(scheduled.filter((s) => s.reminder.passportId === passport.id)).toEqual([
        { name: `counter-offer-unanswered-${passport.id}`, at: '2026-11-15T23:00:00.000Z', reminder: { kind: 'COUNTER_OFFER_UNANSWERED', passportId: passport.id } },
        { name: `counter-offer-lapse-${passport.id}`, at: '2026-11-18T23:00:00.000Z', reminder: { kind: 'COUNTER_OFFER_LAPSE', passportId: passport.id } },
      ]);
      const accepted = await aGradedPassport(store);
      expect(await scheduling().schedule(await published(accepted.id, 'Graded'))).toEqual([]);
    });

    it('reminds the customer once, then declines it as lapsed right after the deadline, once, and tells them', async () => {
      const passport = await aCounterOfferedPassport();
      clock = new Date('2026-11-15T23:00:00.000Z');
      expect(await reminders().fire({ kind: 'COUNTER_OFFER_LAPSE', passportId: passport.id })).toBe('NO_LONGER_APPLIES');
      expect((await Promise.all([1, 2, 3].map(() => reminders().fire({ kind: 'COUNTER_OFFER_UNANSWERED', passportId: passport.id })))).sort()).toEqual([
        'NO_LONGER_APPLIES',
        'NO_LONGER_APPLIES',
        'SENT',
      ]);
      clock = new Date('2026-11-18T23:00:00.000Z');
      expect((await Promise.all([1, 2, 3].map(() => reminders().fire({ kind: 'COUNTER_OFFER_LAPSE', passportId: passport.id })))).sort()).toEqual([
        'LAPSED',
        'NO_LONGER_APPLIES',
        'NO_LONGER_APPLIES',
      ]);

      const lapsed = (await store.getPassport(passport.id))!;
      expect(lapsed.state).toBe('RETURN_TO_CUSTOMER');
      expect(lapsed.settlement?.answer).toEqual({ accepted: false, at: '2026-11-18T23:00:00.000Z', lapsed: true });
      const timeline = await store.getTimeline(passport.id);
      expect(timeline.slice(-2).map(({ type, data }) => ({ type, data }))).toEqual([
        { type: 'CounterOfferReminderSent', data: { answerBy } },
        { type: 'CounterOfferAnswered', data: { accepted: false, payout: { amount: 8_900, currency: 'EUR' }, route: 'RESELL', lapsed: true } },
      ]);
      // Too late to accept; declining again is answered as it stands.
      const answers = new CounterOfferAnswers({ store, now, trackingSecret: async () => 'tracking-secret' });
      await expect(answers.answerCounterOffer(passport.id, trackingTokenFor(passport.id, 'tracking-secret'), true)).rejects.toThrow(/lapsed without an answer/);
      expect(await answers.answerCounterOffer(passport.id, trackingTokenFor(passport.id, 'tracking-secret'), false)).toMatchObject({ status: 'RETURN_TO_CUSTOMER', accepted: false });

      expect(await messages().send(await published(passport.id, 'CounterOfferReminderSent'))).toEqual({ sent: true, template: 'counter-offer-reminder' });
      expect(await messages().send(await published(passport.id, 'CounterOfferAnswered'))).toEqual({ sent: true, template: 'counter-offer-lapsed' });
      const [reminder, notice] = mailTo(passport);
      expect(reminder!.subject).toBe('Erinnerung: Ihr neues Angebot wartet auf Ihre Antwort');
      expect(reminder!.text).toContain('18. November 2026');
      expect(reminder!.text).toContain('&counterOffer=accept');
      expect(notice!.subject).toBe('Wir schicken Ihnen Ihren Artikel zurück');
    });

    it('neither reminds nor lapses a counter-offer its customer answered, even between the lapse’s read and its write', async () => {
      const answered = await aCounterOfferedPassport();
      const answers = new CounterOfferAnswers({ store, now, trackingSecret: async () => 'tracking-secret' });
      clock = new Date('2026-11-10T10:00:00.000Z');
      await answers.answerCounterOffer(answered.id, trackingTokenFor(answered.id, 'tracking-secret'), true);
      clock = new Date('2026-11-19T10:00:00.000Z');
      expect(await reminders().fire({ kind: 'COUNTER_OFFER_UNANSWERED', passportId: answered.id })).toBe('NO_LONGER_APPLIES');
      expect(await reminders().fire({ kind: 'COUNTER_OFFER_LAPSE', passportId: answered.id })).toBe('NO_LONGER_APPLIES');
      expect((await store.getPassport(answered.id))?.state).toBe('GRADED');

      // The customer accepts right after the lapse read the passport: their answer stands, and nothing lapses.
      const racing = await aCounterOfferedPassport();
      const { racing: racingStore, changed } = changedAfterFirstCall(store, 'getPassport', (id) =>
        answers.answerCounterOffer(id, trackingTokenFor(id, 'tracking-secret'), true),
      );
      const lapse = new Reminders({ store: racingStore, payouts, events, now });
      expect(await lapse.fire({ kind: 'COUNTER_OFFER_LAPSE', passportId: racing.id })).toBe('NO_LONGER_APPLIES');
      expect(changed()).toBe(true);
      const kept = (await store.getPassport(racing.id))!;
      expect(kept).toMatchObject({ state: 'GRADED', settlement: { answer: { accepted: true } } });
      expect((await store.getTimeline(racing.id)).filter((event) => event.type === 'CounterOfferAnswered')).toHaveLength(1);
    });

    /** A take-back graded FAIR below its offer on 4 November: a counter-offer of 89 € to answer by the end of 18 November. */
    async function aCounterOfferedPassport(): Promise<Passport> {
      const labelled = await aLabelledPassport();
      await store.transition(labelled.id, { to: 'RECEIVED', at: '2026-11-04T09:00:00.000Z', event: { type: 'ParcelReceived', data: { by: 'ops-1' } } });
      const settlement = { outcome: 'COUNTER_OFFER' as const, payout: { amount: 8_900, currency: 'EUR' }, offered: { amount: 14_900, currency: 'EUR' }, answerBy };
      await store.transition(labelled.id, {
        to: 'COUNTER_OFFERED',
        at: '2026-11-04T10:00:00.000Z',
        set: {
          grading: { grade: 'FAIR', by: 'ops-1', at: '2026-11-04T10:00:00.000Z' },
          settlement,
          route: { route: 'RESELL', reason: 'Resale recovers most', decidedAt: '2026-11-04T10:00:00.000Z' },
        },
        event: { type: 'Graded', data: { grade: 'FAIR', route: 'RESELL', settlement, by: 'ops-1' } },
      });
      return (await store.getPassport(labelled.id))!;
    }
  });

  async function aLabelledPassport(): Promise<Passport> {
    const graded = await aGradedPassport(store);
    // A fresh passport stopped at LABEL_CREATED, with the same label as the graded one had.
    const passport = { ...graded, id: newId(), state: 'REQUESTED' as const, version: 1, offer: { ...graded.offer, quoteId: newId() } };
    delete passport.label;
    await store.saveQuote({ quoteId: passport.offer.quoteId, brand: 'demo', sku: passport.product.sku, answers: {}, grade: 'GOOD', value: passport.offer.value, validUntil: passport.offer.validUntil, createdAt: passport.createdAt });
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    await store.transition(passport.id, {
      to: 'LABEL_CREATED',
      at: '2029-12-20T10:00:00.000Z',
      set: { label: graded.label! },
      event: { type: 'LabelCreated', data: { carrier: 'DHL', shipmentNo: graded.label!.shipmentNo, shipBy: graded.label!.shipBy } },
    });
    return (await store.getPassport(passport.id))!;
  }
});
