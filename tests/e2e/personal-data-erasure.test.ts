import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, eventually } from './client';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { localDynamoDb } from '../support/table';
import { admin } from './payouts-support';
import { platform } from './platform';
import { aTakeBack, status } from './support';
import { aReceivedTakeBack, demoOps, grade, passportOf } from './warehouse';

const erasureOf = (id: string) => `/v1/passports/${id}/erasure`;

describe("a brand admin erases a customer's personal data through the local cloud", () => {
  it("erases it once the voucher is issued: the stored customer and the label file are gone, the voucher stays the customer's, the timeline keeps the reference", async () => {
    const { id, trackingToken } = await aReceivedTakeBack('LIKE_NEW');
    expect((await grade(id, 'LIKE_NEW')).status).toBe(200);
    await eventually(async () => (await status(id, trackingToken)).payout?.voucher, 'the voucher');
    const { label } = await status(id, trackingToken);
    // Spent once its parcel was received (the file's deletion by the erasure: tests/integration/personal-data-erasure.test.ts).
    expect((await call('GET', label.pdfUrl)).status).toBe(409);
    const headers = { ...(await admin()), 'idempotency-key': randomUUID() };

    const erased = await call('POST', erasureOf(id), { reason: 'Ticket 4711' }, headers);

    expect(erased).toMatchObject({ status: 200, body: { id, erasure: { by: expect.any(String), reason: 'Ticket 4711' } } });
    expect(await call('POST', erasureOf(id), { reason: 'Ticket 4711' }, headers)).toMatchObject({ status: 200, body: erased.body });
    expect((await call('GET', label.pdfUrl)).status).toBe(409);
    // The voucher is still the customer's, on the tracking link they hold, which offers no label any more.
    const tracked = await status(id, trackingToken);
    expect(tracked.payout.voucher.code).toEqual(expect.any(String));
    expect(tracked).not.toHaveProperty('label');
    const stored = await new DynamoDbSeedingPassportStore(platform().tableName, localDynamoDb(platform().dynamodbEndpoint)).getPassport(id);
    expect(stored).toMatchObject({ customer: { name: '', email: '' }, address: { street: '', postalCode: '', city: '' } });
    expect((await passportOf(id)).timeline.filter((event: { type: string }) => event.type === 'PersonalDataErased')).toEqual([
      expect.objectContaining({ data: { by: erased.body.erasure.by, reason: 'Ticket 4711' } }),
    ]);
  });

  it("finds a customer's take-backs by their e-mail address, erases those done and names those still open", async () => {
    const email = `lena.${randomUUID().slice(0, 8)}@example.org`;
    const customer = { name: 'Lena Fischer', email, locale: 'de' };
    const done = await aTakeBack({ customer });
    const open = await aTakeBack({ customer });
    expect((await call('POST', `/v1/take-backs/${done.id}/cancellation?token=${encodeURIComponent(done.trackingToken)}`)).status).toBe(200);

    const answer = await call('POST', '/v1/customers/erasure', { email, reason: 'Ticket 4714' }, { ...(await admin()), 'idempotency-key': randomUUID() });

    expect(answer).toMatchObject({ status: 200 });
    expect(answer.body).toEqual({
      erased: [{ id: done.id, state: 'CANCELLED' }],
      blocked: [{ id: open.id, state: expect.stringMatching(/^(REQUESTED|LABEL_CREATED)$/), blockedBy: expect.stringContaining('cancel it first'), blockedReason: 'TAKE_BACK_OPEN' }],
    });
    expect((await passportOf(done.id)).erasure).toMatchObject({ reason: 'Ticket 4714' });
    expect((await passportOf(open.id)).erasure).toBeUndefined();
    expect((await call('POST', '/v1/customers/erasure', { email: 'not an address', reason: 'Ticket 4714' }, await admin())).status).toBe(400);
    expect((await call('POST', '/v1/customers/erasure', { email, reason: 'Ticket 4714' }, await demoOps())).status).toBe(403);
  });

  it('refuses an erasure reference or a cancellation reason that holds an e-mail address, at its field, and writes nothing (since 7 December 2026)', async () => {
    const email = `reason.x+${randomUUID().slice(0, 8)}@example.org`;
    const { id } = await aTakeBack({ customer: { name: 'Carla Weiss', email, locale: 'de' } });

    const byAddress = await call('POST', '/v1/customers/erasure', { email, reason: `Request of ${email}` }, { ...(await admin()), 'idempotency-key': randomUUID() });
    const cancelled = await call('POST', `/v1/passports/${id}/cancellation`, { reason: 'Carla called from carla.w@example.org' }, { ...(await demoOps()), 'idempotency-key': randomUUID() });

    for (const answer of [byAddress, cancelled]) {
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body.errors).toEqual([{ in: 'body', path: ['reason'], message: 'must not contain an e-mail address' }]);
    }
    const passport = await passportOf(id);
    expect(passport.state).not.toBe('CANCELLED');
    expect(JSON.stringify(passport.timeline)).not.toContain('example.org');
  });

  it('refuses ops, refuses while the payout is owed with why, and refuses a reason too short at its field', async () => {
    const { id } = await aReceivedTakeBack('GOOD');

    const byOps = await call('POST', erasureOf(id), { reason: 'Ticket 4712' }, await demoOps());
    const whileOwed = await call('POST', erasureOf(id), { reason: 'Ticket 4712' }, await admin());
    const tooShort = await call('POST', erasureOf(id), { reason: 'x' }, await admin());

    expect(byOps.status).toBe(403);
    expect(whileOwed).toMatchObject({ status: 409, body: { currentState: 'RECEIVED', blockedBy: "the customer's payout is not made yet", blockedReason: 'PAYOUT_NOT_MADE' } });
    expect(tooShort).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ path: ['reason'] })] } });
    expect((await passportOf(id)).erasure).toBeUndefined();
  });
});
