import { PassportEventDetailSchema } from '../../shared/schemas/events';
import { customerMessages } from './compose';
import { taskHandler } from '../commons/task-handler';

const messages = customerMessages();

/** The bus → the customer: the e-mail an event calls for, once per event (a delivery that finds it claimed fails and is retried). */
export const handler = taskHandler(PassportEventDetailSchema, (event) => messages.send(event));
