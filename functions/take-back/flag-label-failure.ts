import { FailureTaskInputSchema } from '../../shared/schemas/workflows';
import { labelWorkflow } from './compose';
import { taskHandler } from '../commons/task-handler';

const workflow = labelWorkflow();

/** TakeBackWorkflow › FlagLabelFailure: NEEDS_ATTENTION with the reason, when no label could be had. */
export const handler = taskHandler(FailureTaskInputSchema, ({ passportId, failure }) =>
  workflow.flagLabelFailure(passportId, { error: failure.Error, ...(failure.Cause ? { cause: failure.Cause } : {}) }),
);
