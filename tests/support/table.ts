import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { Data } from '../../infra/constructs/data';

/** A DynamoDB client for DynamoDB Local. */
export function localDynamoDb(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/**
 * Creates a table exactly as the stack declares it (keys, indexes, stream), from the synthesized
 * `Data` construct, so the store is tested against the schema that is deployed.
 */
export async function createTableLikeStack(client: DynamoDBClient, tableName: string): Promise<void> {
  const stack = new Stack(new App(), 'TableOnly');
  new Data(stack, 'Data');
  const [table] = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table'));
  const props = table!.Properties as Record<string, unknown>;
  const input: CreateTableCommandInput = {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: props.KeySchema as CreateTableCommandInput['KeySchema'],
    AttributeDefinitions: props.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
    GlobalSecondaryIndexes: props.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'],
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
  await client.send(new CreateTableCommand(input));
}
