import { PassportEventDetailSchema } from '../../shared/schemas/events';
import { customerMessages } from './compose';
import { taskHandler } from '../commons/task-handler';

const messages = customerMessages();

/** The bus → the customer: the e-mail an event calls for, at most once per event. */
export const handler = taskHandler(PassportEventDetailSchema, (event) => messages.send(event));
