import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/errors';
import type { LedgerLine } from '../../domain/ledger';
import type { LedgerStore } from '../../ports/ledger-store';
import { brandLedgerLineKey, brandLedgerMonthPartition, ledgerEntryKey } from './keys';
import type { TransactItem } from './passport-store';
import { queryAll } from './query-all';
import { withoutKeys } from './stored-item';

type Item = Record<string, unknown>;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The write of a ledger line, for the transaction of what caused it: beside its passport, and on
 * GSI1 under its brand's month. Every writer of ledger lines builds its item here. Conditional on
 * the entry id being new, so a cause recorded twice keeps one line (and cancels its transaction).
 */
export function ledgerLinePut(tableName: string, line: LedgerLine): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...ledgerEntryKey(line.passportId, line.entryId),
        ...brandLedgerLineKey(line.brand, line.at, line.passportId, line.entryId),
        entity: 'LedgerEntry',
        ...line,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** A stored ledger line without its keys. */
export function ledgerLineFrom(item: Item): LedgerLine {
  return withoutKeys(item) as unknown as LedgerLine;
}

/** The LedgerStore on the single table's GSI1 (keys in `keys.ts`). */
export class DynamoDbLedgerStore implements LedgerStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async ledgerLinesOfMonth(brand: string, month: string): Promise<LedgerLine[]> {
    if (!MONTH.test(month)) throw new ValidationError(`${month} is not a month.`, [{ path: ['month'], message: 'must be YYYY-MM' }]);
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': brandLedgerMonthPartition(brand, month) },
    });
    return items.map(ledgerLineFrom);
  }
}
