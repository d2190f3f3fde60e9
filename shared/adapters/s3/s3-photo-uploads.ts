import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { publishedPhotoUrl } from '../../domain/photos';
import type { PhotoUploads, PhotoViews } from '../../ports/photo-uploads';
import { keysUnder } from './s3-blob-store';

/**
 * Presigned uploads into one S3 bucket. The content type and the length are part of the signature,
 * so S3 refuses an upload of another type or size. Give it the presigning client (`presigningS3Client`).
 * The photo's `url` is its object's address in the bucket, or, given `publishedAt` (the origin of the
 * photos' own distribution, `PHOTO_BASE_URL`, which serves grading photos under `/photos/`), its address
 * there: the bucket itself is private.
 */
export class S3PhotoUploads implements PhotoUploads {
  constructor(
    private readonly bucket: string,
    private readonly s3: S3Client,
    private readonly publishedAt?: string,
  ) {}

  async uploadUrl(key: string, contentType: string, size: number, expiresInSeconds: number): Promise<{ uploadUrl: string; url: string }> {
    const command = new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: size });
    const uploadUrl = await getSignedUrl(this.s3, command, {
      expiresIn: expiresInSeconds,
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    if (this.publishedAt) return { uploadUrl, url: publishedPhotoUrl(this.publishedAt, key) };
    const url = new URL(uploadUrl);
    url.search = '';
    return { uploadUrl, url: url.toString() };
  }
}

/** Presigned reads of single objects of one S3 bucket, the customer's photos kept private. */
export class S3PhotoViews implements PhotoViews {
  constructor(private readonly bucket: string, private readonly s3: S3Client) {}

  viewUrl(key: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInSeconds });
  }

  /** Needs `s3:ListBucket` on the bucket for the prefix (the stack grants it for the customers' photos only). */
  keysUnder(prefix: string): Promise<string[]> {
    return keysUnder(this.s3, this.bucket, prefix);
  }
}
