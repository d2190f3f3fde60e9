import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient, type TransactWriteItem } from '@aws-sdk/client-dynamodb';

// DynamoDB Local answers a TransactWriteItems with the capacity of one item of each kind of action
// in it (2 units for five small puts, as for one; measured on 6 December 2026) and none for a
// condition check, while DynamoDB bills every item the transaction writes or checks. The bench
// works the units out itself, from the items' sizes before and after.

type Item = Record<string, AttributeValue>;

/** The platform table's one global secondary index (`infra/constructs/data.ts`): its key attributes; it projects every attribute. */
const INDEX_KEYS = ['GSI1PK', 'GSI1SK'] as const;
/** BatchGetItem's limit of keys in one request. */
const BATCH_GET_KEYS = 100;

/**
 * An item's size as DynamoDB bills it: each attribute's name and value in bytes (UTF-8 strings,
 * numbers about one byte per two significant digits plus one, binaries their length, booleans and
 * nulls one byte, lists and maps 3 bytes plus 1 per element besides their elements, sets their elements).
 *
 * @example
 * itemSize({ PK: { S: 'P#1' }, n: { N: '42' } }); // 2 + 3 + 1 + 2 = 8
 */
export function itemSize(item: Item): number {
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value), 0);
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS) return value.SS.reduce((sum, element) => sum + Buffer.byteLength(element), 0);
  if (value.NS) return value.NS.reduce((sum, element) => sum + numberSize(element), 0);
  if (value.BS) return value.BS.reduce((sum, element) => sum + element.length, 0);
  if (value.L) return 3 + value.L.reduce((sum, element) => sum + 1 + valueSize(element), 0);
  if (value.M) return 3 + Object.entries(value.M).reduce((sum, [name, element]) => sum + 1 + Buffer.byteLength(name) + valueSize(element), 0);
  return 0;
}

function numberSize(number: string): number {
  const digits = number.replace(/^-/, '').replace(/e.*$/i, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(digits.length / 2) + 1;
}

/** Write units of one write of an item of `bytes` (1 KB each, rounded up; at least one). */
const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

interface Action {
  table: string;
  key: Item;
}

/** The item each action of a transaction acts on. */
export function actionsOf(items: readonly TransactWriteItem[], keyNames: (table: string) => readonly string[]): Action[] {
  return items.map((entry) => {
    if (entry.Put) {
      const item = entry.Put.Item ?? {};
      const table = entry.Put.TableName ?? '';
      return { table, key: Object.fromEntries(keyNames(table).map((name) => [name, item[name]!])) };
    }
    const part = entry.Update ?? entry.Delete ?? entry.ConditionCheck;
    return { table: part?.TableName ?? '', key: part?.Key ?? {} };
  });
}

/** The items of these keys as the table holds them now, by action (undefined where there is none). */
export async function itemsOf(client: DynamoDBClient, actions: readonly Action[]): Promise<(Item | undefined)[]> {
  const found = new Map<string, Item>();
  const keyText = (table: string, key: Item) => `${table}\u0000${JSON.stringify(Object.entries(key).sort(([a], [b]) => a.localeCompare(b)))}`;
  for (let start = 0; start < actions.length; start += BATCH_GET_KEYS) {
    const byTable = new Map<string, Item[]>();
    for (const action of actions.slice(start, start + BATCH_GET_KEYS)) byTable.set(action.table, [...(byTable.get(action.table) ?? []), action.key]);
    let request: Record<string, { Keys: Item[]; ConsistentRead: true }> | undefined = Object.fromEntries(
      [...byTable].map(([table, keys]) => [table, { Keys: keys, ConsistentRead: true as const }]),
    );
    while (request && Object.keys(request).length > 0) {
      const answer = await client.send(new BatchGetItemCommand({ RequestItems: request }));
      for (const [table, items] of Object.entries(answer.Responses ?? {})) {
        for (const item of items) {
          const keyNames = Object.keys(byTable.get(table)?.[0] ?? {});
          found.set(keyText(table, Object.fromEntries(keyNames.map((name) => [name, item[name]!]))), item);
        }
      }
      request = answer.UnprocessedKeys as typeof request;
    }
  }
  return actions.map((action) => found.get(keyText(action.table, action.key)));
}

/**
 * The write units DynamoDB bills a TransactWriteItems that succeeded: two per KB of each item it
 * puts, updates, deletes or checks (the larger of its sizes before and after; a condition check is
 * billed as a write), and two per KB of the index entry each write adds, changes or removes (GSI1
 * projects the whole item; DynamoDB Local doubles an index write in a transaction as it does the item's).
 *
 * @example
 * transactionWriteUnits([{ before: undefined, after: { PK: { S: 'P#1' }, SK: { S: 'META' } }, checkOnly: false }]); // 2
 */
export function transactionWriteUnits(writes: readonly { before: Item | undefined; after: Item | undefined; checkOnly: boolean }[]): number {
  return writes.reduce((sum, { before, after, checkOnly }) => {
    const size = Math.max(before ? itemSize(before) : 0, after ? itemSize(after) : 0);
    const table = 2 * writeUnits(size);
    if (checkOnly) return sum + table;
    const indexed = (item: Item | undefined) => item !== undefined && INDEX_KEYS.every((name) => item[name] !== undefined);
    const indexKey = (item: Item) => INDEX_KEYS.map((name) => JSON.stringify(item[name])).join('\u0000');
    let index = 0;
    if (indexed(before) && indexed(after) && indexKey(before!) !== indexKey(after!)) index = writeUnits(itemSize(before!)) + writeUnits(itemSize(after!));
    else if (indexed(before) || indexed(after)) index = writeUnits(size);
    return sum + table + 2 * index;
  }, 0);
}
