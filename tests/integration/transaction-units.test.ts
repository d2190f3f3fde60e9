import { PutItemCommand, TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { actionsOf, itemSize, itemsOf, transactionWriteUnits } from '../../bench/transaction-units';
import { newId } from '../../shared/services/tokens';
import { createTableLikeStack, localDynamoDb } from '../support/table';

/** The bench's count of a transaction's write units (`npm run bench -- cost`), which DynamoDB Local reports wrongly. */
describe("the bench's write units of a transaction, against DynamoDB Local", () => {
  const client = localDynamoDb(inject('dynamodbEndpoint'));
  const tableName = `units-${newId()}`;
  const text = (bytes: number) => ({ S: 'x'.repeat(bytes) });

  beforeAll(async () => {
    await createTableLikeStack(client, tableName);
  });

  it('bills every item a transaction puts, updates, deletes or checks, by its size, and the index entries it writes', async () => {
    const put = async (item: Record<string, { S: string }>) => client.send(new PutItemCommand({ TableName: tableName, Item: item }));
    await put({ PK: { S: 'P#updated' }, SK: { S: 'META' }, notes: text(1_500) });
    await put({ PK: { S: 'P#deleted' }, SK: { S: 'META' }, notes: text(500) });
    await put({ PK: { S: 'P#checked' }, SK: { S: 'META' } });
    const indexed = { PK: { S: 'P#new' }, SK: { S: 'META' }, GSI1PK: { S: 'B#demo#LEDGER#2026-12' }, GSI1SK: { S: 'a' }, notes: text(3_000) };
    const items: TransactWriteItem[] = [
      { Put: { TableName: tableName, Item: indexed, ConditionExpression: 'attribute_not_exists(PK)' } },
      { Update: { TableName: tableName, Key: { PK: { S: 'P#updated' }, SK: { S: 'META' } }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '1' } } } },
      { Delete: { TableName: tableName, Key: { PK: { S: 'P#deleted' }, SK: { S: 'META' } } } },
      { ConditionCheck: { TableName: tableName, Key: { PK: { S: 'P#checked' }, SK: { S: 'META' } }, ConditionExpression: 'attribute_exists(PK)' } },
    ];
    const actions = actionsOf(items, () => ['PK', 'SK']);
    const before = await itemsOf(client, actions);
    await client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    const after = await itemsOf(client, actions);

    // The put's item is billed as 3 KB: over 2 KB, within 3 KB.
    expect(Math.ceil(itemSize(indexed) / 1024)).toBe(3);
    expect(before.map((item) => item === undefined)).toEqual([true, false, false, false]);
    expect(after.map((item) => item === undefined)).toEqual([false, false, true, false]);
    const units = transactionWriteUnits(items.map((item, index) => ({ before: before[index], after: after[index], checkOnly: item.ConditionCheck !== undefined })));
    // The put: 3 KB twice, and its index entry as much; the update 2 KB twice; the delete and the check 1 KB twice each.
    expect(units).toBe(2 * 3 + 2 * 3 + 2 * 2 + 2 * 1 + 2 * 1);
  });

  it('is needed: DynamoDB Local reports a transaction of five puts as one', async () => {
    const puts = Array.from({ length: 5 }, (_, index): TransactWriteItem => ({ Put: { TableName: tableName, Item: { PK: { S: `P#five-${index}` }, SK: { S: 'META' } } } }));
    const { ConsumedCapacity } = await client.send(new TransactWriteItemsCommand({ TransactItems: puts, ReturnConsumedCapacity: 'TOTAL' }));

    expect(ConsumedCapacity?.[0]?.CapacityUnits).toBe(2);
    const actions = actionsOf(puts, () => ['PK', 'SK']);
    const after = await itemsOf(client, actions);
    expect(transactionWriteUnits(after.map((item) => ({ before: undefined, after: item, checkOnly: false })))).toBe(10);
  });

  it('sizes an item as DynamoDB does: names and values, numbers by their digits, lists and maps with their overhead', () => {
    expect(itemSize({ PK: { S: 'P#1' } })).toBe(2 + 3);
    expect(itemSize({ n: { N: '12345' } })).toBe(1 + 4);
    expect(itemSize({ n: { N: '-0.0100' } })).toBe(1 + 2);
    expect(itemSize({ ok: { BOOL: true }, none: { NULL: true } })).toBe(2 + 1 + 4 + 1);
    expect(itemSize({ l: { L: [{ S: 'ab' }, { N: '7' }] } })).toBe(1 + 3 + (1 + 2) + (1 + 2));
    expect(itemSize({ m: { M: { a: { S: 'xyz' } } } })).toBe(1 + 3 + (1 + 1 + 3));
    expect(itemSize({ name: { S: 'Müller' } })).toBe(4 + 7);
  });
});
