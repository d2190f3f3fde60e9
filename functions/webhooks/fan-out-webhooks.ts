import { PassportEventDetailSchema } from '../../shared/schemas/events';
import { webhookFanOut } from './compose';
import { taskHandler } from '../commons/task-handler';

const webhooks = webhookFanOut();

/** The bus → the delivery queue: one delivery per subscription of the event's brand to its type. */
export const handler = taskHandler(PassportEventDetailSchema, (event) => webhooks.fanOut(event));
