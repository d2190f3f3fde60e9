import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BUSINESS_METRICS } from '../../shared/domain/business-metrics';
import { logger, publishCounts } from '../../shared/observability';
import { WebhookDeliverySchema } from '../../shared/schemas/webhooks';
import { brandWebhooks } from './compose';

const webhooks = brandWebhooks();

/**
 * The delivery queue → the brands' endpoints. A delivery that failed waits longer before each
 * try (the backoff) and is reported back, so SQS tries it again and dead-letters it after the last
 * try; the others of the batch are done.
 */
const processor = new BatchProcessor(EventType.SQS);

async function deliver(record: SQSRecord): Promise<void> {
  try {
    await webhooks.deliver(WebhookDeliverySchema.parse(JSON.parse(record.body)));
  } catch (error) {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount);
    logger.warn('webhook not delivered', { messageId: record.messageId, receiveCount, error: error as Error });
    await webhooks.retryLater(record.receiptHandle, receiveCount).catch((reason: unknown) => logger.warn('backoff not set', { error: reason as Error }));
    throw error;
  }
}

// One at a time, and a batch that failed whole is reported like any other, not thrown.
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const response = await processPartialResponse(event, deliver, processor, { processInParallel: false, throwOnFullBatchFailure: false });
  publishCounts(new Map([[BUSINESS_METRICS.webhookDeliveryFailures, response.batchItemFailures.length]]));
  return response;
};
