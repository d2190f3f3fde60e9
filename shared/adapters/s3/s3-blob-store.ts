import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, paginateListObjectsV2, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { BlobStore } from '../../ports/blob-store';

/** The BlobStore on one private S3 bucket. */
export class S3BlobStore implements BlobStore {
  constructor(private readonly bucket: string, private readonly s3: S3Client) {}

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }

  /** Needs `s3:ListBucket` on the bucket, which the stack grants only for the prefixes a function lists (condition `s3:prefix`). */
  keysUnder(prefix: string): Promise<string[]> {
    return keysUnder(this.s3, this.bucket, prefix);
  }

  /** In the versioned bucket a delete leaves the object's versions behind, which its lifecycle rule expires (`infra/constructs/data.ts`). */
  async delete(key: string): Promise<void> {
    await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async get(key: string): Promise<{ body: Uint8Array; contentType: string } | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!object.Body) return undefined;
      return { body: await object.Body.transformToByteArray(), contentType: object.ContentType ?? 'application/octet-stream' };
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }
}

/** The keys of every object under `prefix` in `bucket`, page after page. */
export async function keysUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
  }
  return keys;
}
