import { PassportEventDetailSchema } from '../../shared/schemas/events';
import { webhookQueueing } from './compose';
import { taskHandler } from '../commons/task-handler';

const webhooks = webhookQueueing();

/** The bus → the delivery queue: one delivery per subscription of the event's brand to its type. */
export const handler = taskHandler(PassportEventDetailSchema, (event) => webhooks.fanOut(event));
