import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

// Apart from `table.ts` (which reads vitest's provided context), so that the integration tests'
// global setup can load it through Node.js with the other setups' modules (`native-import.ts`).

/** The keys and indexes of the stack's table. */
export type TableDefinition = Pick<CreateTableCommandInput, 'KeySchema' | 'AttributeDefinitions' | 'GlobalSecondaryIndexes'>;

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
