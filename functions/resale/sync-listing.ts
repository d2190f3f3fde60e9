import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../shared/observability';
import { ListingChangeMessageSchema } from '../../shared/schemas/resale-api';
import { resaleService } from './compose';

const service = resaleService();

/**
 * The listing-change FIFO queue → the channels. A change that fails is reported back for SQS to
 * retry (and dead-letter after the last try); so are the later changes of the same passport in
 * the batch, which must not overtake it, while other passports' changes go on.
 */
const processor = new SqsFifoPartialProcessorAsync();

async function apply(record: SQSRecord): Promise<void> {
  try {
    await service.syncListing(ListingChangeMessageSchema.parse(JSON.parse(record.body)));
  } catch (error) {
    logger.warn('listing change not applied', { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount, error: error as Error });
    throw error;
  }
}

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> =>
  processPartialResponse(event, apply, processor, { skipGroupOnError: true, throwOnFullBatchFailure: false });
