import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, eventually } from './client';
import { AN_ADDRESS_DHL_REFUSES, aTakeBack, dhlOrdersFor, outboxOfPassport, untilStatus } from './support';
import { demoOps, passportOf, staff } from './warehouse';

const refusedAddress = AN_ADDRESS_DHL_REFUSES;
/** Where the customer really lives: the customer mistyped the postcode. */
const berlin = { ...refusedAddress, postalCode: '10115' };

describe('staff have a label DHL refused made again through the local cloud', () => {
  it("corrects the customer's address, makes one label and sends one label e-mail, however many times the request is sent at once", async () => {
    // DHL cannot route a postcode no town has: its sandbox refuses it, as DHL does.
    const { id, trackingToken } = await aTakeBack({ address: refusedAddress });
    const flagged = await untilStatus(id, trackingToken, 'NEEDS_ATTENTION');
    expect(flagged.attention).toMatchObject({ cause: 'ADDRESS_REFUSED' });
    const waiting = await passportOf(id);
    expect(waiting.attention.basis).toMatchObject({ kind: 'LABEL_FAILED', error: 'CarrierRejected' });
    expect(waiting.labelRetry).toEqual({ returnAddress: { name: 'Erika Mustermann', ...refusedAddress } });
    // An analyst reads the passport without the customer's address.
    const analystView = await call('GET', `/v1/passports/${id}`, undefined, await staff({ brand: 'demo', roles: ['analyst'] }));
    expect(analystView.body).not.toHaveProperty('labelRetry');
    const forbidden = await call('POST', `/v1/passports/${id}/label`, {}, await staff({ brand: 'demo', roles: ['analyst'] }));
    expect(forbidden.status).toBe(403);

    const ops = await demoOps();
    const invalid = await call('POST', `/v1/passports/${id}/label`, { returnAddress: { ...refusedAddress, name: '' } }, ops);
    expect(invalid).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ path: ['returnAddress', 'name'] })] } });
    const body = { returnAddress: { name: 'Erika Mustermann', ...berlin } };
    const answers = await Promise.all(Array.from({ length: 10 }, () => call('POST', `/v1/passports/${id}/label`, body, { ...ops, 'idempotency-key': randomUUID() })));

    // Those that came before the label was had are accepted; any after find it made.
    expect(answers.map((answer) => answer.status).filter((status) => status !== 202 && status !== 409)).toEqual([]);
    expect(answers.find((answer) => answer.status === 202)?.body).toMatchObject({ id, state: 'REQUESTED' });
    expect(answers.find((answer) => answer.status === 202)?.body).not.toHaveProperty('labelRetry');
    const labelled = await untilStatus(id, trackingToken, 'LABEL_CREATED');
    expect(labelled.label).toMatchObject({ shipmentNo: expect.any(String) });
    expect(await dhlOrdersFor(id)).toHaveLength(1);
    await eventually(async () => ((await outboxOfPassport(id)).some((message) => message.tags.template === 'label') ? true : undefined), 'the label e-mail');
    expect((await outboxOfPassport(id)).filter((message) => message.tags.template === 'label')).toHaveLength(1);
    const passport = await passportOf(id);
    expect(passport.timeline.filter((event: { type: string }) => event.type === 'LabelRetried')).toEqual([
      expect.objectContaining({ state: 'REQUESTED', data: { by: expect.any(String), from: 'NEEDS_ATTENTION', corrected: ['postalCode'] } }),
    ]);
    expect(passport).not.toHaveProperty('labelRetry');

    const late = await call('POST', `/v1/passports/${id}/label`, {}, ops);
    expect(late).toMatchObject({ status: 409, body: { currentState: 'LABEL_CREATED' } });
    expect(late.headers.get('content-type')).toContain('application/problem+json');
  });
});
