import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, eventually } from './client';
import { outboxOfPassport } from './support';
import { aLabelledTakeBack, aReceivedTakeBack, demoOps, passportOf, staff } from './warehouse';

const rejection = (id: string) => `/v1/passports/${id}/rejection`;
const tracking = (id: string, token: string) => `/v1/take-backs/${id}?token=${encodeURIComponent(token)}`;
const emailOf = (id: string, template: string) =>
  eventually(async () => (await outboxOfPassport(id)).find((message) => message.tags.template === template), `the ${template} e-mail`);

describe('the warehouse rejects a parcel that is not what the customer traded in', () => {
  it('ends the take-back of an empty parcel once, however the request is repeated, tells the customer, and pays nothing', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');
    const ops = await demoOps();
    const body = { reason: 'EMPTY', notes: 'Only packing paper in the box' };
    const key = randomUUID();

    // A storm: the same request under one key, and under a key each.
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => call('POST', rejection(id), body, { ...ops, 'idempotency-key': key })),
      ...Array.from({ length: 5 }, () => call('POST', rejection(id), body, { ...ops, 'idempotency-key': randomUUID() })),
    ]);

    // A concurrent duplicate of the one key may be told to retry (409 while the first runs); every other answer is the rejection.
    const done = answers.filter((answer) => answer.status === 200);
    expect(done.length).toBeGreaterThanOrEqual(6);
    for (const answer of done) expect(answer.body).toMatchObject({ id, state: 'REJECTED', rejection: { reason: 'EMPTY', notes: body.notes } });
    const rejected = await passportOf(id);
    expect(rejected.timeline.filter((event: { type: string }) => event.type === 'ParcelRejected')).toEqual([
      expect.objectContaining({ state: 'REJECTED', data: { reason: 'EMPTY', by: expect.any(String) } }),
    ]);
    expect(await call('POST', rejection(id), body, { ...ops, 'idempotency-key': key })).toMatchObject({ status: 200, body: { state: 'REJECTED' } });

    const email = await emailOf(id, 'parcel-rejected');
    expect(email.subject).toBe('Ihr Paket war leer');
    expect(email.text).toContain('nichts aus');
    const tracked = (await call('GET', tracking(id, trackingToken))).body;
    expect(tracked).toMatchObject({ status: 'REJECTED', rejection: { reason: 'EMPTY' }, cancellable: false, impact: null });
    expect(tracked.payout).toBeUndefined();
    expect(tracked.grading).toBeUndefined();

    // Nothing grades it or pays for it afterwards.
    expect(await call('POST', `/v1/passports/${id}/grading`, { grade: 'GOOD' }, ops)).toMatchObject({ status: 409, body: { currentState: 'REJECTED' } });
    const retry = await call('POST', `/v1/passports/${id}/payout`, undefined, await staff({ brand: 'demo', roles: ['admin'] }));
    expect(retry.status).toBe(409);
    expect((await passportOf(id)).ledger.filter((line: { kind: string }) => line.kind === 'PAYOUT')).toEqual([]);
  });

  it('sends another item than the one traded in back to its customer, saying why in both e-mails', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');
    const ops = await demoOps();

    const rejected = await call('POST', rejection(id), { reason: 'OTHER_ITEM', notes: 'A Trailphone X1, not the X2 traded in' }, ops);

    expect(rejected).toMatchObject({ status: 200, body: { state: 'RETURN_TO_CUSTOMER', rejection: { reason: 'OTHER_ITEM' } } });
    expect((await emailOf(id, 'parcel-rejected')).subject).toBe('In Ihrem Paket war ein anderer Artikel');
    expect((await call('GET', tracking(id, trackingToken))).body).toMatchObject({ status: 'RETURN_TO_CUSTOMER', rejection: { reason: 'OTHER_ITEM' }, impact: null });

    const shipped = await call('POST', `/v1/passports/${id}/return-shipment`, {}, ops);
    expect(shipped).toMatchObject({ status: 200, body: { state: 'RETURNED', returnShipment: { carrier: 'DHL', shipmentNo: expect.any(String) } } });
    const returned = await emailOf(id, 'item-returned');
    expect(returned.text).toContain('war ein anderer Artikel');
    expect(returned.text).not.toContain('Gegenangebot');
  });

  it('refuses a bad request with the path of each problem, another role or brand, and a parcel not received, changing nothing', async () => {
    const { id } = await aReceivedTakeBack('GOOD');
    const ops = await demoOps();

    const bad = await call('POST', rejection(id), { reason: 'BROKEN', notes: 'x' }, ops);
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(bad.body.errors.map((error: { path: string[] }) => error.path.join('.')).sort()).toEqual(['notes', 'reason']);
    const body = { reason: 'EMPTY', notes: 'Nothing in it' };
    expect((await call('POST', rejection(id), body, await staff({ brand: 'demo', roles: ['analyst'] }))).status).toBe(403);
    expect((await call('POST', rejection(id), body, await staff({ brand: 'other', roles: ['ops'] }))).status).toBe(404);
    const foreignPhoto = await call('POST', rejection(id), { ...body, photos: ['https://example.com/cat.png'] }, ops);
    expect(foreignPhoto).toMatchObject({ status: 422, body: { errors: [{ in: 'body', path: ['photos', 0] }] } });
    // This item's own photo, issued and never uploaded; and its path on another origin than the one that publishes the photos.
    const ownPhoto = await call('POST', `/v1/passports/${id}/photos`, { contentType: 'image/png', size: 100 }, ops);
    const elsewhere = `https://photos.example.net${new URL(ownPhoto.body.url).pathname}`;
    const foreignOrigin = await call('POST', rejection(id), { ...body, photos: [ownPhoto.body.url, elsewhere] }, ops);
    expect(foreignOrigin).toMatchObject({
      status: 422,
      body: { errors: [{ in: 'body', path: ['photos', 0], message: expect.stringContaining('never uploaded') }, { in: 'body', path: ['photos', 1] }] },
    });
    expect((await passportOf(id)).state).toBe('RECEIVED');

    const labelled = await aLabelledTakeBack('GOOD');
    expect(await call('POST', rejection(labelled.id), body, ops)).toMatchObject({ status: 409, body: { currentState: 'LABEL_CREATED' } });
  });
});
