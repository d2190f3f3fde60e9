import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge/event-publisher';
import { requiredEnv } from '../../shared/config';
import { logger } from '../../shared/observability';
import { PassportEventDetailSchema, type PassportEventDetail } from '../../shared/schemas/events';

const publisher = new EventBridgePublisher(requiredEnv('EVENT_BUS_NAME'));

/**
 * The table's stream → the EventBridge bus: every new passport event item is published once as a
 * domain event. Failed records are reported so that the stream retries from the first of them.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const pending: { sequenceNumber: string; detail: PassportEventDetail }[] = [];
  for (const record of event.Records) {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
    const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
    if (item.entity !== 'PassportEvent') continue;
    const { PK: _pk, SK: _sk, entity: _entity, ...stored } = item;
    const detail = PassportEventDetailSchema.parse({ ...stored, eventId: `${stored.passportId}/${stored.seq}` });
    pending.push({ sequenceNumber: record.dynamodb.SequenceNumber!, detail });
  }
  const failed = new Set(await publisher.publish(pending.map((entry) => entry.detail)));
  if (failed.size > 0) logger.warn('events not published', { eventIds: [...failed] });
  return {
    batchItemFailures: pending
      .filter((entry) => failed.has(entry.detail.eventId))
      .map((entry) => ({ itemIdentifier: entry.sequenceNumber })),
  };
};
