import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../../shared/observability';
import { ListingChangeMessageSchema } from '../../shared/schemas/resale-api';
import { resaleService } from './compose';

const service = resaleService();

/**
 * The listing-change FIFO queue → the channels. A change that fails is reported back for SQS to
 * retry (and dead-letter after the last try); so are the later changes of the same passport in
 * the batch, which must not overtake it.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  const blockedGroups = new Set<string>();
  for (const record of event.Records) {
    const group = record.attributes.MessageGroupId ?? '';
    if (blockedGroups.has(group)) {
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    try {
      await service.syncListing(ListingChangeMessageSchema.parse(JSON.parse(record.body)));
    } catch (error) {
      logger.warn('listing change not applied', { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount, error: error as Error });
      blockedGroups.add(group);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
