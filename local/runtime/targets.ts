import type { LocalSqs } from '../services/sqs';
import type { MessageAttributeValue } from '../services/sqs-md5';

/** What rule and schedule targets reach: Lambda functions, state machines and queues. */
export interface TargetServices {
  invoke(functionArn: string, payload: unknown): Promise<unknown>;
  startExecution(stateMachineArn: string, input: unknown): void;
  sqs: LocalSqs;
}

/** One delivery to a target, its input as the text EventBridge or Scheduler would send. */
export interface TargetDelivery {
  arn: string;
  input: string;
  messageGroupId?: string;
  messageAttributes?: Record<string, MessageAttributeValue>;
}

/** An input that is not JSON reaches a function as a JSON string, as EventBridge sends text templates. */
function payloadOf(input: string): unknown {
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}

/**
 * Delivers to a target by its ARN: invokes a Lambda function (resolving when it returns), starts a
 * state machine execution, or sends the input as a message to a queue (with `MessageGroupId` for
 * a FIFO queue).
 *
 * @throws when the target fails or is none of those (the caller retries or logs, as AWS would).
 */
export async function deliverToTarget(services: TargetServices, delivery: TargetDelivery): Promise<void> {
  const service = delivery.arn.split(':')[2];
  if (service === 'lambda') {
    await services.invoke(delivery.arn, payloadOf(delivery.input));
  } else if (service === 'states') {
    services.startExecution(delivery.arn, JSON.parse(delivery.input));
  } else if (service === 'sqs') {
    services.sqs.sendMessage(delivery.arn, {
      body: delivery.input,
      ...(delivery.messageGroupId ? { groupId: delivery.messageGroupId } : {}),
      ...(delivery.messageAttributes ? { messageAttributes: delivery.messageAttributes } : {}),
    });
  } else {
    throw new Error(`the local cloud delivers to Lambda functions, state machines and queues, not to ${delivery.arn}`);
  }
}

/** The text a rule target receives for an input EventBridge computed: JSON, or the text of a text template. */
export function inputText(input: unknown): string {
  return typeof input === 'string' ? input : JSON.stringify(input);
}
