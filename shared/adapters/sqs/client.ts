import { SQSClient } from '@aws-sdk/client-sqs';
import { withoutCallLogging } from '../sdk-client';

let shared: SQSClient | undefined;

/** The one SQS client of an execution environment, made on first use and shared by the queue adapters. */
export function sqsClient(): SQSClient {
  return (shared ??= withoutCallLogging(new SQSClient({})));
}
