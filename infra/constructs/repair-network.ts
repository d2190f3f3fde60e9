import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Api } from './api';
import { deadLetterQueue } from './dead-letter-queue';
import { KreislaufFunction } from './kreislauf-function';
import { CONSUMER_CONCURRENCY } from './queue-consumer';

export interface RepairNetworkProps {
  table: Table;
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
 * (ops, analyst), the partners' signed status reports, and the queue that sends repair jobs to the
 * partners as signed webhooks, with retries and a dead-letter queue.
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
