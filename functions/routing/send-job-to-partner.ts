import { JobTaskInputSchema } from '../../shared/schemas/routing-workflow';
import { routingWorkflow } from './compose';
import { taskHandler } from '../commons/task-handler';

const workflow = routingWorkflow();

/** RoutingWorkflow › SendJobToPartner: the job on the delivery queue. */
export const handler = taskHandler(JobTaskInputSchema, ({ passportId, jobId }) => workflow.sendJobToPartner(passportId, jobId));
