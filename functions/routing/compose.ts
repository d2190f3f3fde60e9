import { sqsClient } from '../../shared/adapters/sqs/client';
import { SqsRepairJobQueue } from '../../shared/adapters/sqs/repair-job-queue';
import { requiredEnv } from '../../shared/config';
import { RoutingFailures, RoutingWorkflow } from '../../shared/services/routing-workflow';
import { now, passportRecords, passportStore, repairNetworkStore } from '../commons/stores';

// The routing workflow's tasks.

export function routingWorkflow(): RoutingWorkflow {
  const store = passportStore();
  return new RoutingWorkflow({
    store,
    network: repairNetworkStore(store),
    dispatcher: new SqsRepairJobQueue(requiredEnv('REPAIR_JOB_QUEUE_URL'), sqsClient()),
    now,
  });
}

/** Flagging a routing run that failed for good needs the passports alone. */
export const routingFailures = () => new RoutingFailures({ store: passportRecords(), now });
