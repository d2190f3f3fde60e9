import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { newId } from '../../shared/services/tokens';
import { createTableLikeStack, localDynamoDb } from '../support/table';

describe("the integration tests' tables (DynamoDB Local)", () => {
  it("have the stack's keys and indexes, and no stream, which none of these tests reads", async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const tableName = `like-stack-${newId()}`;
    await createTableLikeStack(client, tableName);

    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const stack = inject('tableDefinition');
    expect(Table?.KeySchema).toEqual(stack.KeySchema);
    expect(stack.GlobalSecondaryIndexes?.length).toBeGreaterThan(0);
    expect(Table?.GlobalSecondaryIndexes?.map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }))).toEqual(
      stack.GlobalSecondaryIndexes?.map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection })),
    );
    expect(Table?.StreamSpecification?.StreamEnabled ?? false).toBe(false);
    expect(Table?.LatestStreamArn).toBeUndefined();
  });
});
