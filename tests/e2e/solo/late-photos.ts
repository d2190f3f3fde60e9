import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { call, eventually } from '../client';
import { admin } from '../payouts-support';
import { platform } from '../platform';
import { aTakeBack } from '../support';
import { advanceClock } from '../warehouse';

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

    // The deletion runs every five minutes.
    await advanceClock(5 * 60);

    await eventually(async () => ((await customerPhotoFilesOf(id)).length === 0 ? true : undefined), 'the late photo deleted');
  });

});
