import { Duration, SecretValue } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { type EventBus, Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Choice, Condition, Errors, type StateMachine, Succeed, TaskInput } from 'aws-cdk-lib/aws-stepfunctions';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { PERSONS_LISTING_EVENT_TYPES } from '../../shared/domain/listings';
import { EVENT_SOURCE } from '../../shared/schemas/events';
import type { Api } from './api';
import { deadLetterQueue } from './dead-letter-queue';
import { detailTarget, workflowTarget } from './event-target';
import { KreislaufFunction } from './kreislauf-function';
import { CONSUMER_CONCURRENCY, consumerVisibility } from './queue-consumer';
import { flagFailureTask, lambdaTask, PERMANENT_ERRORS, workflowStateMachine } from './workflow-parts';
import { failingScheduleAlarm } from './count-alarm';

export interface ResaleProps {
  table: Table;
  bus: EventBus;
  api: Api;
  /** The channels' API hosts: production by default, the sandboxes in the local cloud. */
  ebayApiUrl: string;
  backMarketApiUrl: string;
  refurbedApiUrl: string;
  /** Empty in AWS (each shop's Admin API is on its own domain); the local cloud points every shop at its sandbox. */
  shopifyAdminApiUrl: string;
}

/** A channel that fails is retried every minute (LISTING_SYNC_RETRY_SECONDS), for about an hour, before the change is dead-lettered. */
const SYNC_ATTEMPTS = 60;
/** A batch of ten changes, each one or two calls to its channel. */
const SYNC_TIMEOUT = Duration.seconds(50);
const TRANSIENT_ERRORS = ['ConflictError', Errors.TASKS_FAILED, 'Lambda.ServiceException', 'Lambda.TooManyRequestsException', 'Lambda.SdkClientException'];

/**
 * Resale (DESIGN.md §2, §3, §7): the ListingWorkflow that lists a resellable item on the brand's
 * channels or, when that fails for good, leaves it NEEDS_ATTENTION for a person (where its state allows);
 * the listing-change FIFO queue (one message group per passport) with its sync function,
 * dead-letter queue and alarm, the sale notifications and order polling that sell an item once,
 * the reconciliation, and the staff's listing routes.
 */
export class Resale extends Construct {
  readonly changeQueue: Queue;
  readonly changeDeadLetters: Queue;
  /** The ListingWorkflow: a resellable passport listed on the brand's channels. */
  readonly listingWorkflow: StateMachine;

  constructor(scope: Construct, id: string, props: ResaleProps) {
    super(scope, id);
    const credentials = new Secret(this, 'ChannelCredentials', {
      description:
        'Sales channel credentials as JSON {"shopifyWebhookSecrets":["<app client secret>"],"brands":{"<brand>":{"shopify":{"accessToken"},"ebay":{"accessToken"},"backmarket":{"token"},"refurbed":{"token"}}}}',
      // No credential is in the template: the operator puts each brand's tokens here (docs/sales-channels.md).
      secretStringValue: SecretValue.unsafePlainText(JSON.stringify({ shopifyWebhookSecrets: [], brands: {} })),
    });
    NagSuppressions.addResourceSuppressions(credentials, [
      { id: 'AwsSolutions-SMG4', reason: 'The channel tokens are issued by the marketplaces and rotated in their seller portals by the brand.' },
    ]);

    this.changeDeadLetters = deadLetterQueue(this, 'ListingChangeDeadLetters', {
      fifo: true,
      holds: 'This queue is itself the dead-letter queue of the listing changes.',
      alarm: { id: 'UnappliedListingChanges', description: 'A listing change could not be applied to its channel for an hour and waits in the dead-letter queue (npm run redrive -- listings)' },
    });
    this.changeQueue = new Queue(this, 'ListingChanges', {
      fifo: true,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The sync puts a change its channel did not take back after LISTING_SYNC_RETRY_SECONDS; this is for a batch whose invocation failed.
      visibilityTimeout: consumerVisibility(SYNC_TIMEOUT),
      deadLetterQueue: { queue: this.changeDeadLetters, maxReceiveCount: SYNC_ATTEMPTS },
    });

    const environment = {
      TABLE_NAME: props.table.tableName,
      LISTING_QUEUE_URL: this.changeQueue.queueUrl,
      CHANNEL_CREDENTIALS_SECRET_ARN: credentials.secretArn,
      EBAY_API_URL: props.ebayApiUrl,
      BACKMARKET_API_URL: props.backMarketApiUrl,
      REFURBED_API_URL: props.refurbedApiUrl,
      SHOPIFY_ADMIN_API_URL: props.shopifyAdminApiUrl,
    };
    const fn = (constructId: string, entry: string, description: string, timeout = Duration.seconds(30)) => {
      const made = new KreislaufFunction(this, constructId, { entry, description, environment, timeout });
      props.table.grantReadWriteData(made);
      this.changeQueue.grantSendMessages(made);
      credentials.grantRead(made);
      return made;
    };

    // A function that does not talk to a channel gets only the environment it reads, and only its
    // grants: no channel credentials.
    const narrowFn = (constructId: string, entry: string, description: string, env: Record<string, string>, timeout?: Duration) =>
      new KreislaufFunction(this, constructId, { entry, description, environment: env, ...(timeout ? { timeout } : {}) });

    // Preparing the listings writes the table only; queueing them sends to the queue only.
    const prepareFn = narrowFn('PrepareListings', 'resale/prepare-listings', 'Lists a resellable passport: one listing per enabled channel', { TABLE_NAME: props.table.tableName }, Duration.seconds(30));
    props.table.grantReadWriteData(prepareFn);
    const queueFn = narrowFn('QueueListings', 'resale/queue-listings', 'Puts the listings of a passport on the listing-change queue', { LISTING_QUEUE_URL: this.changeQueue.queueUrl }, Duration.seconds(30));
    this.changeQueue.grantSendMessages(queueFn);
    const syncFn = fn('SyncListing', 'resale/sync-listing', 'Applies listing changes to the sales channels', SYNC_TIMEOUT);
    syncFn.addEventSource(new SqsEventSource(this.changeQueue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: CONSUMER_CONCURRENCY.listingChanges }));

