import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../../shared/observability';
import { WebhookDeliverySchema } from '../../shared/schemas/webhooks';
import { brandWebhooks } from './compose';

const webhooks = brandWebhooks();

/**
 * The dead-letter queue of deliveries → the brand's dead letters in the table, where its admins
 * replay them (a brand replays its own deliveries, never another's).
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await webhooks.recordDeadLetter(record.messageId, WebhookDeliverySchema.parse(JSON.parse(record.body)));
    } catch (error) {
      logger.error('dead letter not recorded', { messageId: record.messageId, error: error as Error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
