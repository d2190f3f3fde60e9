import { randomUUID } from 'node:crypto';
import { ChangeMessageVisibilityBatchCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ListingChange } from '../../domain/listings';
import type { ListingChangeQueue } from '../../services/resale-service';
import { sqsClient } from './client';

/** SQS takes at most ten messages per batch. */
const BATCH_SIZE = 10;

/**
 * The listing changes on an SQS FIFO queue. The passport is the message group, so one item's
 * changes reach the channels in the order they were made, while other items go in parallel.
 * Every message says only "bring this listing in line with our record", so a duplicate is
 * harmless and each gets its own deduplication id.
 */
export class SqsListingChangeQueue implements ListingChangeQueue {
  constructor(private readonly queueUrl: string, private readonly client: SQSClient = sqsClient()) {}

  async send(changes: readonly ListingChange[], reason: string): Promise<void> {
    for (let start = 0; start < changes.length; start += BATCH_SIZE) {
      const batch = changes.slice(start, start + BATCH_SIZE);
      const result = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((change, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify({ passportId: change.passportId, channel: change.channel, reason }),
            MessageGroupId: change.passportId,
            MessageDeduplicationId: randomUUID(),
          })),
        }),
      );
      if ((result.Failed ?? []).length > 0) throw new Error(`${result.Failed!.length} listing changes could not be queued: ${result.Failed![0]!.Message}`);
    }
  }

  /**
   * Puts received changes back on the queue in `seconds` (their visibility timeout from now), by
   * their receipt handles. Answers the handles SQS did not take, which come back when the
   * queue's own visibility timeout ends.
   */
  async retryLater(receiptHandles: readonly string[], seconds: number): Promise<string[]> {
    const refused: string[] = [];
    for (let start = 0; start < receiptHandles.length; start += BATCH_SIZE) {
      const batch = receiptHandles.slice(start, start + BATCH_SIZE);
      const result = await this.client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((receiptHandle, index) => ({ Id: String(index), ReceiptHandle: receiptHandle, VisibilityTimeout: seconds })),
        }),
      );
      refused.push(...(result.Failed ?? []).map((failure) => batch[Number(failure.Id)]!));
    }
    return refused;
  }
}
