import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The table as the stack declares it, read once per run by the integration tests' global setup. */
    tableDefinition: TableDefinition;
  }
}

/** The keys and indexes of the stack's table. */
export type TableDefinition = Pick<CreateTableCommandInput, 'KeySchema' | 'AttributeDefinitions' | 'GlobalSecondaryIndexes'>;

/** A DynamoDB client for DynamoDB Local. */
export function localDynamoDb(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/**
 * The table's keys and indexes from the synthesized `Data` construct, so the stores are tested
 * against the schema that is deployed. The CDK library is loaded only here: it takes a second.
 */
export async function tableDefinitionOfStack(): Promise<TableDefinition> {
  const [{ App, Stack }, { Template }, { Data }] = await Promise.all([import('aws-cdk-lib'), import('aws-cdk-lib/assertions'), import('../../infra/constructs/data')]);
  const stack = new Stack(new App(), 'TableOnly');
  new Data(stack, 'Data');
  const [table] = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table'));
  const props = table!.Properties as Record<string, unknown>;
  return {
    KeySchema: props.KeySchema as CreateTableCommandInput['KeySchema'],
    AttributeDefinitions: props.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
    GlobalSecondaryIndexes: props.GlobalSecondaryIndexes as CreateTableCommandInput['GlobalSecondaryIndexes'],
  };
}

/**
 * Creates a table exactly as the stack declares it (keys, indexes, stream). Inside vitest the
 * definition comes from the global setup; outside it (the benchmarks) the caller passes it.
 */
export async function createTableLikeStack(client: DynamoDBClient, tableName: string, given?: TableDefinition): Promise<void> {
  const definition = given ?? inject('tableDefinition') ?? (await tableDefinitionOfStack());
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      ...definition,
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
}
