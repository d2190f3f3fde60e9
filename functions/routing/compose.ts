import { RoutingFailures, RoutingSteps, RoutingWorkflow } from '../../shared/services/routing-workflow';
import { now, passportRecords, passportStore, repairNetworkStore } from '../commons/stores';

// The routing workflow's tasks, each built from what it uses.

/** Assigning a repair partner: the brand's configuration and the partners. */
export function routingWorkflow(): RoutingWorkflow {
  const store = passportStore();
  return new RoutingWorkflow({ store, network: repairNetworkStore(store), now });
}

/** The next step and the move to recycling read the passports alone. */
export const routingSteps = () => new RoutingSteps({ store: passportRecords(), now });

/** Flagging a routing run that failed for good needs the passports alone. */
export const routingFailures = () => new RoutingFailures({ store: passportRecords(), now });
