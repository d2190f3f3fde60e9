import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { logger } from '../../shared/observability';
import { RepairJobMessageSchema } from '../../shared/schemas/repair';
import { repairNetwork } from './compose';

const service = repairNetwork();

/**
 * The job delivery queue → the partners' endpoints: each job is sent as a signed webhook. A job
 * whose partner did not take it is reported back, so SQS retries it after the visibility timeout
 * and dead-letters it after the last try; the others of the batch are done.
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    try {
      await service.deliverJob(RepairJobMessageSchema.parse(JSON.parse(record.body)));
    } catch (error) {
      logger.warn('repair job not delivered', { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount, error: error as Error });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
