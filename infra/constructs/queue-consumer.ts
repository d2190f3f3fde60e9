import { Duration } from 'aws-cdk-lib';

/**
 * How many batches of a queue Lambda works on at once (the event source mapping's maximum
 * concurrency): what each consumer's far end can take. Without it Lambda scales a busy queue up to
 * 1,000 invocations at once: a burst of passport events would reach a brand's webhook endpoint, a
 * repair partner's or a marketplace's API hundreds of times at once, and past the account's
 * concurrency the invocations are throttled and their batches come back after the visibility
 * timeout with a receive counted, so a message can reach its dead-letter queue without ever having
 * been tried. With a maximum Lambda keeps the messages in the queue instead
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html). SQS allows 2 to 1,000.
 */
export const CONSUMER_CONCURRENCY = {
  /** Signed webhooks to brands' endpoints, five per batch: 50 at most in flight across all brands. */
  webhookDeliveries: 10,
  /** The dead-lettered deliveries kept for their brand's replay: writes to the table only. */
  webhookDeadLetters: 2,
  /** Repair jobs to partners' endpoints, a handful of workshops. */
  repairJobs: 5,
  /** Listing changes to the marketplaces' APIs, whose rate limits are per seller. */
  listingChanges: 5,
  /** Report counters: each batch writes its brand's period items, which more at once would only contend for. */
  aggregation: 2,
} as const;

/**
 * The visibility timeout of a queue a function consumes through an event source mapping: six
 * times the function's timeout, as the Lambda developer guide asks
 * (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html), plus the batching
 * window, during which the received messages are already invisible. Lambda polls on when the
 * function is throttled and invokes it again with the batch it holds; a shorter timeout lets a
 * message come back to a second invocation while the first still works on it (a webhook sent
 * twice, one listing change applied twice at once). A consumer that wants a failed message back
 * sooner says so per message (ChangeMessageVisibility), as the webhook and listing consumers do.
 */
export function consumerVisibility(functionTimeout: Duration, batchingWindow: Duration = Duration.seconds(0)): Duration {
  return Duration.seconds(6 * functionTimeout.toSeconds() + batchingWindow.toSeconds());
}
