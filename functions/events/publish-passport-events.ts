import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { passportEventsIn } from '../../shared/adapters/dynamodb/passport-event-stream';
import { eventBridgeClient } from '../../shared/adapters/eventbridge/client';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge/event-publisher';
import { requiredEnv } from '../../shared/config';
import { businessMetricsOf } from '../../shared/domain/business-metrics';
import { logger, publishCounts } from '../../shared/observability';

const publisher = new EventBridgePublisher(requiredEnv('EVENT_BUS_NAME'), eventBridgeClient());

/**
 * The table's stream → the EventBridge bus: every new passport event item is published once as a
 * domain event. Failed records are reported so that the stream retries from the first of them.
 * The published events count as business metrics (take-backs requested, labels created...), at
 * least once: a retried batch publishes and counts again the events after the first failed one.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const events = passportEventsIn(event.Records);
  const failed = new Set(await publisher.publish(events.map((entry) => entry.detail)));
  if (failed.size > 0) logger.warn('events not published', { eventIds: [...failed] });
  publishCounts(businessMetricsOf(events.filter((entry) => !failed.has(entry.detail.eventId)).map((entry) => entry.detail.type)));
  return { batchItemFailures: events.filter((entry) => failed.has(entry.detail.eventId)).map((entry) => ({ itemIdentifier: entry.sequenceNumber })) };
};
