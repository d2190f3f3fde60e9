import { S3Client } from '@aws-sdk/client-s3';
import { withoutCallLogging } from '../sdk-client';

let shared: S3Client | undefined;

/** The one S3 client of an execution environment, made on first use; the local S3 server speaks path-style URLs only. */
export function s3Client(): S3Client {
  return (shared ??= withoutCallLogging(new S3Client({ forcePathStyle: process.env.KREISLAUF_S3_FORCE_PATH_STYLE === 'true' })));
}
