import { PassportTaskInputSchema } from '../../shared/schemas/workflows';
import { payoutSettlement } from './compose';
import { taskHandler } from '../commons/task-handler';

const settlement = payoutSettlement();

/** PayoutWorkflow › SettlePayout: the voucher issued or the bank transfer queued, once per passport. */
export const handler = taskHandler(PassportTaskInputSchema, ({ passportId }) => settlement.settle(passportId));
