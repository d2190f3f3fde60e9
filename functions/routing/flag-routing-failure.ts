import { FailureTaskInputSchema } from '../../shared/schemas/workflows';
import { routingWorkflow } from './compose';
import { taskHandler } from '../commons/task-handler';

const workflow = routingWorkflow();

/** RoutingWorkflow › FlagRoutingFailure: NEEDS_ATTENTION with the reason, when a step failed for good. */
export const handler = taskHandler(FailureTaskInputSchema, ({ passportId, failure, eventAt }) =>
  workflow.flagRoutingFailure(passportId, { error: failure.Error, ...(failure.Cause ? { cause: failure.Cause } : {}) }, eventAt),
);
