import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { detailOf } from '../../shared/adapters/eventbridge/bus-event';
import { logger } from '../../shared/observability';
import { RouteOverriddenSchema } from '../../shared/schemas/events';
import { RepairJobMessageSchema, type RepairJobMessage } from '../../shared/schemas/repair';
import { repairNetwork } from './compose';

const service = repairNetwork();

/**
 * The job delivery queue → the partners' endpoints: each job, and each withdrawal of a job the
 * partner received, is sent as a signed webhook. A message whose partner did not take it is
 * reported back, so SQS retries it after the visibility timeout and dead-letters it after the last
 * try; the others of the batch are done.
 */
const processor = new BatchProcessor(EventType.SQS);

async function deliver(record: SQSRecord): Promise<void> {
  try {
    await service.deliverJob(messageOf(JSON.parse(record.body)));
  } catch (error) {
    logger.warn('repair job not delivered', { messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount, error: error as Error });
    throw error;
  }
}

/**
 * The job a message names. `npm run redrive -- repair-jobs` also moves back what the withdrawals' rule could not queue,
 * which EventBridge may keep as the whole `RouteOverridden` event: its withdrawn job is the one named.
 */
function messageOf(body: unknown): RepairJobMessage {
  const detail = detailOf(body);
  if (detail === body) return RepairJobMessageSchema.parse(body);
  const event = RouteOverriddenSchema.parse(detail);
  if (!event.data.withdrawn) throw new Error(`Event ${event.eventId} withdrew no repair job.`);
  return RepairJobMessageSchema.parse({ passportId: event.passportId, jobId: event.data.withdrawn.jobId });
}

// One at a time, and a batch that failed whole is reported like any other, not thrown.
export const handler = (event: SQSEvent): Promise<SQSBatchResponse> =>
  processPartialResponse(event, deliver, processor, { processInParallel: false, throwOnFullBatchFailure: false });