    // Flagging needs the passports only: no queue, no channel credentials.
    const flagFn = narrowFn('FlagListingFailure', 'resale/flag-listing-failure', 'Moves a passport whose listing failed for good to NEEDS_ATTENTION', { TABLE_NAME: props.table.tableName });
    props.table.grantReadWriteData(flagFn);

    const retry = { errors: TRANSIENT_ERRORS, maxAttempts: 4 };
    const flag = flagFailureTask(this, 'Flag listing failure', flagFn, { withEventTime: true }).next(new Succeed(this, 'Waiting for a person'));
    const prepare = lambdaTask(this, 'Prepare listings', prepareFn, { resultPath: '$.prepared', retry, final: PERMANENT_ERRORS });
    const queue = lambdaTask(this, 'Queue listing changes', queueFn, {
      payload: TaskInput.fromObject({ changes: TaskInput.fromJsonPathAt('$.prepared.changes').value }),
      resultPath: '$.queued',
      retry,
      final: PERMANENT_ERRORS,
    });
    for (const step of [prepare, queue]) step.addCatch(flag, { errors: [Errors.ALL], resultPath: '$.failure' });
    const definition = prepare.next(
      new Choice(this, 'Listed?')
        .when(Condition.stringEquals('$.prepared.outcome', 'LISTED'), queue.next(new Succeed(this, 'Queued for the channels')))
        .otherwise(new Succeed(this, 'Not for sale')),
    );
    const workflow = workflowStateMachine(this, definition, 'ListingWorkflow: a resellable passport → LISTED with one listing per channel, queued for the channels');
    this.listingWorkflow = workflow;

    new Rule(this, 'OnResellable', {
      eventBus: props.bus,
      description: 'Starts the ListingWorkflow when a passport may have become resellable: its payout settled, its repair done, its route changed, its buyer sent it back',
      eventPattern: { source: [EVENT_SOURCE], detailType: ['VoucherIssued', 'BankPayoutQueued', 'SettledWithoutPayout', 'Repaired', 'RouteOverridden', 'SaleReturned'] },
      targets: [workflowTarget(this, workflow, 'ListingWorkflow')],
    });

