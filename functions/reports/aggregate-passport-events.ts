import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { detailOf } from '../../shared/adapters/eventbridge/bus-event';
import { logger } from '../../shared/observability';
import { PassportEventDetailSchema, type PassportEventDetail } from '../../shared/schemas/events';
import { EventAggregation } from '../../shared/services/event-aggregation';
import { impactFactors } from '../../shared/services/passport-impact';
import { aggregateStore, brandConfigs } from './compose';

const aggregation = new EventAggregation({ aggregates: aggregateStore(), brandConfig: brandConfigs(), factors: impactFactors() });

/**
 * The report aggregates' queue (passport events from the bus) → the aggregates. An event counts
 * once however often it arrives; one that could not be counted is handed back to the queue,
 * which delivers it again and dead-letters it after its last try. A message may also be a whole
 * bus event (`npm run redrive -- aggregation` moves back what the rule's target dead-lettered,
 * which EventBridge may keep whole): its `detail` is the passport event.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const messagesOf = new Map<string, string[]>();
  const events: PassportEventDetail[] = [];
  for (const record of event.Records) {
    const parsed = PassportEventDetailSchema.safeParse(detailOf(jsonOf(record.body)));
    // Not an event of the catalogue: no redelivery would make it one.
    if (!parsed.success) {
      logger.error('not a passport event', { messageId: record.messageId, issues: parsed.error.issues });
      continue;
    }
    events.push(parsed.data);
    messagesOf.set(parsed.data.eventId, [...(messagesOf.get(parsed.data.eventId) ?? []), record.messageId]);
  }
  let failed: string[];
  try {
    const outcome = await aggregation.aggregate(events);
    if (outcome.duplicates.length > 0) logger.info('events counted before', { eventIds: outcome.duplicates });
    if (outcome.failed.length > 0) logger.warn('events not counted now', { eventIds: outcome.failed });
    failed = outcome.failed;
  } catch (error) {
    logger.warn('events not counted', { error: error as Error });
    failed = events.map((entry) => entry.eventId);
  }
  return { batchItemFailures: failed.flatMap((eventId) => messagesOf.get(eventId) ?? []).map((itemIdentifier) => ({ itemIdentifier })) };
};

function jsonOf(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
