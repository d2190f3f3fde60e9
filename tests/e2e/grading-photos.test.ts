import { describe, expect, it } from 'vitest';
import { apiUrl, call } from './client';
import { aTakeBack } from './support';
import { aReceivedTakeBack, demoOps, passportOf, staff } from './warehouse';

// The smallest PNG there is: one transparent pixel.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe('grading photos: staff upload them to a presigned address and grade with them', () => {
  it('gives ops an upload address, takes the PUT of a PNG there, grades with the photo and serves it', async () => {
    const { id } = await aReceivedTakeBack('GOOD');

    const requested = await call('POST', `/v1/passports/${id}/photos`, { contentType: 'image/png', size: PNG.length }, await demoOps());

    expect(requested.status).toBe(201);
    const { photoId, uploadUrl, url, expiresAt } = requested.body;
    // Published where listings and marketplaces can fetch it: the photos' origin (CloudFront; locally the platform's own).
    expect(url).toBe(`${new URL(apiUrl()).origin}/photos/demo/${id}/${photoId}.png`);
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const put = await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: PNG });
    await put.body?.cancel();
    expect(put.status).toBe(200);

    const graded = await call('POST', `/v1/passports/${id}/grading`, { grade: 'GOOD', photos: [url] }, await demoOps());

    expect(graded.status).toBe(200);
    expect((await passportOf(id)).grading.photos).toEqual([url]);
    const photo = await fetch(url);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer())).toEqual(PNG);
  });

  it("publishes no customer's photo and no other object of the bucket at the photos' origin", async () => {
    const { id, trackingToken } = await aTakeBack();
    const added = await call('POST', `/v1/take-backs/${id}/photos?token=${encodeURIComponent(trackingToken)}`, { contentType: 'image/png', size: PNG.length });
    const put = await fetch(added.body.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: PNG });
    await put.body?.cancel();
    expect(put.status).toBe(200);
    const origin = new URL(apiUrl()).origin;

    for (const path of [`/photos/demo/${id}/customer/${added.body.photoId}.png`, `/labels/demo/${id}/label.pdf`]) {
      const answer = await fetch(`${origin}${path}`);
      await answer.body?.cancel();
      expect(answer.status, path).toBe(404);
    }
  });

  it("answers 404 to another brand's staff and 400 to a type that is not an image we take, and refuses a grading with another item's photo, one on another origin or one never uploaded", async () => {
    const { id } = await aReceivedTakeBack('GOOD');
    const { id: otherId } = await aReceivedTakeBack('GOOD');

    const foreignBrand = await call('POST', `/v1/passports/${id}/photos`, { contentType: 'image/png', size: PNG.length }, await staff({ brand: 'other', roles: ['ops'] }));
    expect(foreignBrand.status).toBe(404);
    expect(foreignBrand.headers.get('content-type')).toMatch(/problem\+json/);
    for (const contentType of ['image/gif', 'text/html', '']) {
      const bad = await call('POST', `/v1/passports/${id}/photos`, { contentType, size: PNG.length }, await demoOps());
      expect(bad.status).toBe(400);
    }
    const otherPhoto = await call('POST', `/v1/passports/${otherId}/photos`, { contentType: 'image/jpeg', size: 3_000_000 }, await demoOps());
    expect(otherPhoto.status).toBe(201);

    const refused = await call('POST', `/v1/passports/${id}/grading`, { grade: 'GOOD', photos: [otherPhoto.body.url] }, await demoOps());
    // This item's photo path, but on another origin than the one that publishes the photos.
    const ownPhoto = await call('POST', `/v1/passports/${id}/photos`, { contentType: 'image/png', size: PNG.length }, await demoOps());
    const elsewhere = `https://photos.example.net${new URL(ownPhoto.body.url).pathname}`;
    const foreignOrigin = await call('POST', `/v1/passports/${id}/grading`, { grade: 'GOOD', photos: [ownPhoto.body.url, elsewhere] }, await demoOps());

    expect(refused.status).toBe(422);
    expect(foreignOrigin.status).toBe(422);
    // Its address was issued, but nothing was PUT there: a listing would show a broken image.
    expect(foreignOrigin.body.errors).toEqual([
      expect.objectContaining({ path: ['photos', 0], message: expect.stringContaining('never uploaded') }),
      expect.objectContaining({ path: ['photos', 1] }),
    ]);
    expect((await passportOf(id)).state).toBe('RECEIVED');

    const put = await fetch(ownPhoto.body.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: PNG });
    await put.body?.cancel();
    expect(put.status).toBe(200);
    expect(await call('POST', `/v1/passports/${id}/grading`, { grade: 'GOOD', photos: [ownPhoto.body.url] }, await demoOps())).toMatchObject({ status: 200, body: { state: 'GRADED' } });
  });
});
