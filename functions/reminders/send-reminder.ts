import { DueReminderSchema } from '../../shared/schemas/reminders';
import { reminders } from './compose';
import { taskHandler } from '../commons/task-handler';

const service = reminders();

/** A schedule fell due: the reminder's event, if it still applies. */
export const handler = taskHandler(DueReminderSchema, (reminder) => service.fire(reminder));
