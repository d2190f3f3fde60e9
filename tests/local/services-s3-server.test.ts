import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAwsChunked } from '../../local/services/aws-chunked';
import { PlatformClock } from '../../local/services/clock';
import { startS3Server } from '../../local/services/s3-server';

function client(endpoint: string, checksums: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED' = 'WHEN_SUPPORTED'): S3Client {
  return new S3Client({
    endpoint,
    region: 'eu-central-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestChecksumCalculation: checksums,
  });
}

describe('local S3 server', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'kreislauf-s3-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('stores and returns objects through the AWS SDK, and nothing to an unsigned request', async () => {
    const server = await startS3Server({ directory });
    try {
      const s3 = client(server.endpoint);
      const pdf = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff]);
      await s3.send(new CreateBucketCommand({ Bucket: 'labels' }));
      await s3.send(new PutObjectCommand({ Bucket: 'labels', Key: 'p/01J/label.pdf', Body: pdf, ContentType: 'application/pdf' }));

      const head = await s3.send(new HeadObjectCommand({ Bucket: 'labels', Key: 'p/01J/label.pdf' }));
      expect(head.ContentType).toBe('application/pdf');
      expect(head.ContentLength).toBe(pdf.length);

      const object = await s3.send(new GetObjectCommand({ Bucket: 'labels', Key: 'p/01J/label.pdf' }));
      expect(await object.Body?.transformToByteArray()).toEqual(pdf);
      // The template's buckets block public access: a request signed neither way is refused, as by S3.
      const anonymous = await fetch(`${server.endpoint}/labels/p/01J/label.pdf`);
      expect(anonymous.status).toBe(403);
      expect(await anonymous.text()).toContain('<Code>AccessDenied</Code>');
    } finally {
      await server.stop();
    }
  });

  it('takes a streamed upload, which the SDK sends aws-chunked with a trailing checksum', async () => {
    const server = await startS3Server({ directory });
    try {
      const s3 = client(server.endpoint);
      const csv = Buffer.from('sku;grade\n' + 'JACKET-1;GOOD\n'.repeat(10_000));
      await s3.send(new CreateBucketCommand({ Bucket: 'reports' }));
      await s3.send(
        new PutObjectCommand({
          Bucket: 'reports',
          Key: 'impact.csv',
          Body: Readable.from([csv.subarray(0, 70_000), csv.subarray(70_000)]),
          ContentLength: csv.length,
          ContentType: 'text/csv',
        }),
      );

      const object = await s3.send(new GetObjectCommand({ Bucket: 'reports', Key: 'impact.csv' }));
      expect(object.ContentType).toBe('text/csv');
      expect(object.ContentEncoding).toBeUndefined();
      expect(Buffer.from(await object.Body!.transformToByteArray()).equals(csv)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('keeps objects in its directory across a restart', async () => {
    const first = await startS3Server({ directory });
    await client(first.endpoint).send(new CreateBucketCommand({ Bucket: 'photos' }));
    await client(first.endpoint).send(new PutObjectCommand({ Bucket: 'photos', Key: 'a.txt', Body: 'kept' }));
    await first.stop();

    const second = await startS3Server({ directory });
    try {
      const object = await client(second.endpoint).send(new GetObjectCommand({ Bucket: 'photos', Key: 'a.txt' }));
      expect(await object.Body?.transformToString()).toBe('kept');
    } finally {
      await second.stop();
    }
  });

  it('answers a missing object with NoSuchKey', async () => {
    const server = await startS3Server({ directory });
    try {
      const s3 = client(server.endpoint);
      await s3.send(new CreateBucketCommand({ Bucket: 'exports' }));
      await expect(s3.send(new GetObjectCommand({ Bucket: 'exports', Key: 'missing.csv' }))).rejects.toMatchObject({
        name: 'NoSuchKey',
      });
    } finally {
      await server.stop();
    }
  });
  it('takes requests signed on a platform clock moved days ahead, as the functions sign them, and from clients on real time', async () => {
    const clock = new PlatformClock();
    await clock.advance(3 * 86_400);
    const server = await startS3Server({ directory, clock });
    try {
      // One attempt: the SDK would otherwise correct its clock after a RequestTimeTooSkewed and retry.
      const s3 = new S3Client({
        endpoint: server.endpoint,
        region: 'eu-central-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        systemClockOffset: clock.offsetMs,
        maxAttempts: 1,
      });
      await s3.send(new CreateBucketCommand({ Bucket: 'moved-clock' }));
      await s3.send(new PutObjectCommand({ Bucket: 'moved-clock', Key: 'label.pdf', Body: 'pdf' }));

      const object = await s3.send(new GetObjectCommand({ Bucket: 'moved-clock', Key: 'label.pdf' }));
      const onRealTime = client(server.endpoint);
      const again = await onRealTime.send(new GetObjectCommand({ Bucket: 'moved-clock', Key: 'label.pdf' }));

      expect(await object.Body?.transformToString()).toBe('pdf');
      expect(await again.Body?.transformToString()).toBe('pdf');
      s3.destroy();
      onRealTime.destroy();
    } finally {
      await server.stop();
      clock.stop();
    }
  });

  it('lets a presigned URL expire on the platform clock', async () => {
    const clock = new PlatformClock();
    await clock.advance(3 * 86_400);
    const server = await startS3Server({ directory, clock });
    try {
      const s3 = client(server.endpoint);
      await s3.send(new CreateBucketCommand({ Bucket: 'presigned' }));
      await s3.send(new PutObjectCommand({ Bucket: 'presigned', Key: 'photo.jpg', Body: 'jpg' }));
      const presigned = (signedAt: number) =>
        getSignedUrl(s3, new GetObjectCommand({ Bucket: 'presigned', Key: 'photo.jpg' }), { expiresIn: 300, signingDate: new Date(signedAt) });

      const fresh = await fetch(await presigned(clock.now() - 60_000));
      const stale = await fetch(await presigned(clock.now() - 600_000));

      expect(fresh.status).toBe(200);
      expect(await fresh.text()).toBe('jpg');
      expect(stale.status).toBe(403);
      s3.destroy();
    } finally {
      await server.stop();
      clock.stop();
    }
  });

  it('checks a presigned upload as S3 does: its signature over the type and length it was given, and a checksum signed into it', async () => {
    const server = await startS3Server({ directory });
    try {
      const s3 = client(server.endpoint);
      await s3.send(new CreateBucketCommand({ Bucket: 'uploads' }));
      const withoutChecksums = client(server.endpoint, 'WHEN_REQUIRED');
      const photo = Buffer.from('five!');
      const url = await getSignedUrl(withoutChecksums, new PutObjectCommand({ Bucket: 'uploads', Key: 'photo.png', ContentType: 'image/png', ContentLength: photo.length }), {
        signableHeaders: new Set(['content-type', 'content-length']),
      });
      const put = async (address: string, body: Buffer, contentType = 'image/png') => {
        const answer = await fetch(address, { method: 'PUT', headers: { 'content-type': contentType }, body });
        return { status: answer.status, text: await answer.text() };
      };
      const stored = async () => (await s3.send(new GetObjectCommand({ Bucket: 'uploads', Key: 'photo.png' }))).Body?.transformToString();

      expect((await put(url, photo)).status).toBe(200);
      const longer = await put(url, Buffer.from('six!!!'));
      const otherType = await put(url, photo, 'image/jpeg');
      const signature = new URL(url).searchParams.get('X-Amz-Signature') ?? '';
      const tampered = await put(url.replace(signature, `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`), photo);
      const otherKey = await put(url.replace('X-Amz-Credential=local', 'X-Amz-Credential=someone'), photo);

      for (const refused of [longer, otherType, tampered]) {
        expect(refused.status).toBe(403);
        expect(refused.text).toContain('<Code>SignatureDoesNotMatch</Code>');
      }
      expect(otherKey.status).toBe(403);
      expect(otherKey.text).toContain('<Code>InvalidAccessKeyId</Code>');
      expect(await stored()).toBe('five!');

      // The SDK's default signs the CRC32 of the body it has; a presigned upload has none yet.
      const emptyChecksum = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'uploads', Key: 'photo.png', ContentType: 'image/png' }), {
        signableHeaders: new Set(['content-type']),
      });
      expect(new URL(emptyChecksum).searchParams.get('x-amz-checksum-crc32')).toBe('AAAAAA==');
      const badDigest = await put(emptyChecksum, Buffer.from('other'));
      expect(badDigest.status).toBe(400);
      expect(badDigest.text).toContain('<Code>BadDigest</Code>');
      expect(await stored()).toBe('five!');
      expect((await put(emptyChecksum, Buffer.alloc(0))).status).toBe(200);
      s3.destroy();
      withoutChecksums.destroy();
    } finally {
      await server.stop();
    }
  });

});

describe('decodeAwsChunked', () => {
  it('joins the chunks and drops the trailer', () => {
    const body = Buffer.from('3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n');
    expect(decodeAwsChunked(body).toString()).toBe('abcde');
  });

  it('refuses a body that ends inside a chunk', () => {
    expect(() => decodeAwsChunked(Buffer.from('5\r\nabc'))).toThrow(/inside a chunk/);
  });
});
