import {
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  PutBucketCorsCommand,
  type CORSRule,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Logger } from './log';
import { isRecord } from './template';

/** A bucket of the template: its invented name and resolved properties. */
export interface BucketDefinition {
  bucketName: string;
  properties: Record<string, unknown>;
}

function corsRules(properties: Record<string, unknown>): CORSRule[] {
  const configuration = properties.CorsConfiguration;
  if (!isRecord(configuration) || !Array.isArray(configuration.CorsRules)) return [];
  return configuration.CorsRules.filter(isRecord).map((rule) => ({
    ID: rule.Id as string | undefined,
    AllowedHeaders: rule.AllowedHeaders as string[] | undefined,
    AllowedMethods: rule.AllowedMethods as string[],
    AllowedOrigins: rule.AllowedOrigins as string[],
    ExposeHeaders: rule.ExposedHeaders as string[] | undefined,
    MaxAgeSeconds: rule.MaxAge === undefined ? undefined : Number(rule.MaxAge),
  }));
}

/**
 * Creates the template's buckets in the local S3 server (kept if they exist) with their CORS
 * rules, so browsers can use presigned URLs as they would in AWS.
 */
export async function ensureBuckets(client: S3Client, buckets: BucketDefinition[], log: Logger): Promise<void> {
  for (const bucket of buckets) {
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket.bucketName }));
      log.info(`created bucket ${bucket.bucketName}`);
    } catch (error) {
      const alreadyThere = error instanceof BucketAlreadyOwnedByYou || (error as Error).name === 'BucketAlreadyExists';
      if (!alreadyThere) throw error;
    }
    const rules = corsRules(bucket.properties);
    if (rules.length > 0) {
      await client.send(new PutBucketCorsCommand({ Bucket: bucket.bucketName, CORSConfiguration: { CORSRules: rules } }));
    }
  }
}
