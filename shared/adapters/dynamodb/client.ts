import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { withoutCallLogging } from '../sdk-client';

let shared: DynamoDBClient | undefined;

/**
 * The one DynamoDB client of an execution environment, made on first use: every adapter wraps it,
 * so a Lambda keeps one connection pool and one credential chain however many stores it composes.
 */
export function dynamoDbClient(): DynamoDBClient {
  return (shared ??= withoutCallLogging(new DynamoDBClient({})));
}