    const pollFn = fn('PollOrders', 'resale/poll-orders', "Polls the channels' orders and records the sales", Duration.minutes(1));
    new Rule(this, 'PollOrdersEveryMinute', {
      description: "Polls Back Market, Refurbed and eBay for orders (and Shopify's as a fallback for its webhook)",
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(pollFn)],
    });
    failingScheduleAlarm(this, 'OrdersNotPolled', pollFn, {
      period: Duration.minutes(5),
      periods: 3,
      description:
        "Polling the channels' orders failed in each of the last three 5-minute periods: a sale on Back Market, Refurbed or eBay is not recorded, and the item stays listed on the other channels. The function's log says why.",
    });
    const reconcileFn = fn('ReconcileListings', 'resale/reconcile-listings', "Compares the channels' stock with our listings and repairs drift", Duration.minutes(5));
    new Rule(this, 'ReconcileListingsEveryQuarterHour', {
      description: "Compares each channel's stock with our listings and queues a sync for every drifted listing",
      schedule: Schedule.rate(Duration.minutes(15)),
      targets: [new LambdaFunction(reconcileFn)],
    });
    failingScheduleAlarm(this, 'ListingsNotReconciled', reconcileFn, {
      period: Duration.minutes(15),
      periods: 2,
      description: "Comparing the channels' stock with the listings failed in two quarter-hours in a row: drift between a channel and our listings is not repaired. The function's log says why.",
    });

    // Behind the API, which answers 503 after 30 s while the function goes on; Shopify itself waits 5 s and sends again.
    const receiveFn = fn('ReceiveSaleNotification', 'resale/receive-sale-notification', "Records a sale a channel pushed (Shopify's orders/create)", Duration.seconds(10));
    props.api.serve('resale/receive-sale-notification', receiveFn);
    // Listing the listings reads the table only.
    const listFn = narrowFn('ListListings', 'resale/list-listings', "Lists a brand's listings by state and channel", { TABLE_NAME: props.table.tableName }, Duration.seconds(10));
    props.table.grantReadData(listFn);
    props.api.serve('resale/list-listings', listFn);
    // A person's change is recorded with its event (the table alone); the event queues the sync
    // below, so a change whose request died after its write still reaches the channel.
    const changeFn = narrowFn('ChangeListing', 'resale/change-listing', 'Changes the price of a listing, withdraws it or lists it again', {
      TABLE_NAME: props.table.tableName,
    }, Duration.seconds(10));
    props.table.grantReadWriteData(changeFn);
    props.api.serve('resale/change-listing', changeFn);
    const changeEventDeadLetters = deadLetterQueue(this, 'ListingChangeEventDeadLetters', {
      holds: "This queue is itself the dead-letter destination of the rules that queue people's listing changes and a sale's withdrawals.",
      alarm: { id: 'UnqueuedPersonsListingChanges', description: "A person's listing change, or a sale's withdrawal of the other listings, could not be queued for its channels after every retry: the reconciliation brings them in line within 15 minutes; the event waits in the dead-letter queue" },
    });
    // Not narrowFn: EventBridge invokes it asynchronously, so its own failures dead-letter through the function.
    const queueChangeFn = new KreislaufFunction(this, 'QueueListingChange', {
      entry: 'resale/queue-listing-change',
      description: "Queues a recorded listing change (a person's, or a sale's withdrawals) for its channels",
      environment: { LISTING_QUEUE_URL: this.changeQueue.queueUrl },
      deadLetterQueue: changeEventDeadLetters,
    });
    this.changeQueue.grantSendMessages(queueChangeFn);
    new Rule(this, 'OnPersonsListingChange', {
      eventBus: props.bus,
      description: "Queues the channels' sync of a person's listing change (a new price, a withdrawal, a relisting) from its recorded event",
      // A person's change names them (`by`); the ListingWorkflow's listings are queued by the workflow.
      eventPattern: { source: [EVENT_SOURCE], detailType: [...PERSONS_LISTING_EVENT_TYPES], detail: { data: { by: [{ exists: true }] } } },
      targets: [detailTarget(queueChangeFn)],
    });
    new Rule(this, 'OnSaleWithdrawals', {
      eventBus: props.bus,
      description: "Queues the withdrawal of an item's other listings on their channels from its recorded sale",
      // A sale recorded before 6 December has no `withdrawn`: its request queued the withdrawals.
      eventPattern: { source: [EVENT_SOURCE], detailType: ['Sold'], detail: { data: { withdrawn: [{ exists: true }] } } },
      targets: [detailTarget(queueChangeFn)],
    });
    // A buyer's return is recorded on the passport; the workflows below list it again from its event.
    const saleReturnFn = narrowFn('RecordSaleReturn', 'resale/record-sale-return', 'Records a sold item its buyer sent back: the refund on the ledger, the item routed again', {
      TABLE_NAME: props.table.tableName,
    }, Duration.seconds(10));
    props.table.grantReadWriteData(saleReturnFn);
    props.api.serve('resale/record-sale-return', saleReturnFn);
  }
}
