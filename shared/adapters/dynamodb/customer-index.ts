import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerIndex } from '../../ports/payout-store';
import { customerTakeBackKey, firstTakeBackKey, paidTakeBackKey, recipientDayKey } from './keys';

/**
 * A customer's take-backs at a brand, by the hash of their e-mail address: every take-back filed when
 * it is requested (`T#`), and the paid ones, which the payout rules read to tell new customers from
 * returning ones (`P#`, `FIRST`).
 */
export class DynamoDbCustomerIndex implements CustomerIndex {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async takeBacksOf(brand: string, customerHash: string): Promise<string[]> {
    const { PK, SK } = customerTakeBackKey(brand, customerHash, '');
    const ids: string[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': PK, ':prefix': SK },
          ConsistentRead: true,
          ...(cursor ? { ExclusiveStartKey: cursor } : {}),
        }),
      );
      ids.push(...(page.Items ?? []).map((item) => String(item.SK).slice(SK.length)));
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return ids;
  }

  async forget(brand: string, customerHash: string, passportId: string): Promise<void> {
    await Promise.all([
      this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: customerTakeBackKey(brand, customerHash, passportId) })),
      this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: paidTakeBackKey(brand, customerHash, passportId) })),
    ]);
    try {
      // The customer's first take-back is named there only while it is this one.
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: firstTakeBackKey(brand, customerHash),
          ConditionExpression: 'passportId = :passportId',
          ExpressionAttributeValues: { ':passportId': passportId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async forgetDailyCounts(brand: string, mailboxHash: string): Promise<void> {
    const { PK } = recipientDayKey(brand, mailboxHash, '');
    // A counter lives two days at most (its TTL): a page or two of keys.
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': PK },
          ProjectionExpression: 'PK, SK',
          ConsistentRead: true,
          ...(cursor ? { ExclusiveStartKey: cursor } : {}),
        }),
      );
      await Promise.all((page.Items ?? []).map((item) => this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: { PK: item.PK, SK: item.SK } }))));
      cursor = page.LastEvaluatedKey;
    } while (cursor);
  }
}
