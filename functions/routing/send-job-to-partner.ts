import { sqsClient } from '../../shared/adapters/sqs/client';
import { SqsRepairJobQueue } from '../../shared/adapters/sqs/repair-job-queue';
import { requiredEnv } from '../../shared/config';
import { JobTaskInputSchema } from '../../shared/schemas/routing-workflow';
import { taskHandler } from '../commons/task-handler';

// The delivery queue alone; not built in ./compose, whose imports bring the DynamoDB client along.
const queue = new SqsRepairJobQueue(requiredEnv('REPAIR_JOB_QUEUE_URL'), sqsClient());

/** RoutingWorkflow › SendJobToPartner: the job on the delivery queue, which sends it to the partner and retries. */
export const handler = taskHandler(JobTaskInputSchema, async ({ passportId, jobId }) => {
  await queue.dispatch({ passportId, jobId });
  return { queued: true as const };
});
