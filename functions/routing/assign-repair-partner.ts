import { PassportTaskInputSchema } from '../../shared/schemas/workflows';
import { routingWorkflow } from './compose';
import { taskHandler } from '../commons/task-handler';

const workflow = routingWorkflow();

/** RoutingWorkflow › AssignRepairPartner: the job with the best eligible partner, or NEEDS_ATTENTION. */
export const handler = taskHandler(PassportTaskInputSchema, ({ passportId }) => workflow.assignRepairPartner(passportId));
