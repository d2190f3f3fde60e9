import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { S3PhotoUploads } from '../../shared/adapters/s3/s3-photo-uploads';
import { customerPhotoKey, isPhotoOf, photoKey } from '../../shared/domain/photos';
import { PhotoUploadRequestSchema } from '../../shared/schemas/staff';

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

  it('takes JPEG, PNG and WebP uploads and nothing else', () => {
    expect(PhotoUploadRequestSchema.parse({ contentType: 'image/webp' })).toEqual({ contentType: 'image/webp' });
    for (const body of [{}, { contentType: 'image/gif' }, { contentType: 'text/html' }, { contentType: 'image/png', key: 'x' }]) {
      expect(PhotoUploadRequestSchema.safeParse(body).success).toBe(false);
    }
  });

  it("recognises a photo of the passport at a virtual-hosted or path-style bucket address, and no other item's or brand's", () => {
    const key = photoKey('demo', PASSPORT, PHOTO, 'image/png');
    expect(isPhotoOf(`https://b.s3.eu-central-1.amazonaws.com/${key}`, 'demo', PASSPORT)).toBe(true);
    expect(isPhotoOf(`http://127.0.0.1:4569/b/${key}`, 'demo', PASSPORT)).toBe(true);
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
      expect(isPhotoOf(url, 'demo', PASSPORT)).toBe(false);
    }
  });
});

describe('presigned photo uploads on S3', () => {
  it('signs the content type and the expiry into the upload address, and gives the object address without the signature', async () => {
    const s3 = new S3Client({ region: 'eu-central-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
    const key = photoKey('demo', PASSPORT, PHOTO, 'image/png');

    const { uploadUrl, url } = await new S3PhotoUploads('kreislauf-data', s3).uploadUrl(key, 'image/png', 900);

    const signed = new URL(uploadUrl);
    expect(signed.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(signed.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('content-type');
    expect(url).toBe(`https://kreislauf-data.s3.eu-central-1.amazonaws.com/${key}`);
    expect(isPhotoOf(url, 'demo', PASSPORT)).toBe(true);
  });
});
