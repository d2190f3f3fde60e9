import { Duration } from 'aws-cdk-lib';

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
