import { PassportTaskInputSchema } from '../../shared/schemas/workflows';
import { routingSteps } from './compose';
import { taskHandler } from '../commons/task-handler';

const workflow = routingSteps();

/** RoutingWorkflow › RouteToRecycling: the passport to RECYCLE. */
export const handler = taskHandler(PassportTaskInputSchema, ({ passportId }) => workflow.routeToRecycling(passportId));
