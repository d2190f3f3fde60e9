import { PassportTaskInputSchema } from '../../shared/schemas/workflows';
import { labelEmails } from './compose';
import { taskHandler } from '../commons/task-handler';

const workflow = labelEmails();

/** TakeBackWorkflow › SendLabelEmail: the label e-mail, at most once per passport. */
export const handler = taskHandler(PassportTaskInputSchema, ({ passportId }) => workflow.sendLabelEmail(passportId));
