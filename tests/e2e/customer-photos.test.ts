import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CUSTOMER_PHOTO_LIMIT, PHOTO_MAX_BYTES } from '../../shared/domain/photos';
import { call, type Answer } from './client';
import { aTakeBack } from './support';
import { aReceivedTakeBack, demoOps, passportOf } from './warehouse';

// The smallest PNG there is: one transparent pixel.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const addPhoto = (id: string, token: string, body: unknown = { contentType: 'image/png', size: PNG.length }, headers: Record<string, string> = {}) =>
  call('POST', `/v1/take-backs/${id}/photos?token=${encodeURIComponent(token)}`, body, headers);

const isProblem = (answer: Answer, status: number) => {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
};

describe('customer photos: the customer adds photos of the item to the take-back by its tracking link', () => {
  it('gives an upload address that takes the PUT of a PNG, and staff then see the photo on the passport', async () => {
    const { id, trackingToken } = await aTakeBack();

    const requested = await addPhoto(id, trackingToken);

    expect(requested.status).toBe(201);
    const { photoId, uploadUrl, url, expiresAt } = requested.body;
    expect(new URL(url).pathname.endsWith(`/photos/demo/${id}/customer/${photoId}.png`)).toBe(true);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const put = await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: PNG });
    await put.body?.cancel();
    expect(put.status).toBe(200);
    // A second address the customer never used: no photo to show for it.
    expect((await addPhoto(id, trackingToken)).status).toBe(201);
    const passport = await passportOf(id);
    expect(passport.timeline.map((event: { type: string }) => event.type)).toContain('CustomerPhotoAdded');
    // The bucket keeps it private: staff get an address to view it, valid for 15 minutes.
    expect(passport.customerPhotos).toHaveLength(1);
    const view = new URL(passport.customerPhotos[0]);
    expect(view.pathname).toBe(new URL(url).pathname);
    expect(view.searchParams.get('X-Amz-Expires')).toBe('900');
    const photo = await fetch(view);
    expect(photo.status).toBe(200);
    expect(Buffer.from(await photo.arrayBuffer())).toEqual(PNG);
    const anyone = await fetch(url);
    await anyone.body?.cancel();
    expect(anyone.status).toBe(403);
  });

  it('answers a wrong token with the tracking page\'s 404, and a type that is not an image we take with 400, adding nothing', async () => {
    const { id, trackingToken } = await aTakeBack();
    const wrongToken = `${trackingToken.slice(0, -2)}AA` === trackingToken ? `${trackingToken.slice(0, -2)}BB` : `${trackingToken.slice(0, -2)}AA`;

    const tracking = await call('GET', `/v1/take-backs/${id}?token=${encodeURIComponent(wrongToken)}`);
    isProblem(tracking, 404);
    isProblem(await addPhoto(id, wrongToken), 404);
    isProblem(await call('POST', `/v1/take-backs/${id}/photos`, { contentType: 'image/png', size: PNG.length }), 400);
    for (const contentType of ['image/gif', 'text/html', '']) {
      isProblem(await addPhoto(id, trackingToken, { contentType, size: PNG.length }), 400);
    }

    expect((await passportOf(id)).customerPhotos).toBeUndefined();
  });

  it('takes an upload only of the size and type the address was asked for, at most 10 MiB; S3 refuses any other and keeps nothing', async () => {
    const { id, trackingToken } = await aTakeBack();
    for (const body of [{ contentType: 'image/png' }, { contentType: 'image/png', size: 0 }, { contentType: 'image/png', size: PHOTO_MAX_BYTES + 1 }]) {
      const refused = await addPhoto(id, trackingToken, body);
      isProblem(refused, 400);
      expect(refused.body.errors.map((error: { path: string[] }) => error.path)).toEqual([['size']]);
    }
    const requested = await addPhoto(id, trackingToken);
    expect(requested.status).toBe(201);
    const { uploadUrl, url } = requested.body;

    const larger = await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: Buffer.concat([PNG, Buffer.alloc(1_000_000)]) });
    const otherType = await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: PNG });

    expect(larger.status).toBe(403);
    expect(await larger.text()).toContain('SignatureDoesNotMatch');
    expect(otherType.status).toBe(403);
    await otherType.body?.cancel();
    const viewOf = async () => (await passportOf(id)).customerPhotos[0] as string;
    // Nothing was stored: staff are shown no photo for the address.
    expect((await passportOf(id)).customerPhotos ?? []).toEqual([]);
    const put = await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: PNG });
    await put.body?.cancel();
    expect(put.status).toBe(200);
    expect(new URL(await viewOf()).pathname).toBe(new URL(url).pathname);
    expect(Buffer.from(await (await fetch(await viewOf())).arrayBuffer())).toEqual(PNG);
  });

  it(`takes ${CUSTOMER_PHOTO_LIMIT} photos per take-back and refuses the next with 409; a retried request is not counted again`, async () => {
    const { id, trackingToken } = await aTakeBack();
    const key = randomUUID();
    const first = await addPhoto(id, trackingToken, { contentType: 'image/jpeg', size: 2_000_000 }, { 'idempotency-key': key });
    const retried = await addPhoto(id, trackingToken, { contentType: 'image/jpeg', size: 2_000_000 }, { 'idempotency-key': key });
    expect(retried.body.photoId).toBe(first.body.photoId);
    for (let added = 1; added < CUSTOMER_PHOTO_LIMIT; added++) {
      const answer = await addPhoto(id, trackingToken);
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }

    const refused = await addPhoto(id, trackingToken);

    isProblem(refused, 409);
    expect(refused.body.limit).toBe(CUSTOMER_PHOTO_LIMIT);
    // None of the addresses was used: staff are shown no photo.
    expect((await passportOf(id)).customerPhotos ?? []).toEqual([]);
  });

  it('refuses photos with 409 once the parcel was received', async () => {
    const { id, trackingToken } = await aReceivedTakeBack();

    const refused = await addPhoto(id, trackingToken);

    isProblem(refused, 409);
    expect(refused.body.currentState).toBe('RECEIVED');
    expect((await call('GET', `/v1/passports/${id}`, undefined, await demoOps())).body.customerPhotos).toBeUndefined();
  });
});
