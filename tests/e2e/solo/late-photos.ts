import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, eventually } from '../client';
import { admin } from '../payouts-support';
import { platform } from '../platform';
import { aTakeBack } from '../support';
import { advanceClock, aLabelledTakeBack, demoOps } from '../warehouse';

// On a platform of its own: the deletion of late photos runs on a schedule of the platform clock, which this test moves.

const erasureOf = (id: string) => `/v1/passports/${id}/erasure`;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/** The files of the customer's photos of a passport in the local S3 server's folder: what the bucket holds, whoever put it there. */
async function customerPhotoFilesOf(id: string): Promise<string[]> {
  const files = await readdir(join(platform().home, 's3'), { recursive: true });
  return files.filter((file) => file.includes(`${id}/customer/`) && file.endsWith('_object'));
}

describe("a customer's photo that comes after the erasure of their data", () => {
  it('deletes by itself, within minutes, a photo the customer uploads after the erasure through an address given before', async () => {
    const { id, trackingToken } = await aTakeBack();
    const token = encodeURIComponent(trackingToken);
    const photo = await call('POST', `/v1/take-backs/${id}/photos?token=${token}`, { contentType: 'image/png', size: PNG.length });
    expect(photo.status).toBe(201);
    expect((await call('POST', `/v1/take-backs/${id}/cancellation?token=${token}`)).status).toBe(200);
    expect((await call('POST', erasureOf(id), { reason: 'Ticket 4717' }, { ...(await admin()), 'idempotency-key': randomUUID() })).status).toBe(200);
    const put = await fetch(photo.body.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: PNG });
    await put.body?.cancel();
    expect(put.status).toBe(200);
    expect(await customerPhotoFilesOf(id)).toHaveLength(1);

    // A take-back not cancelled: the address issued while the label was made, the parcel received, rejected and its
    // data erased within the address's 15 minutes (until 7 December 2026 only cancelled take-backs were looked at).
    const rejected = await aLabelledTakeBack();
    const rejectedToken = encodeURIComponent(rejected.trackingToken);
    const early = await call('POST', `/v1/take-backs/${rejected.id}/photos?token=${rejectedToken}`, { contentType: 'image/png', size: PNG.length });
    expect(early.status).toBe(201);
    expect((await call('POST', `/v1/passports/${rejected.id}/receipt`, {}, await demoOps())).status).toBe(200);
    expect((await call('POST', `/v1/passports/${rejected.id}/rejection`, { reason: 'EMPTY', notes: 'Only packing paper in the box' }, { ...(await demoOps()), 'idempotency-key': randomUUID() })).status).toBe(200);
    const erased = await call('POST', erasureOf(rejected.id), { reason: 'Ticket 4718' }, { ...(await admin()), 'idempotency-key': randomUUID() });
    expect(erased).toMatchObject({ status: 200, body: { state: 'REJECTED' } });
    const latePut = await fetch(early.body.uploadUrl, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: PNG });
    await latePut.body?.cancel();
    expect(latePut.status).toBe(200);
    expect(await customerPhotoFilesOf(rejected.id)).toHaveLength(1);

    // The deletion runs every five minutes.
    await advanceClock(5 * 60);

    await eventually(async () => ((await customerPhotoFilesOf(id)).length === 0 ? true : undefined), 'the late photo deleted');
    await eventually(async () => ((await customerPhotoFilesOf(rejected.id)).length === 0 ? true : undefined), 'the late photo of the rejected parcel deleted');
  });

});
