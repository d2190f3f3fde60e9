import type { MessageAttributeValue } from './sqs-md5';

/**
 * The SQS message attributes EventBridge and EventBridge Scheduler put on an event they dead-letter: the last error,
 * which limit ended the retries and after how many, and where it came from (`RULE_ARN` or `SCHEDULE_ARN`, and
 * `TARGET_ARN`).
 */
export function deadLetterAttributes(error: unknown, exhausted: string, retries: number, origin: Record<string, string>): Record<string, MessageAttributeValue> {
  const attribute = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });
  return {
    ERROR_CODE: attribute(error instanceof Error ? error.name : 'Error'),
    ERROR_MESSAGE: attribute((error instanceof Error ? error.message : String(error)) || 'failed'),
    EXHAUSTED_RETRY_CONDITION: attribute(exhausted),
    RETRY_ATTEMPTS: attribute(String(retries)),
    ...Object.fromEntries(Object.entries(origin).map(([name, arn]) => [name, attribute(arn)])),
  };
}
