import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** A DynamoDB client for DynamoDB Local; a module of its own, so that the kill-harness workers bundle it without vitest. */
export function localDynamoDb(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}
