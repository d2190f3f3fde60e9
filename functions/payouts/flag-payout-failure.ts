import { FailureTaskInputSchema } from '../../shared/schemas/workflows';
import { payoutSettlement } from './compose';
import { taskHandler } from '../commons/task-handler';

const settlement = payoutSettlement();

/** PayoutWorkflow › FlagPayoutFailure: a NeedsAttention event with the reason, when the payout could not be made. */
export const handler = taskHandler(FailureTaskInputSchema, ({ passportId, failure }) =>
  settlement.flagFailure(passportId, { error: failure.Error, ...(failure.Cause ? { cause: failure.Cause } : {}) }),
);
