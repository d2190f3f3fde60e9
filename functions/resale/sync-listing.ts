import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { LISTING_SYNC_RETRY_SECONDS } from '../../shared/domain/listings';
import { logger } from '../../shared/observability';
import { ListingChangeMessageSchema } from '../../shared/schemas/resale-api';
import { listingChangeQueue, resaleService } from './compose';

const service = resaleService();
const queue = listingChangeQueue();

/**
 * The listing-change FIFO queue → the channels. A change that fails is reported back for SQS to
 * retry (and dead-letter after the last try); so are the later changes of the same passport in
 * the batch, which must not overtake it, while other passports' changes go on. Each one reported
 * back is due again in LISTING_SYNC_RETRY_SECONDS, not when the queue's longer visibility timeout
 * ends; a batch whose invocation fails as a whole waits for that.
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

/** Sets the next try of the changes reported back; one that cannot be set keeps the queue's timeout. */
async function retrySoon(event: SQSEvent, response: SQSBatchResponse): Promise<void> {
  const failed = new Set(response.batchItemFailures.map(({ itemIdentifier }) => itemIdentifier));
  const receipts = event.Records.filter((record) => failed.has(record.messageId)).map((record) => record.receiptHandle);
  if (receipts.length === 0) return;
  try {
    const refused = await queue.retryLater(receipts, LISTING_SYNC_RETRY_SECONDS);
    if (refused.length > 0) logger.warn('next try of listing changes not set', { refused: refused.length });
  } catch (error) {
    logger.warn('next try of listing changes not set', { error: error as Error });
  }
}

export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const response = await processPartialResponse(event, apply, processor, { skipGroupOnError: true, throwOnFullBatchFailure: false });
  await retrySoon(event, response);
  return response;
};
