import { PassportEventDetailSchema } from '../../shared/schemas/events';
import { reminders } from './compose';
import { taskHandler } from '../commons/task-handler';

const service = reminders();

/** LabelCreated / VoucherIssued → the one-time schedules of their reminders. */
export const handler = taskHandler(PassportEventDetailSchema, (event) => service.schedule(event));
