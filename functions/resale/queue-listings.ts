import { QueueListingsTaskSchema } from '../../shared/schemas/resale-api';
import { resaleService } from './compose';

const service = resaleService();

/** ListingWorkflow, second step: one message per listing on the FIFO queue the sync function applies. */
export const handler = async (input: unknown) => service.queueChanges(QueueListingsTaskSchema.parse(input).changes, 'listed');
