import { PassportTaskInputSchema } from '../../shared/schemas/workflows';
import { labelCreation } from './compose';
import { taskHandler } from '../commons/task-handler';

const workflow = labelCreation();

/** TakeBackWorkflow › CreateLabel: the DHL label, stored in S3 and on the passport. */
export const handler = taskHandler(PassportTaskInputSchema, ({ passportId }) => workflow.createLabel(passportId));
