import type { TestProject } from 'vitest/node';
import { importOnce } from '../support/native-import';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}

/**
 * One DynamoDB Local (in memory) for the whole integration run; each test file makes its own
 * tables, from the stack's table definition read here once.
 */
export default async function setup(project: TestProject) {
  const [{ startDynamoDbLocal }, { tableDefinitionOfStack }] = await Promise.all([
    importOnce<typeof import('../../local/services/dynamodb-local')>('../../local/services/dynamodb-local.ts', import.meta.url),
    importOnce<typeof import('../support/table-definition')>('../support/table-definition.ts', import.meta.url),
  ]);
  const [dynamodb, tableDefinition] = await Promise.all([startDynamoDbLocal(), tableDefinitionOfStack()]);
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  project.provide('tableDefinition', tableDefinition);
  return () => dynamodb.stop();
}
