import { QueueListingsTaskSchema } from '../../shared/schemas/resale-api';
import { listingChangeQueue } from './compose';

const queue = listingChangeQueue();

/** ListingWorkflow, second step: one message per listing on the FIFO queue the sync function applies. */
export const handler = async (input: unknown) => {
  const { changes } = QueueListingsTaskSchema.parse(input);
  await queue.send(changes, 'listed');
  return { queued: changes.length };
};
