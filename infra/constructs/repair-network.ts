import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventField, type EventBus, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../shared/schemas/events';
import type { RepairJobMessage } from '../../shared/schemas/repair';
import type { Api } from './api';
import { deadLetterQueue } from './dead-letter-queue';
import { LONGEST_EVENT_RETRIES } from './event-target';
import { KreislaufFunction } from './kreislauf-function';
import { CONSUMER_CONCURRENCY } from './queue-consumer';

export interface RepairNetworkProps {
  table: Table;
  bus: EventBus;
  api: Api;
  /** The platform key the partners' webhook secrets are sealed with. */
  fieldKey: ISecret;
  /** The API's base URL, for the report URL in the jobs sent to partners. */
  apiBaseUrl: string;
  /** `true` lets partner endpoints be plain HTTP on this machine (the local cloud's sandbox). */
  allowLocalHttpWebhooks: string;
}

/** A partner endpoint that is down is retried every five minutes, for an hour, before the job is dead-lettered. */
const DELIVERY_RETRY_INTERVAL = Duration.minutes(5);
const DELIVERY_ATTEMPTS = 12;

/**
 * The repair-partner network: the brand's partner configuration (admin), the partner overview
 * (ops, analyst), the raise of a job's cost limit (admin), the partners' signed status reports, and the queue that sends repair jobs to the
 * partners as signed webhooks, with retries and a dead-letter queue; the same queue tells a partner
 * that the brand took back the item of a job it received, from the withdrawal's event.
 */
export class RepairNetwork extends Construct {
  /** The jobs waiting to be sent to their partners. */
  readonly jobQueue: Queue;
  readonly jobDeadLetters: Queue;

  constructor(scope: Construct, id: string, props: RepairNetworkProps) {
    super(scope, id);
    const environment = {
      TABLE_NAME: props.table.tableName,
      FIELD_KEY_SECRET_ARN: props.fieldKey.secretArn,
      API_BASE_URL: props.apiBaseUrl,
      ALLOW_LOCAL_HTTP_WEBHOOKS: props.allowLocalHttpWebhooks,
    };

    this.jobDeadLetters = deadLetterQueue(this, 'JobDeliveryDeadLetters', {
      holds: 'This queue is itself the dead-letter queue of the job deliveries.',
      alarm: { id: 'UndeliveredJobs', description: 'A repair job could not be sent to its partner for an hour and waits in the dead-letter queue' },
    });
    this.jobQueue = new Queue(this, 'JobDeliveries', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: DELIVERY_RETRY_INTERVAL,
      deadLetterQueue: { queue: this.jobDeadLetters, maxReceiveCount: DELIVERY_ATTEMPTS },
    });

    const deliverJob = new KreislaufFunction(this, 'DeliverJob', {
      entry: 'repair/deliver-job',
      description: 'Sends repair jobs to their partners as signed webhooks',
      environment,
      timeout: Duration.seconds(30),
    });
    props.table.grantReadWriteData(deliverJob);
    props.fieldKey.grantRead(deliverJob);
    deliverJob.addEventSource(new SqsEventSource(this.jobQueue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: CONSUMER_CONCURRENCY.repairJobs }));

    // The withdrawal is told from its event, written in the withdrawal's own transaction, so a request that dies after
    // its write still has the partner told. `exists` matches a leaf only: the job id, not the `withdrawn` object.
    const withdrawal: Record<keyof RepairJobMessage, string> = {
      passportId: EventField.fromPath('$.detail.passportId'),
      jobId: EventField.fromPath('$.detail.data.withdrawn.jobId'),
    };
    new Rule(this, 'OnJobWithdrawn', {
      eventBus: props.bus,
      description: 'Queues the notice to its partner of every repair job the brand took back',
      eventPattern: { source: [EVENT_SOURCE], detailType: ['RouteOverridden'], detail: { data: { withdrawn: { jobId: [{ exists: true }] } } } },
      // An event EventBridge could not queue in 24 hours of tries waits with the jobs the partners did not take.
      targets: [new SqsQueue(this.jobQueue, { message: RuleTargetInput.fromObject(withdrawal), deadLetterQueue: this.jobDeadLetters, ...LONGEST_EVENT_RETRIES })],
    });

    const savePartner = new KreislaufFunction(this, 'SaveRepairPartner', {
      entry: 'repair/save-repair-partner',
      description: "Creates or replaces a brand's repair partner",
      environment,
    });
    props.table.grantReadWriteData(savePartner);
    props.fieldKey.grantRead(savePartner);
    props.api.serve('repair/save-repair-partner', savePartner);

    const listPartners = new KreislaufFunction(this, 'ListRepairPartners', {
      entry: 'repair/list-repair-partners',
      description: "Lists a brand's repair partners with their load and performance",
      environment: { TABLE_NAME: props.table.tableName, API_BASE_URL: props.apiBaseUrl },
    });
    props.table.grantReadData(listPartners);
    props.api.serve('repair/list-repair-partners', listPartners);

    const raiseCostLimit = new KreislaufFunction(this, 'RaiseRepairCostLimit', {
      entry: 'repair/raise-cost-limit',
      description: "Raises an open repair job's cost limit, by the brand's admin",
      environment: { TABLE_NAME: props.table.tableName },
    });
    props.table.grantReadWriteData(raiseCostLimit);
    props.api.serve('repair/raise-cost-limit', raiseCostLimit);

    const receiveReport = new KreislaufFunction(this, 'ReceivePartnerReport', {
      entry: 'repair/receive-partner-report',
      description: "Applies a repair partner's signed status report",
      environment,
    });
    props.table.grantReadWriteData(receiveReport);
    props.fieldKey.grantRead(receiveReport);
    props.api.serve('repair/receive-partner-report', receiveReport);
  }
}
