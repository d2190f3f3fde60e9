import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../../shared/webhooks/standard-webhooks';
import { call, eventually } from '../client';
import { aBrandLikeDemo, aLabelledTakeBackOf, aWebhookReceiver, aQueuedTransferThatDoesNotOpen, aShortDeadlineBrand, admin, emailsOf, receiveAndGrade, tracking, untilEmails, untilTracking } from '../payouts-support';
import { advanceClock } from '../warehouse';

const CODE = /KRLF(-[0-9A-Z]{4}){7}/;
const DAY = 86_400;

describe('a brand endpoint that keeps failing', () => {
  it('gets the delivery dead-lettered after the last try, and again, under the same webhook id, when the brand replays it', async () => {
    let answer = 503;
    const receiver = await aWebhookReceiver(() => answer);
    const { url, received } = receiver;
    try {
      const brand = await aShortDeadlineBrand();
      const { secret } = (await call('POST', '/v1/webhook-subscriptions', { url, eventTypes: ['TakeBackRequested'] }, await admin(brand))).body;
      const { id } = await aLabelledTakeBackOf(brand);
      const ours = () => received.filter((r) => JSON.parse(r.body).data.passportId === id);
      await eventually(async () => (ours().length > 0 ? true : undefined), 'the first try');

      // Each failed try waits longer (30 s, doubling, at most 15 min); the 8th is the last.
      for (let tries = 1; tries < 8; tries++) {
        await advanceClock(900);
        await eventually(async () => (ours().length > tries ? true : undefined), `try ${tries + 1}`);
      }
      // Once the last try's wait is over, SQS moves the delivery to the dead-letter queue.
      await advanceClock(900);
      const replayed = await eventually(async () => {
        const answered = await call('POST', '/v1/webhook-dead-letters/replay', undefined, await admin(brand));
        return answered.body.replayed === 1 ? answered : undefined;
      }, 'the dead letter', 60_000);
      expect(replayed.status).toBe(202);
      answer = 204;
      await advanceClock(1);
      await eventually(async () => (ours().length > 8 ? true : undefined), 'the replayed delivery');
      const ids = new Set(ours().map((r) => r.headers['webhook-id']));
      expect(ids.size).toBe(1);
      const last = ours().at(-1)!;
      expect(verifyWebhook({ headers: last.headers, body: last.body, secrets: [secret], nowSeconds: Number(last.headers['webhook-timestamp']) })).toMatchObject({ ok: true });
    } finally {
      await receiver.close();
    }
  });
});

describe('reminders go out when the clock moves', () => {
  it('reminds about an unused label, then expires the take-back; reminds about a voucher before it expires', async () => {
    const brand = await aShortDeadlineBrand();
    const unused = await aLabelledTakeBackOf(brand);
    const paid = await aLabelledTakeBackOf(brand);
    await receiveAndGrade(brand, paid.id);
    await untilEmails(paid.id, 'voucher-issued');

    // The label's deadline is 5 days away: 3 days later the reminder is due, not yet the expiry.
    await advanceClock(3 * DAY);
    const [reminder] = await untilEmails(unused.id, 'label-reminder');
    expect(reminder!.subject).toBe('Erinnerung: Ihr Rücksendeetikett läuft bald ab');
    expect((await tracking(unused.id, unused.trackingToken)).status).toBe('LABEL_CREATED');
    expect((await emailsOf(paid.id)).map((m) => m.tags.template)).not.toContain('label-reminder');

    await advanceClock(3 * DAY);
    const expired = await untilTracking(unused.id, unused.trackingToken, 'EXPIRED', (p) => p.status === 'EXPIRED');
    expect(expired.impact).toBeNull();
    expect((await untilEmails(unused.id, 'take-back-expired'))[0]!.subject).toBe('Ihre Rücknahme ist abgelaufen');

    // The voucher runs 30 days; 14 days before its end the reminder is due.
    expect((await emailsOf(paid.id)).map((m) => m.tags.template)).not.toContain('voucher-expiry-reminder');
    await advanceClock(11 * DAY);
    const [voucherReminder] = await untilEmails(paid.id, 'voucher-expiry-reminder');
    expect(voucherReminder!.text).toMatch(CODE);
    expect((await emailsOf(unused.id)).filter((m) => m.tags.template === 'label-reminder')).toHaveLength(1);
  });

  it('reminds the customer of a transfer set aside five days later, once, while its account is still not entered', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const held = await aQueuedTransferThatDoesNotOpen(brand, 'Jonas Weber');
    expect((await call('POST', '/v1/payouts/exports', undefined, { ...(await admin(brand)), 'idempotency-key': randomUUID() })).status).toBe(422);
    await untilEmails(held.id, 'bank-details-needed');

    await advanceClock(4 * DAY);
    expect((await emailsOf(held.id)).map((m) => m.tags.template)).not.toContain('bank-details-reminder');
    await advanceClock(DAY + 60);
    const [reminder] = await untilEmails(held.id, 'bank-details-reminder');
    expect(reminder!.subject).toBe('Erinnerung: Wir brauchen noch Ihre Bankverbindung');
    expect(reminder!.text).toContain(`/track/${held.id}?token=`);
    await advanceClock(5 * DAY);
    expect((await emailsOf(held.id)).filter((m) => m.tags.template === 'bank-details-reminder')).toHaveLength(1);
  });
});
