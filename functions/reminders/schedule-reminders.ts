import { PassportEventDetailSchema } from '../../shared/schemas/events';
import { reminderScheduling } from './compose';
import { taskHandler } from '../commons/task-handler';

const service = reminderScheduling();

/** LabelCreated / VoucherIssued / a hold's NeedsAttention → the one-time schedules of their reminders. */
export const handler = taskHandler(PassportEventDetailSchema, (event) => service.schedule(event));
