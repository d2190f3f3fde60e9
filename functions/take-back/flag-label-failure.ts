import { FailureTaskInputSchema } from '../../shared/schemas/workflows';
import { LabelFailures } from '../../shared/services/label-workflow';
import { now, passportRecords } from '../commons/stores';
import { taskHandler } from '../commons/task-handler';

// Built here, not by the area's compose.ts: flagging needs the passports only.
const workflow = new LabelFailures({ store: passportRecords(), now });

/** TakeBackWorkflow › FlagLabelFailure: NEEDS_ATTENTION with the reason, when no label could be had. */
export const handler = taskHandler(FailureTaskInputSchema, ({ passportId, failure }) =>
  workflow.flagLabelFailure(passportId, { error: failure.Error, ...(failure.Cause ? { cause: failure.Cause } : {}) }),
);
