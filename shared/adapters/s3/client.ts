import { S3Client } from '@aws-sdk/client-s3';
import { withoutCallLogging } from '../sdk-client';

let shared: S3Client | undefined;
let presigning: S3Client | undefined;

/** The local S3 server speaks path-style URLs only. */
const forcePathStyle = () => process.env.KREISLAUF_S3_FORCE_PATH_STYLE === 'true';

/** The one S3 client of an execution environment, made on first use. */
export function s3Client(): S3Client {
  return (shared ??= withoutCallLogging(new S3Client({ forcePathStyle: forcePathStyle() })));
}

/**
 * The S3 client of a function that presigns uploads for browsers, and makes no other S3 call.
 * By default the SDK puts a CRC32 checksum of the body into every PutObject it signs; a presigned
 * upload has no body yet, so that would be the checksum of nothing (`AAAAAA==`), and S3 refuses
 * every real photo sent to such an address (BadDigest). Checksums only where an operation needs one.
 */
export function presigningS3Client(): S3Client {
  return (presigning ??= withoutCallLogging(new S3Client({ forcePathStyle: forcePathStyle(), requestChecksumCalculation: 'WHEN_REQUIRED' })));
}
