import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { alarmAtFirst } from './count-alarm';

export interface DeadLetterQueueProps {
  /** Why the queue has no dead-letter queue of its own (cdk-nag's AwsSolutions-SQS3): whose dead letters it holds. */
  holds: string;
  /** The alarm that fires at the queue's first message: its id and what it tells the person it wakes. */
  alarm: { id: string; description: string };
  /** For a FIFO queue's dead letters. */
  fifo?: boolean;
  /** For dead letters a function consumes: `consumerVisibility` (queue-consumer.ts) of that function. */
  visibilityTimeout?: Duration;
}

/**
 * A dead-letter queue (encrypted, TLS only, messages kept 14 days) with an alarm that fires as soon as one message
 * waits there: every message there is work that failed on every try and needs a person (or a redrive). Made only
 * here, so no dead-letter queue is without its alarm.
 */
export function deadLetterQueue(scope: Construct, id: string, props: DeadLetterQueueProps): Queue {
  const queue = new Queue(scope, id, {
    ...(props.fifo ? { fifo: true } : {}),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    ...(props.visibilityTimeout ? { visibilityTimeout: props.visibilityTimeout } : {}),
  });
  NagSuppressions.addResourceSuppressions(queue, [{ id: 'AwsSolutions-SQS3', reason: props.holds }]);
  alarmAtFirst(scope, props.alarm.id, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }), props.alarm.description);
  return queue;
}
