import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../local/services/dynamodb-local';
import { tableDefinitionOfStack } from '../support/table';

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
  const [dynamodb, tableDefinition] = await Promise.all([startDynamoDbLocal(), tableDefinitionOfStack()]);
  project.provide('dynamodbEndpoint', dynamodb.endpoint);
  project.provide('tableDefinition', tableDefinition);
  return () => dynamodb.stop();
}
