import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { presigningS3Client } from '../../shared/adapters/s3/client';
import { S3PhotoUploads } from '../../shared/adapters/s3/s3-photo-uploads';
import { customerPhotoKey, PHOTO_MAX_BYTES, photoKey, photoKeyIn, PUBLISHED_PHOTO_PATH } from '../../shared/domain/photos';
import { PhotoUploadRequestSchema } from '../../shared/schemas/staff';
import { photosProblem } from '../../web/src/customer/photos-problem';

const PASSPORT = '01JD3V6Q8Z5W4X2Y1T0S9R8P7N';
const PHOTO = '01JD3V6Q8Z5W4X2Y1T0S9R8P7M';

describe('grading photos', () => {
  it('keeps each photo under its brand and passport, with the extension of its type', () => {
    expect(photoKey('demo', PASSPORT, PHOTO, 'image/jpeg')).toBe(`photos/demo/${PASSPORT}/${PHOTO}.jpg`);
    expect(photoKey('demo', PASSPORT, PHOTO, 'image/png')).toBe(`photos/demo/${PASSPORT}/${PHOTO}.png`);
    expect(photoKey('demo', PASSPORT, PHOTO, 'image/webp')).toBe(`photos/demo/${PASSPORT}/${PHOTO}.webp`);
  });

  it("keeps a customer's photo in its own folder under the passport", () => {
    expect(customerPhotoKey('demo', PASSPORT, PHOTO, 'image/jpeg')).toBe(`photos/demo/${PASSPORT}/customer/${PHOTO}.jpg`);
  });

  it('takes JPEG, PNG and WebP uploads of 1 byte to 10 MiB, with their size declared, and nothing else', () => {
    expect(PhotoUploadRequestSchema.parse({ contentType: 'image/webp', size: 1 })).toEqual({ contentType: 'image/webp', size: 1 });
    expect(PhotoUploadRequestSchema.parse({ contentType: 'image/jpeg', size: PHOTO_MAX_BYTES })).toEqual({ contentType: 'image/jpeg', size: 10_485_760 });
    for (const body of [
      {},
      { contentType: 'image/png' },
      { contentType: 'image/gif', size: 100 },
      { contentType: 'text/html', size: 100 },
      { contentType: 'image/png', size: 100, key: 'x' },
      { contentType: 'image/png', size: 0 },
      { contentType: 'image/png', size: PHOTO_MAX_BYTES + 1 },
      { contentType: 'image/png', size: 1.5 },
      { contentType: 'image/png', size: '100' },
    ]) {
      expect(PhotoUploadRequestSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
    const tooLarge = PhotoUploadRequestSchema.safeParse({ contentType: 'image/png', size: PHOTO_MAX_BYTES + 1 });
    expect(tooLarge.error?.issues).toMatchObject([{ path: ['size'], message: 'must be at most 10485760 bytes (10 MiB)' }]);
  });

  it("reads the key of a photo of the passport from a virtual-hosted or path-style bucket address, and of no other item's or brand's", () => {
    const key = photoKey('demo', PASSPORT, PHOTO, 'image/png');
    expect(photoKeyIn(`https://b.s3.eu-central-1.amazonaws.com/${key}`, 'demo', PASSPORT)).toBe(key);
    expect(photoKeyIn(`http://127.0.0.1:4569/b/${key}`, 'demo', PASSPORT)).toBe(key);
    expect(photoKeyIn(`https://d1a2b3c4.cloudfront.net/${key}`, 'demo', PASSPORT)).toBe(key);
    // Given the origin that publishes the photos, at that origin only.
    const published = 'https://d1a2b3c4.cloudfront.net';
    expect(photoKeyIn(`${published}/${key}`, 'demo', PASSPORT, published)).toBe(key);
    for (const elsewhere of [`https://photos.example.net/${key}`, `https://d1a2b3c4.cloudfront.net.example.net/${key}`, `http://d1a2b3c4.cloudfront.net/${key}`]) {
      expect(photoKeyIn(elsewhere, 'demo', PASSPORT, published), elsewhere).toBeUndefined();
    }
    // There, the address as the upload answered it and no other spelling: listings send it to the marketplaces as stored.
    for (const spelling of [
      `${published}/v1/brands/demo/catalog/x/${key}`,
      `${published}/${key}?q=%3Cscript%3E`,
      `${published}/${key}#frag`,
      `${published}/${key}?`,
      `https://user@d1a2b3c4.cloudfront.net/${key}`,
      `https://D1A2B3C4.cloudfront.net/${key}`,
      `https://d1a2b3c4.cloudfront.net:443/${key}`,
      `${published}//${key}`,
      `${published}/${key.replace('photos/', 'photos%2F')}`,
    ]) {
      expect(photoKeyIn(spelling, 'demo', PASSPORT, published), spelling).toBeUndefined();
    }
    expect(PUBLISHED_PHOTO_PATH.test(`/${key}`)).toBe(true);
    expect(PUBLISHED_PHOTO_PATH.test(`/${customerPhotoKey('demo', PASSPORT, PHOTO, 'image/png')}`)).toBe(false);
    for (const url of [
      `https://b.s3.amazonaws.com/${photoKey('demo', PHOTO, PASSPORT, 'image/png')}`,
      `https://b.s3.amazonaws.com/${photoKey('other', PASSPORT, PHOTO, 'image/png')}`,
      `https://b.s3.amazonaws.com/x${key}`,
      `https://b.s3.amazonaws.com/${key}/../../evil.png`,
      `https://b.s3.amazonaws.com/photos/demo/${PASSPORT}/cat.png`,
      `https://b.s3.amazonaws.com/photos/demo/${PASSPORT}/${PHOTO}.gif`,
      `https://b.s3.amazonaws.com/${customerPhotoKey('demo', PASSPORT, PHOTO, 'image/png')}`,
      'not a url',
    ]) {
      expect(photoKeyIn(url, 'demo', PASSPORT)).toBeUndefined();
    }
  });
});

describe('presigned photo uploads on S3', () => {
  beforeEach(() => {
    vi.stubEnv('AWS_REGION', 'eu-central-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
  });
  afterEach(() => vi.unstubAllEnvs());

  it('signs the content type, the length and the expiry into the upload address, and gives the object address without the signature', async () => {
    const key = photoKey('demo', PASSPORT, PHOTO, 'image/png');

    const { uploadUrl, url } = await new S3PhotoUploads('kreislauf-data', presigningS3Client()).uploadUrl(key, 'image/png', 2_345_678, 900);

    const signed = new URL(uploadUrl);
    expect(signed.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(signed.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(expect.arrayContaining(['content-type', 'content-length']));
    expect(url).toBe(`https://kreislauf-data.s3.eu-central-1.amazonaws.com/${key}`);
    expect(photoKeyIn(url, 'demo', PASSPORT)).toBe(key);
  });

  it("gives a grading photo's address at the origin that publishes the photos, when it has one", async () => {
    const key = photoKey('demo', PASSPORT, PHOTO, 'image/webp');

    const { uploadUrl, url } = await new S3PhotoUploads('kreislauf-data', presigningS3Client(), 'https://d1a2b3c4.cloudfront.net/').uploadUrl(key, 'image/webp', 5_000, 900);

    expect(url).toBe(`https://d1a2b3c4.cloudfront.net/${key}`);
    expect(new URL(uploadUrl).host).toBe('kreislauf-data.s3.eu-central-1.amazonaws.com');
  });

  it('signs no checksum into the address: the body is not there yet, and S3 would hold every photo to the checksum of nothing', async () => {
    const key = photoKey('demo', PASSPORT, PHOTO, 'image/jpeg');

    const { uploadUrl } = await new S3PhotoUploads('kreislauf-data', presigningS3Client()).uploadUrl(key, 'image/jpeg', 1_000, 900);

    const names = [...new URL(uploadUrl).searchParams.keys()].map((name) => name.toLowerCase());
    expect(names.filter((name) => name.startsWith('x-amz-checksum') || name === 'x-amz-sdk-checksum-algorithm')).toEqual([]);
  });
});

describe("the trade-in form's photos", () => {
  const messages = {
    photosTooMany: (limit: number) => `at most ${limit}`,
    photoWrongType: (name: string) => `${name}: type`,
    photoTooLarge: (name: string) => `${name}: size`,
  };
  const file = (name: string, bytes: number, type = 'image/jpeg') => new File([new Uint8Array(bytes)], name, { type });

  it('refuses an empty photo or one over 10 MiB before anything is sent, naming it', () => {
    expect(photosProblem([file('front.jpg', 3_000_000), file('back.png', PHOTO_MAX_BYTES, 'image/png')], messages)).toBeUndefined();
    expect(photosProblem([file('front.jpg', 3_000_000), file('huge.jpg', PHOTO_MAX_BYTES + 1)], messages)).toBe('huge.jpg: size');
    expect(photosProblem([file('empty.jpg', 0)], messages)).toBe('empty.jpg: size');
    expect(photosProblem([file('anim.gif', 10, 'image/gif')], messages)).toBe('anim.gif: type');
  });
});
