import { PassportTaskInputSchema } from '../../shared/schemas/workflows';
import { routingSteps } from './compose';
import { taskHandler } from '../commons/task-handler';

const workflow = routingSteps();

/** RoutingWorkflow › NextStep: what the passport's route asks for now. */
export const handler = taskHandler(PassportTaskInputSchema, ({ passportId }) => workflow.nextStep(passportId));
