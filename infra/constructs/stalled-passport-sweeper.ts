import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { OPERATIONS_METRICS } from '../../shared/domain/business-metrics';
import { countAlarm, failingScheduleAlarm } from './count-alarm';
import { KreislaufFunction } from './kreislauf-function';

export interface StalledPassportSweeperProps {
  table: Table;
  takeBackWorkflow: StateMachine;
  payoutWorkflow: StateMachine;
  listingWorkflow: StateMachine;
  routingWorkflow: StateMachine;
}

/** Often enough that a stalled step waits little past its 15-minute bound. */
const SWEEP_INTERVAL = Duration.minutes(5);

/**
 * The scheduled sweeper (DESIGN.md §9): every five minutes it re-drives the workflows of passports
 * stalled in a step (label, label e-mail, payout, route, listing) and flags those the re-drives did not help.
 * The alarm fires on every flagged passport; the re-drives are counted beside it.
 */
export class StalledPassportSweeper extends Construct {
  constructor(scope: Construct, id: string, props: StalledPassportSweeperProps) {
    super(scope, id);
    const sweep = new KreislaufFunction(this, 'SweepStalledPassports', {
      entry: 'platform/sweep-stalled-passports',
      description: 'Re-drives passports stalled in a workflow step, or flags them NEEDS_ATTENTION',
      environment: {
        TABLE_NAME: props.table.tableName,
        TAKE_BACK_WORKFLOW_ARN: props.takeBackWorkflow.stateMachineArn,
        PAYOUT_WORKFLOW_ARN: props.payoutWorkflow.stateMachineArn,
        LISTING_WORKFLOW_ARN: props.listingWorkflow.stateMachineArn,
        ROUTING_WORKFLOW_ARN: props.routingWorkflow.stateMachineArn,
      },
      timeout: Duration.minutes(2),
    });
    props.table.grantReadWriteData(sweep);
    props.takeBackWorkflow.grantStartExecution(sweep);
    props.payoutWorkflow.grantStartExecution(sweep);
    props.listingWorkflow.grantStartExecution(sweep);
    props.routingWorkflow.grantStartExecution(sweep);

    new Rule(this, 'Schedule', {
      description: 'Runs the stalled-passport sweeper',
      schedule: Schedule.rate(SWEEP_INTERVAL),
      targets: [new LambdaFunction(sweep, { retryAttempts: 2 })],
    });
    failingScheduleAlarm(this, 'SweeperFailing', sweep, {
      period: SWEEP_INTERVAL,
      periods: 3,
      description: "The stalled-passport sweeper failed in each of its last three runs: passports stalled in a workflow step are neither re-driven nor flagged. The function's log says why.",
    });

    countAlarm(this, 'StalledPassports', OPERATIONS_METRICS.stalledPassportsFlagged, SWEEP_INTERVAL, 'A passport stayed stalled in a workflow step after every re-drive and was flagged for a person (NEEDS_ATTENTION, or a NeedsAttention event for a payout missing after grading)');
  }
}
