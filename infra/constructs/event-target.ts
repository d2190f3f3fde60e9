import { Duration } from 'aws-cdk-lib';
import { RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { LambdaFunction, SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import type { KreislaufFunction } from './kreislauf-function';

/**
 * EventBridge's longest retries of a target (185 tries over 24 hours, its default, written out so that the template
 * says it): for a target whose refusals pass by themselves (a StartExecution or SendMessage throttled in a burst of
 * events), before the event goes to the target's dead-letter queue.
 */
export const LONGEST_EVENT_RETRIES = { retryAttempts: 185, maxEventAge: Duration.hours(24) } as const;

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

/**
 * The rules' target that starts `machine` with the event's `detail`: EventBridge's longest retries
 * ({@link LONGEST_EVENT_RETRIES}), then a dead-letter queue of the workflow's
 * own (`StartDeadLetters` in `scope`, with its alarm `UnstartedExecutions`), made at the first call, so that an event
 * EventBridge could not start the workflow with waits for `npm run redrive` instead of being dropped. Every workflow
 * takes an event it ran already as done.
 */
export function workflowTarget(scope: Construct, machine: IStateMachine, name: string): SfnStateMachine {
  const existing = scope.node.tryFindChild('StartDeadLetters');
  const deadLetters =
    (existing as ReturnType<typeof deadLetterQueue> | undefined) ??
    deadLetterQueue(scope, 'StartDeadLetters', {
      holds: `This queue is itself the dead-letter destination of the rules that start the ${name}.`,
      alarm: { id: 'UnstartedExecutions', description: `An event could not start the ${name} after every retry: its step did not begin for its passport; the event waits in the dead-letter queue` },
    });
  return new SfnStateMachine(machine, { input: RuleTargetInput.fromEventPath('$.detail'), ...LONGEST_EVENT_RETRIES, deadLetterQueue: deadLetters });
}
