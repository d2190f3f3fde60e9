import { ChangeMessageVisibilityCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { WebhookQueue } from '../../ports/webhook-delivery';
import type { WebhookDelivery } from '../../schemas/webhooks';

/** SendMessageBatch takes at most 10 messages. */
const BATCH = 10;

/** The WebhookQueue on an SQS queue whose redrive policy dead-letters a delivery after its last try. */
export class SqsWebhookQueue implements WebhookQueue {
  constructor(private readonly queueUrl: string, private readonly sqs: SQSClient) {}

  async enqueue(deliveries: WebhookDelivery[]): Promise<void> {
    for (let i = 0; i < deliveries.length; i += BATCH) {
      const batch = deliveries.slice(i, i + BATCH);
      const result = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((delivery, index) => ({ Id: String(index), MessageBody: JSON.stringify(delivery) })),
        }),
      );
      if (result.Failed && result.Failed.length > 0) {
        throw new Error(`SQS refused ${result.Failed.length} webhook deliveries: ${result.Failed.map((f) => f.Code).join(', ')}`);
      }
    }
  }

  async retryLater(receipt: string, delaySeconds: number): Promise<void> {
    await this.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receipt, VisibilityTimeout: delaySeconds }));
  }
}
