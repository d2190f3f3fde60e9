import type { Duration } from 'aws-cdk-lib';
import { RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { KreislaufFunction } from './kreislauf-function';

/** EventBridge retries a failed delivery to a function this many times before it dead-letters it. */
const EVENT_RETRY_ATTEMPTS = 8;

/**
 * A rule's target for a function EventBridge invokes asynchronously with the event's `detail`: the rule's retries, and
 * the function's own dead-letter queue as the rule's. So an event that keeps failing ends in that one queue on AWS
 * (after Lambda's retries, or when EventBridge could not hand it to Lambda) as it does locally (docs/local-cloud.md),
 * and `npm run redrive` knows by the queue which function it is for.
 * @throws when the function has no dead-letter queue of its own.
 */
export function detailTarget(fn: KreislaufFunction, options: { maxEventAge?: Duration } = {}): LambdaFunction {
  const deadLetterQueue = fn.deadLetterQueue;
  if (!deadLetterQueue) throw new Error(`${fn.node.path} is a rule's target, so it needs a dead-letter queue of its own`);
  return new LambdaFunction(fn, { event: RuleTargetInput.fromEventPath('$.detail'), retryAttempts: EVENT_RETRY_ATTEMPTS, deadLetterQueue, ...options });
}
