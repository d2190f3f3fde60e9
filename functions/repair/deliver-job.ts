import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../../shared/observability';
import { RepairJobMessageSchema } from '../../shared/schemas/repair';
import { repairNetwork } from './compose';

const service = repairNetwork();

/**
 * The job delivery queue → the partners' endpoints: each job is sent as a signed webhook. A job
 * whose partner did not take it is reported back, so SQS retries it after the visibility timeout
 * and dead-letters it after the last try; the others of the batch are done.
 */
const processor = new BatchProcessor(EventType.SQS);

async function deliver(record: SQSRecord): Promise<void> {
  try {
    await service.deliverJob(RepairJobMessageSchema.parse(JSON.parse(record.body)));
  } catch (error) {
    logger.warn('repair job not delivered', { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount, error: error as Error });
    throw error;
  }
}

// One at a time, and a batch that failed whole is reported like any other, not thrown.
export const handler = (event: SQSEvent): Promise<SQSBatchResponse> =>
  processPartialResponse(event, deliver, processor, { processInParallel: false, throwOnFullBatchFailure: false });
