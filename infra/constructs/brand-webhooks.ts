import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../shared/schemas/events';
import type { Api } from './api';
import { deadLetterQueue } from './dead-letter-queue';
import { detailTarget } from './event-target';
import { KreislaufFunction } from './kreislauf-function';
import { CONSUMER_CONCURRENCY, consumerVisibility } from './queue-consumer';

export interface BrandWebhooksProps {
  table: Table;
  bus: EventBus;
  api: Api;
  /** The platform key the brands' signing secrets are sealed with. */
  fieldKey: ISecret;
  /** `true` lets endpoints be plain HTTP on this machine (the local cloud's receivers). */
  allowLocalHttpWebhooks: string;
}

/**
 * A delivery is tried this many times; the delivery function stretches the wait between tries
 * from 30 seconds to 15 minutes (about an hour in all) before SQS dead-letters it.
 */
const DELIVERY_ATTEMPTS = 8;

/** A batch of deliveries is sent one at a time, each with its own time limit. */
const DELIVERY_TIMEOUT = Duration.seconds(50);
/** The dead letters are only written to the table. */
const RECORDING_TIMEOUT = Duration.seconds(10);

/**
 * Brand integrations: the admin routes of a brand's webhook subscriptions and of its dead
 * letters; the consumer of the bus that turns every passport event into one delivery per
 * subscription; the delivery queue, whose function signs and sends them (Standard Webhooks) and
 * retries with backoff; and its dead-letter queue, whose function keeps dead letters per brand
 * until the brand replays them.
 */
export class BrandWebhooks extends Construct {
  readonly deliveries: Queue;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: BrandWebhooksProps) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'DeliveryDeadLetters', {
      holds: 'This queue is itself the dead-letter queue of the webhook deliveries.',
      alarm: { id: 'DeadLetteredDeliveries', description: 'A webhook delivery to a brand failed on every try and waits to be replayed' },
      visibilityTimeout: consumerVisibility(RECORDING_TIMEOUT),
    });
    this.deliveries = new Queue(this, 'Deliveries', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // A failed delivery sets its own wait (the backoff); this is for a batch whose invocation failed.
      visibilityTimeout: consumerVisibility(DELIVERY_TIMEOUT),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: DELIVERY_ATTEMPTS },
    });

    const environment = {
      TABLE_NAME: props.table.tableName,
      FIELD_KEY_SECRET_ARN: props.fieldKey.secretArn,
      WEBHOOK_QUEUE_URL: this.deliveries.queueUrl,
      ALLOW_LOCAL_HTTP_WEBHOOKS: props.allowLocalHttpWebhooks,
    };
    const fn = (id: string, entry: string, description: string, timeout = Duration.seconds(10)) =>
      new KreislaufFunction(this, id, { entry, description, environment, timeout });

    // Events the fan-out could not take wait here; they are not deliveries, so they have their own queue.
    const fanOutDeadLetters = deadLetterQueue(this, 'FanOutDeadLetters', {
      holds: 'This queue is itself the dead-letter destination of the fan-out rule.',
      alarm: { id: 'UnqueuedWebhookEvents', description: "A passport event could not be queued for the brands' webhook subscriptions after every retry: no brand was sent it; the event waits in the dead-letter queue" },
    });
    const fanOut = new KreislaufFunction(this, 'FanOutWebhooks', {
      entry: 'webhooks/fan-out-webhooks',
      description: 'Queues one webhook delivery per subscription of a passport event',
      environment,
      deadLetterQueue: fanOutDeadLetters,
    });
    props.table.grantReadData(fanOut);
    this.deliveries.grantSendMessages(fanOut);
    new Rule(this, 'OnPassportEvent', {
      eventBus: props.bus,
      description: 'Queues the webhook deliveries of every passport event',
      eventPattern: { source: [EVENT_SOURCE] },
      targets: [detailTarget(fanOut)],
    });

    const deliver = fn('DeliverWebhooks', 'webhooks/deliver-webhooks', "Signs and sends webhook deliveries to brands' endpoints", DELIVERY_TIMEOUT);
    props.table.grantReadData(deliver);
    props.fieldKey.grantRead(deliver);
    // ChangeMessageVisibility, for the backoff between tries.
    this.deliveries.grantConsumeMessages(deliver);
    deliver.addEventSource(new SqsEventSource(this.deliveries, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: CONSUMER_CONCURRENCY.webhookDeliveries }));

    const recordDeadLetters = fn('RecordWebhookDeadLetters', 'webhooks/record-dead-letters', "Keeps dead-lettered deliveries for their brand's replay", RECORDING_TIMEOUT);
    props.table.grantReadWriteData(recordDeadLetters);
    recordDeadLetters.addEventSource(new SqsEventSource(this.deadLetters, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: CONSUMER_CONCURRENCY.webhookDeadLetters }));

    // The admin API's functions: each serves the operations of the route contract that name its entry.
    const apiFn = (id: string, entry: string, description: string, writes: boolean) => {
      const handler = props.api.serve(entry, fn(id, entry, description));
      if (writes) props.table.grantReadWriteData(handler);
      else props.table.grantReadData(handler);
      return handler;
    };
    props.fieldKey.grantRead(apiFn('CreateWebhookSubscription', 'webhooks/create-webhook-subscription', 'Subscribes a brand endpoint to passport events', true));
    apiFn('ListWebhookSubscriptions', 'webhooks/list-webhook-subscriptions', "Lists a brand's webhook subscriptions", false);
    apiFn('DeleteWebhookSubscription', 'webhooks/delete-webhook-subscription', 'Deletes a webhook subscription', true);
    apiFn('ChangeWebhookSubscription', 'webhooks/change-webhook-subscription', "Changes a webhook subscription's event types", true);
    props.fieldKey.grantRead(apiFn('RotateWebhookSecret', 'webhooks/rotate-webhook-secret', "Rotates a webhook subscription's signing secret", true));
    this.deliveries.grantSendMessages(
      apiFn('ReplayWebhookDeadLetters', 'webhooks/replay-webhook-dead-letters', "Replays a brand's dead-lettered deliveries", true),
    );
  }
}
