import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventBus, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { COUNTED_EVENT_TYPES } from '../../shared/domain/aggregates';
import { EVENT_SOURCE } from '../../shared/schemas/events';
import type { Api } from './api';
import { deadLetterQueue } from './dead-letter-queue';
import { LONGEST_EVENT_RETRIES } from './event-target';
import { KreislaufFunction } from './kreislauf-function';
import { CONSUMER_CONCURRENCY, consumerVisibility } from './queue-consumer';

/** An event is tried this many times before it waits in the dead-letter queue. */
const AGGREGATION_ATTEMPTS = 10;
const AGGREGATION_TIMEOUT = Duration.seconds(30);
const AGGREGATION_WINDOW = Duration.seconds(1);

/**
 * Reports: the bus's passport events that change a figure go to a queue, whose function counts
 * them into the brand's aggregates in batches (each event once, whatever the queue redelivers);
 * the report route reads the aggregates only.
 */
export class Reports extends Construct {
  readonly events: Queue;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: { table: Table; bus: EventBus; api: Api }) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'AggregationDeadLetters', {
      holds: "This queue is itself the dead-letter queue of the report aggregation and of its rule's target.",
      alarm: { id: 'UncountedEvents', description: 'A passport event could not be counted into the report aggregates on any try; the reports lack it until it is redriven' },
    });
    this.events = new Queue(this, 'AggregationEvents', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Also the wait before a failed event's next try: about half an hour over its ten tries.
      visibilityTimeout: consumerVisibility(AGGREGATION_TIMEOUT, AGGREGATION_WINDOW),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: AGGREGATION_ATTEMPTS },
    });
    new Rule(this, 'OnCountedEvent', {
      eventBus: props.bus,
      description: 'Queues the passport events that change a report figure for the aggregation',
      eventPattern: { source: [EVENT_SOURCE], detailType: [...COUNTED_EVENT_TYPES] },
      // An event EventBridge could not queue in 24 hours of tries waits with the events the aggregation gave up on.
      targets: [
        new SqsQueue(this.events, { message: RuleTargetInput.fromEventPath('$.detail'), deadLetterQueue: this.deadLetters, ...LONGEST_EVENT_RETRIES }),
      ],
    });

    const environment = { TABLE_NAME: props.table.tableName };
    const aggregate = new KreislaufFunction(this, 'AggregatePassportEvents', {
      entry: 'reports/aggregate-passport-events',
      description: "Counts passport events into their brand's report aggregates, each event once",
      environment,
      timeout: AGGREGATION_TIMEOUT,
    });
    props.table.grantReadWriteData(aggregate);
    aggregate.addEventSource(
      new SqsEventSource(this.events, { batchSize: 50, maxBatchingWindow: AGGREGATION_WINDOW, reportBatchItemFailures: true, maxConcurrency: CONSUMER_CONCURRENCY.aggregation }),
    );

    // The routes read the table only; 1,024 MB for a report's PDF and for a month of ledger lines as CSV.
    const readingRoute = (id: string, entry: string, description: string, timeout: Duration) => {
      const route = new KreislaufFunction(this, id, { entry, description, environment, timeout, memorySize: 1024 });
      props.table.grantReadData(route);
      props.api.serve(entry, route);
    };
    readingRoute('GetReport', 'reports/get-report', "Answers a brand's impact, finance or returns report from its aggregates", Duration.seconds(10));
    // A month of ledger lines as CSV can be tens of thousands of lines: the time to read them, within API Gateway's 30 s.
    readingRoute('GetLedger', 'reports/get-ledger', "Exports a brand's ledger lines of one month, as JSON pages or CSV", Duration.seconds(25));
  }
}
