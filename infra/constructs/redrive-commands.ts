import { CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { IConstruct } from 'constructs';
import { DEAD_LETTER_QUEUES } from '../dead-letter-queues';

/** The one resource of `type` whose logical id is `path` and the 8 characters of CDK's hash. */
function resourceAt<T extends CfnQueue | CfnFunction | CfnStateMachine>(stack: Stack, type: new (...args: never[]) => T, path: string): T {
  const pattern = new RegExp(`^${path}[0-9A-F]{8}$`);
  const found = stack.node.findAll().filter((construct: IConstruct): construct is T => construct instanceof type && pattern.test(stack.getLogicalId(construct)));
  if (found.length !== 1) throw new Error(`npm run redrive names ${path}, which is ${found.length === 0 ? 'no' : 'more than one'} ${type.name} of the stack`);
  return found[0]!;
}

/**
 * One stack output per dead-letter queue that `npm run redrive` hands back: the command to run on AWS, with the
 * queue's ARN or URL and the function's name filled in, so that an operator woken by the queue's alarm copies it from
 * `aws cloudformation describe-stacks` instead of looking the names up.
 */
export function redriveCommands(stack: Stack): void {
  for (const [name, entry] of DEAD_LETTER_QUEUES) {
    const queue = resourceAt(stack, CfnQueue, entry.queue);
    const options =
      entry.kind === 'queue'
        ? ['--source-arn ', queue.attrArn, ...(entry.destination ? [' --destination-arn ', resourceAt(stack, CfnQueue, entry.destination).attrArn] : [])]
        : entry.kind === 'function'
          ? ['--queue-url ', queue.ref, ' --function-name ', resourceAt(stack, CfnFunction, entry.function).ref]
          : entry.kind === 'workflow'
            ? ['--queue-url ', queue.ref, ' --state-machine-arn ', resourceAt(stack, CfnStateMachine, entry.stateMachine).ref]
            : ['--queue-url ', queue.ref];
    const id = `Redrive${name.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase())}`;
    new CfnOutput(stack, id, { value: Fn.join('', [`npm run redrive -- ${name} `, ...options]), description: `Hands back the ${entry.what} (docs/metrics.md)` });
  }
}
