import { FailureTaskInputSchema } from '../../shared/schemas/workflows';
import { ListingFailures } from '../../shared/services/listing-failures';
import { now, passportRecords } from '../commons/stores';
import { taskHandler } from '../commons/task-handler';

// Built here, not by the area's compose.ts: flagging needs the passports only.
const workflow = new ListingFailures({ store: passportRecords(), now });

/** ListingWorkflow › FlagListingFailure: NEEDS_ATTENTION with the reason, when listing failed for good. */
export const handler = taskHandler(FailureTaskInputSchema, ({ passportId, failure, eventAt }) =>
  workflow.flagListingFailure(passportId, { error: failure.Error, ...(failure.Cause ? { cause: failure.Cause } : {}) }, eventAt),
);
