import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventBus, Rule } from 'aws-cdk-lib/aws-events';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  Choice,
  Condition,
  Errors,
  type StateMachine,
  Succeed,
  TaskInput,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../shared/schemas/events';
import { workflowTarget } from './event-target';
import { KreislaufFunction } from './kreislauf-function';
import { flagFailureTask, lambdaTask, PERMANENT_ERRORS, workflowStateMachine } from './workflow-parts';

export interface RoutingWorkflowProps {
  table: Table;
  bus: EventBus;
  /** The queue that sends repair jobs to the partners. */
  jobQueue: IQueue;
}

/**
 * Errors worth another try: a Lambda hiccup, or a concurrent writer that moved the passport first
 * (the step reads it again and finds its work done or still to do).
 */
const TRANSIENT_ERRORS = ['ConflictError', Errors.TASKS_FAILED, 'Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.SdkClientException'];

/**
 * RoutingWorkflow, started whenever a passport becomes GRADED with a route to carry out — graded
 * and accepted, a counter-offer accepted, a route overridden: REPAIR assigns a repair partner and
 * queues the signed job webhook (no eligible partner: NEEDS_ATTENTION with the reason); RECYCLE
 * moves the passport to RECYCLE; RESELL leaves it GRADED for the resale stage. A step that fails
 * for good moves the passport to NEEDS_ATTENTION.
 */
export class RoutingWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: RoutingWorkflowProps) {
    super(scope, id);
    // Each task gets what it uses: the table (read, or read and write), or the job queue alone.
    const task = (constructId: string, entry: string, description: string, uses: 'reads' | 'writes' | 'queue') => {
      const fn = new KreislaufFunction(this, constructId, {
        entry,
        description,
        environment: uses === 'queue' ? { REPAIR_JOB_QUEUE_URL: props.jobQueue.queueUrl } : { TABLE_NAME: props.table.tableName },
        timeout: Duration.seconds(30),
      });
      if (uses === 'queue') props.jobQueue.grantSendMessages(fn);
      else if (uses === 'reads') props.table.grantReadData(fn);
      else props.table.grantReadWriteData(fn);
      return fn;
    };
    const nextStepFn = task('NextRoutingStep', 'routing/next-routing-step', "Reads what a passport's route asks for now", 'reads');
    const assignFn = task('AssignRepairPartner', 'routing/assign-repair-partner', 'Assigns a repair partner and creates the repair job', 'writes');
    const sendJobFn = task('SendJobToPartner', 'routing/send-job-to-partner', 'Puts a repair job on the delivery queue', 'queue');
    const recycleFn = task('RouteToRecycling', 'routing/route-to-recycling', 'Moves a passport routed to recycling to RECYCLE', 'writes');
    const flagFn = task('FlagRoutingFailure', 'routing/flag-routing-failure', 'Moves a passport whose routing failed to NEEDS_ATTENTION', 'writes');

    const retry = { errors: TRANSIENT_ERRORS, maxAttempts: 4 };
    const final = PERMANENT_ERRORS;
    const nextStep = lambdaTask(this, 'Next step', nextStepFn, { resultPath: '$.next', retry, final });
    const assign = lambdaTask(this, 'Assign repair partner', assignFn, { resultPath: '$.assignment', retry, final });
    const sendJob = lambdaTask(this, 'Send job to partner', sendJobFn, {
      payload: TaskInput.fromObject({ passportId: TaskInput.fromJsonPathAt('$.passportId').value, jobId: TaskInput.fromJsonPathAt('$.assignment.jobId').value }),
      resultPath: '$.sent',
      retry,
      final,
    });
    const recycle = lambdaTask(this, 'Route to recycling', recycleFn, { resultPath: '$.recycled', retry, final });
    const flag = flagFailureTask(this, 'Flag routing failure', flagFn, { withEventTime: true }).next(new Succeed(this, 'Flagged for a person'));
    for (const step of [nextStep, assign, sendJob, recycle]) step.addCatch(flag, { errors: [Errors.ALL], resultPath: '$.failure' });

    const repair = assign.next(
      new Choice(this, 'Assigned?')
        .when(Condition.stringEquals('$.assignment.outcome', 'ASSIGNED'), sendJob.next(new Succeed(this, 'Sent to repair')))
        .when(Condition.stringEquals('$.assignment.outcome', 'NEEDS_ATTENTION'), new Succeed(this, 'Waiting for a partner'))
        .otherwise(new Succeed(this, 'Assigned before')),
    );
    const definition = nextStep.next(
      new Choice(this, 'Route?')
        .when(Condition.stringEquals('$.next.step', 'REPAIR'), repair)
        .when(Condition.stringEquals('$.next.step', 'RECYCLE'), recycle.next(new Succeed(this, 'Routed to recycling')))
        .when(Condition.stringEquals('$.next.step', 'RESELL'), new Succeed(this, 'Ready for resale'))
        .otherwise(new Succeed(this, 'Nothing to do')),
    );

    this.stateMachine = workflowStateMachine(this, definition, 'RoutingWorkflow: repair partner and job webhook, recycling, or ready for resale');

    new Rule(this, 'OnRouteDecided', {
      eventBus: props.bus,
      description: 'Starts the RoutingWorkflow when a passport becomes GRADED with a route to carry out',
      eventPattern: {
        source: [EVENT_SOURCE],
        detailType: ['Graded', 'CounterOfferAnswered', 'RouteOverridden', 'SaleReturned'],
        detail: { state: ['GRADED'] },
      },
      targets: [workflowTarget(this, this.stateMachine, 'RoutingWorkflow')],
    });
  }
}
