import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call } from './client';
import { SEPA_IBAN, aBrandLikeDemo, aLabelledTakeBackOf, admin, receiveAndGrade, untilEmails, untilTracking } from './payouts-support';

const CODE = /KRLF(-[0-9A-Z]{4}){7}/;

describe('payouts hold under concurrent requests through the local cloud', () => {
  it('never lets 20 concurrent redemptions of one voucher spend more than its balance', async () => {
    const { apiKey } = (await call('POST', '/v1/api-keys', { name: 'race shop' }, await admin())).body;
    const { id } = await aLabelledTakeBackOf('demo');
    await receiveAndGrade('demo', id);
    const code = CODE.exec((await untilEmails(id, 'voucher-issued'))[0]!.text)![0];
    const { balance } = (await call('GET', `/v1/vouchers/${code}`, undefined, { 'x-api-key': apiKey })).body;
    const spend = Math.ceil(balance / 7);

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('POST', `/v1/vouchers/${code}/redeem`, { amount: spend, orderRef: `#race-${i}` }, { 'x-api-key': apiKey, 'idempotency-key': randomUUID() }),
      ),
    );

    const served = answers.filter((answer) => answer.status === 200);
    expect(served).toHaveLength(Math.floor(balance / spend));
    expect(answers.filter((answer) => answer.status !== 200).every((answer) => answer.status === 409)).toBe(true);
    const left = (await call('GET', `/v1/vouchers/${code}`, undefined, { 'x-api-key': apiKey })).body.balance;
    expect(left).toBe(balance - served.length * spend);
    expect(Math.min(...served.map((answer) => answer.body.balance))).toBe(left);
  });

  it('puts a bank payout into one export only when two exports are asked for at once', async () => {
    // A brand of its own: an export takes every payout its brand queued, and other files queue theirs meanwhile.
    const brand = await aBrandLikeDemo(() => ({}));
    const takeBacks = await Promise.all([1, 2, 3].map(() => aLabelledTakeBackOf(brand, { method: 'BANK_TRANSFER', iban: SEPA_IBAN, accountHolder: 'Lena Fischer' })));
    for (const { id, trackingToken } of takeBacks) {
      await receiveAndGrade(brand, id);
      await untilTracking(id, trackingToken, 'the queued bank payout', (page) => page.payout?.status === 'QUEUED');
    }

    const answers = await Promise.all([1, 2].map(async () => call('POST', '/v1/payouts/exports', undefined, { ...(await admin(brand)), 'idempotency-key': randomUUID() })));

    expect(answers.every((answer) => answer.status === 201 || answer.status === 409)).toBe(true);
    const exported = answers.filter((answer) => answer.status === 201).flatMap((answer) => answer.body.payouts.map((p: { passportId: string }) => p.passportId));
    expect(exported.sort()).toEqual(takeBacks.map((t) => t.id).sort());
  });
});
