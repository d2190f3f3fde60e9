import type { _Record as SdkStreamRecord } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { isRecord } from './template';

// The SDK hands binary attributes over as bytes; Lambda's event carries them base64-encoded.
function jsonAttributes(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(jsonAttributes);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, jsonAttributes(item)]));
  return value;
}

/**
 * Turns a record read from DynamoDB Streams into the record Lambda delivers in a DynamoDB stream
 * event, carrying the mapping's event source ARN and region.
 */
export function toLambdaStreamRecord(record: SdkStreamRecord, eventSourceArn: string, region: string): DynamoDBRecord {
  const stream = record.dynamodb ?? {};
  const created = stream.ApproximateCreationDateTime;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
      Keys: jsonAttributes(stream.Keys),
      ...(stream.NewImage ? { NewImage: jsonAttributes(stream.NewImage) } : {}),
      ...(stream.OldImage ? { OldImage: jsonAttributes(stream.OldImage) } : {}),
      SequenceNumber: stream.SequenceNumber,
      SizeBytes: stream.SizeBytes,
      StreamViewType: stream.StreamViewType,
    } as DynamoDBRecord['dynamodb'],
    eventSourceARN: eventSourceArn,
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
  };
}
