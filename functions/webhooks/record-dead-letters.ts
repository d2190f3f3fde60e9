import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BUSINESS_METRICS } from '../../shared/domain/business-metrics';
import { logger, publishCounts } from '../../shared/observability';
import { WebhookDeliverySchema } from '../../shared/schemas/webhooks';
import { webhookDeadLetters } from './compose';

const webhooks = webhookDeadLetters();

/**
 * The dead-letter queue of deliveries → the brand's dead letters in the table, where its admins
 * replay them (a brand replays its own deliveries, never another's).
 */
const processor = new BatchProcessor(EventType.SQS);

async function record(message: SQSRecord): Promise<void> {
  try {
    await webhooks.recordDeadLetter(message.messageId, WebhookDeliverySchema.parse(JSON.parse(message.body)));
  } catch (error) {
    logger.error('dead letter not recorded', { messageId: message.messageId, error: error as Error });
    throw error;
  }
}

// One at a time, and a batch that failed whole is reported like any other, not thrown.
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const response = await processPartialResponse(event, record, processor, { processInParallel: false, throwOnFullBatchFailure: false });
  publishCounts(new Map([[BUSINESS_METRICS.webhookDeadLetters, event.Records.length - response.batchItemFailures.length]]));
  return response;
};
