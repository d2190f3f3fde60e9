import { sqsClient } from '../../shared/adapters/sqs/client';
import { SqsListingChangeQueue } from '../../shared/adapters/sqs/listing-change-queue';
import { requiredEnv } from '../../shared/config';
import { QueueListingsTaskSchema } from '../../shared/schemas/resale-api';

// The listing-change queue alone; not built in ./compose, whose imports bring the DynamoDB client along.
const queue = new SqsListingChangeQueue(requiredEnv('LISTING_QUEUE_URL'), sqsClient());

/** ListingWorkflow, second step: one message per listing on the FIFO queue the sync function applies. */
export const handler = async (input: unknown) => {
  const { changes } = QueueListingsTaskSchema.parse(input);
  await queue.send(changes, 'listed');
  return { queued: changes.length };
};
