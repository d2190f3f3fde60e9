import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_CREDENTIALS } from '../../local/services/local-credentials';
import { startS3Server } from '../../local/services/s3-server';
import { S3BlobStore } from '../../shared/adapters/s3/s3-blob-store';
import { S3PhotoUploads } from '../../shared/adapters/s3/s3-photo-uploads';

/** One bucket on the local S3 server, with the adapters the functions build over it. */
export interface LocalBucket {
  /** The local S3 server's address, and the bucket's name on it. */
  endpoint: string;
  name: string;
  blobs: S3BlobStore;
  /** Presigns uploads as the functions do (`presigningS3Client`): checksums only where an operation needs one. */
  uploads: S3PhotoUploads;
  /** PUTs `body` to a presigned upload address as a browser does, and answers S3's status. */
  upload(uploadUrl: string, contentType: string, body: Uint8Array): Promise<number>;
  stop(): Promise<void>;
}

/**
 * A bucket on the local S3 server of the local cloud, in a folder of its own: the objects are
 * really stored, listed and deleted, and a presigned upload is checked as S3 checks it.
 */
export async function aLocalBucket(publishedAt?: string): Promise<LocalBucket> {
  const directory = await mkdtemp(join(tmpdir(), 'kreislauf-bucket-'));
  const server = await startS3Server({ directory });
  const client = (checksums: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED') =>
    new S3Client({ endpoint: server.endpoint, region: 'eu-central-1', forcePathStyle: true, credentials: LOCAL_CREDENTIALS, requestChecksumCalculation: checksums });
  const bucket = 'kreislauf-data';
  const s3 = client('WHEN_SUPPORTED');
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  return {
    endpoint: server.endpoint,
    name: bucket,
    blobs: new S3BlobStore(bucket, s3),
    uploads: new S3PhotoUploads(bucket, client('WHEN_REQUIRED'), publishedAt),
    async upload(uploadUrl, contentType, body) {
      const answer = await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': contentType }, body });
      await answer.body?.cancel();
      return answer.status;
    },
    async stop() {
      await server.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
