import { FailureTaskInputSchema } from '../../shared/schemas/workflows';
import { payoutFailures } from './compose';
import { taskHandler } from '../commons/task-handler';

const failures = payoutFailures();

/** PayoutWorkflow › FlagPayoutFailure: a NeedsAttention event with the reason, when the payout could not be made. */
export const handler = taskHandler(FailureTaskInputSchema, ({ passportId, failure }) =>
  failures.flagFailure(passportId, { error: failure.Error, ...(failure.Cause ? { cause: failure.Cause } : {}) }),
);
