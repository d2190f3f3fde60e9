import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../../shared/observability';
import { WebhookDeliverySchema } from '../../shared/schemas/webhooks';
import { brandWebhooks } from './compose';

const webhooks = brandWebhooks();

/**
 * The delivery queue → the brands' endpoints. A delivery that failed waits longer before each
 * try (the backoff) and is reported back, so SQS tries it again and dead-letters it after the last
 * try; the others of the batch are done.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await webhooks.deliver(WebhookDeliverySchema.parse(JSON.parse(record.body)));
    } catch (error) {
      const receiveCount = Number(record.attributes.ApproximateReceiveCount);
      logger.warn('webhook not delivered', { messageId: record.messageId, receiveCount, error: error as Error });
      await webhooks.retryLater(record.receiptHandle, receiveCount).catch((reason: unknown) => logger.warn('backoff not set', { error: reason as Error }));
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
