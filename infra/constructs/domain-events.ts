import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUSINESS_METRICS } from '../../shared/domain/business-metrics';
import { countAlarm } from './count-alarm';
import { deadLetterQueue } from './dead-letter-queue';
import { KreislaufFunction } from './kreislauf-function';

/**
 * The domain event bus and the stream processor that publishes every passport event written to
 * the table onto it. Batches that keep failing land in a dead-letter queue instead of blocking
 * the stream.
 */
export class DomainEvents extends Construct {
  readonly bus: EventBus;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: { table: Table }) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { description: 'Kreislauf passport events (source kreislauf.passport)' });
    this.deadLetters = deadLetterQueue(this, 'PublishDeadLetters', {
      holds: 'This queue is itself the dead-letter destination of the stream mapping.',
      alarm: { id: 'UnpublishedPassportEvents', description: 'Passport events could not be published to the bus after every retry: the workflows, e-mails and webhooks they start have not started (the stalled-passport sweeper re-drives the steps it watches); the failed stream batch is named in the dead-letter queue' },
    });
    const publisher = new KreislaufFunction(this, 'PublishPassportEvents', {
      entry: 'events/publish-passport-events',
      description: 'Publishes passport events from the table stream to the event bus',
      environment: { EVENT_BUS_NAME: this.bus.eventBusName },
      timeout: Duration.seconds(30),
    });
    this.bus.grantPutEventsTo(publisher);
    publisher.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 50,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetters),
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('PassportEvent') } } } })],
      }),
    );
    // Counted by the publisher from the NeedsAttention events (shared/domain/business-metrics.ts).
    // Some leave the passport's state as it was (a payout that failed or was set aside), so no work
    // queue lists them: this alarm is how a person hears of them.
    countAlarm(
      this,
      'PassportsNeedAttention',
      BUSINESS_METRICS.passportsNeedingAttention,
      Duration.minutes(5),
      "A passport needs a person: a payout that could not be made or was set aside, an item no repair partner takes, or a step stalled after its re-drives (the passport's timeline says why)",
    );
  }
}
