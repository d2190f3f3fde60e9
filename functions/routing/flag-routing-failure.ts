import { FailureTaskInputSchema } from '../../shared/schemas/workflows';
import { routingFailures } from './compose';
import { taskHandler } from '../commons/task-handler';

const failures = routingFailures();

/** RoutingWorkflow › FlagRoutingFailure: NEEDS_ATTENTION with the reason, when a step failed for good. */
export const handler = taskHandler(FailureTaskInputSchema, ({ passportId, failure, eventAt }) =>
  failures.flagRoutingFailure(passportId, { error: failure.Error, ...(failure.Cause ? { cause: failure.Cause } : {}) }, eventAt),
);
