import { Duration, Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Choice, Condition, Errors, type StateMachine, Succeed } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../shared/schemas/events';
import type { Api } from './api';
import { workflowTarget } from './event-target';
import { KreislaufFunction } from './kreislauf-function';
import { flagFailureTask, lambdaTask, workflowStateMachine } from './workflow-parts';

export interface TakeBackWorkflowProps {
  table: Table;
  /** Serves the staff's route that starts the workflow again (`POST /v1/passports/{id}/label`). */
  api: Api;
  bucket: Bucket;
  bus: EventBus;
  dhlCredentials: ISecret;
  trackingSecret: ISecret;
  dhlApiBaseUrl: string;
  apiBaseUrl: string;
  /** The web app's origin, for the tracking page link in the label e-mail. */
  webBaseUrl: string;
}

/** Errors worth another try: the carrier or a service was unavailable, or another attempt holds the request. */
const TRANSIENT_ERRORS = ['CarrierUnavailable', 'LabelRequestInProgress', Errors.TASKS_FAILED, 'Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.SdkClientException'];

/**
 * TakeBackWorkflow, started by every TakeBackRequested event: create the DHL label (retried with
 * backoff on transient errors and 429), then send the label e-mail; when no label can be had, the
 * passport goes to NEEDS_ATTENTION with the reason; a take-back that no longer waits for its label
 * (cancelled, or its parcel received) ends with neither. Each step is idempotent, so a duplicate event
 * or a retried step creates no second label and sends no second e-mail. Staff start it again for a
 * take-back whose label failed (`POST /v1/passports/{id}/label`).
 */
export class TakeBackWorkflow extends Construct {
  readonly stateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: TakeBackWorkflowProps) {
    super(scope, id);
    const environment = {
      TABLE_NAME: props.table.tableName,
      BUCKET_NAME: props.bucket.bucketName,
      DHL_API_BASE_URL: props.dhlApiBaseUrl,
      DHL_SECRET_ARN: props.dhlCredentials.secretArn,
      TRACKING_SECRET_ARN: props.trackingSecret.secretArn,
      API_BASE_URL: props.apiBaseUrl,
      WEB_BASE_URL: props.webBaseUrl,
    };
    const createLabelFn = new KreislaufFunction(this, 'CreateLabel', {
      entry: 'take-back/create-label',
      description: 'Creates the DHL return label of a take-back and stores it',
      environment,
      timeout: Duration.seconds(30),
    });
    const sendLabelEmailFn = new KreislaufFunction(this, 'SendLabelEmail', {
      entry: 'take-back/send-label-email',
      description: 'Sends the customer the return label e-mail, once',
      environment,
      timeout: Duration.seconds(30),
    });
    const flagFailureFn = new KreislaufFunction(this, 'FlagLabelFailure', {
      entry: 'take-back/flag-label-failure',
      description: 'Moves a take-back whose label failed to NEEDS_ATTENTION',
      environment,
    });
    for (const fn of [createLabelFn, sendLabelEmailFn, flagFailureFn]) props.table.grantReadWriteData(fn);
    props.bucket.grantPut(createLabelFn, 'labels/*');
    // A label DHL made while its take-back was cancelled is recorded nowhere: its files are deleted.
    props.bucket.grantDelete(createLabelFn, 'labels/*');
    props.dhlCredentials.grantRead(createLabelFn);
    props.trackingSecret.grantRead(sendLabelEmailFn);
    sendLabelEmailFn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ses:SendEmail'],
        resources: [Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
      }),
    );

    const createLabel = lambdaTask(this, 'Create label', createLabelFn, {
      resultPath: '$.label',
      retry: { errors: TRANSIENT_ERRORS, maxAttempts: 5, maxDelay: Duration.seconds(60) },
      // DHL refusing the address is not mended by trying again.
      final: ['CarrierRejected'],
    });
    // The retries wait 2 s to 60 s, 122 s in all: longer than the e-mail claim's lease, which the
    // retries of an attempt that died after its claim must wait out (LabelEmailInProgress).
    const sendLabelEmail = lambdaTask(this, 'Send label e-mail', sendLabelEmailFn, {
      resultPath: '$.email',
      retry: { errors: [Errors.ALL], maxAttempts: 6, maxDelay: Duration.seconds(60) },
    });
    const flagFailure = flagFailureTask(this, 'Flag label failure', flagFailureFn);

    createLabel.addCatch(flagFailure.next(new Succeed(this, 'Waiting for a person')), { errors: [Errors.ALL], resultPath: '$.failure' });
    // A take-back that no longer waits for its label (cancelled by its customer or by staff, or its parcel received all
    // the same) ends here, as the label step answers: no label, no e-mail, no person needed.
    const definition = createLabel.next(
      new Choice(this, 'Label needed?')
        .when(Condition.stringEquals('$.label.outcome', 'NOT_NEEDED'), new Succeed(this, 'No label needed'))
        .otherwise(sendLabelEmail.next(new Succeed(this, 'Label sent'))),
    );

    this.stateMachine = workflowStateMachine(this, definition, 'TakeBackWorkflow: DHL label, label e-mail, or NEEDS_ATTENTION');

    new Rule(this, 'OnTakeBackRequested', {
      eventBus: props.bus,
      description: 'Starts the TakeBackWorkflow for every new take-back',
      eventPattern: { source: [EVENT_SOURCE], detailType: ['TakeBackRequested'] },
      targets: [workflowTarget(this, this.stateMachine, 'TakeBackWorkflow')],
    });

    // Staff have the label made again once what DHL refused is put right (the customer's address, the
    // brand's receiver id): the passports and this workflow only, neither DHL, the bucket nor the mail server.
    const retryLabel = props.api.serve(
      'take-back/retry-label',
      new KreislaufFunction(this, 'RetryLabel', {
        entry: 'take-back/retry-label',
        description: "Corrects a take-back's return address and starts its TakeBackWorkflow again, by staff",
        environment: { TABLE_NAME: props.table.tableName, TAKE_BACK_WORKFLOW_ARN: this.stateMachine.stateMachineArn },
        timeout: Duration.seconds(10),
      }),
    );
    props.table.grantReadWriteData(retryLabel);
    this.stateMachine.grantStartExecution(retryLabel);
  }
}
