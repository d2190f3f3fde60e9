import { PassportTaskInputSchema } from '../../shared/schemas/workflows';
import { routingWorkflow } from './compose';
import { taskHandler } from '../commons/task-handler';

const workflow = routingWorkflow();

/** RoutingWorkflow › RouteToRecycling: the passport to RECYCLE. */
export const handler = taskHandler(PassportTaskInputSchema, ({ passportId }) => workflow.routeToRecycling(passportId));
