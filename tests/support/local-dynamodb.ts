import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';

/** What DynamoDB Local takes from a client besides its endpoint: any region and credentials. */
const LOCAL = { region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/** A DynamoDB client for DynamoDB Local; a module of its own, so that the kill-harness workers bundle it without vitest. */
export function localDynamoDb(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, ...LOCAL });
}

/** A DynamoDB Streams client for DynamoDB Local's streams. */
export function localDynamoDbStreams(endpoint: string): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({ endpoint, ...LOCAL });
}
