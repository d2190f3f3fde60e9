import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Redemption, RedemptionRecord, Voucher, VoucherStore } from '../../ports/payout-store';
import { redemptionKey, voucherKey } from './keys';
import { withoutKeys } from './stored-item';

/**
 * The vouchers on the single table: looked up and spent by the brands' shops. A class of its own, so
 * that the voucher routes carry none of the payouts' writes ({@link DynamoDbPayoutStore} hands its
 * voucher methods to it).
 */
export class DynamoDbVoucherStore implements VoucherStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async getVoucher(code: string): Promise<Voucher | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: voucherKey(code), ConsistentRead: true }));
    return Item ? (withoutKeys(Item) as unknown as Voucher) : undefined;
  }

  async spendVoucher(code: string, brand: string, seenBalance: number, redemption: Redemption, record: RedemptionRecord): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: voucherKey(code),
                UpdateExpression: 'SET balance = balance - :amount, redemptions = list_append(if_not_exists(redemptions, :none), :redemption)',
                ConditionExpression: 'attribute_exists(PK) AND brand = :brand AND balance = :seen AND balance >= :amount AND expiresAt >= :now',
                ExpressionAttributeValues: {
                  ':amount': redemption.amount,
                  ':brand': brand,
                  ':seen': seenBalance,
                  ':now': redemption.at,
                  ':none': [],
                  ':redemption': [redemption],
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...redemptionKey(code, record.key), entity: 'Redemption', ...record },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  async getRedemption(code: string, key: string): Promise<RedemptionRecord | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: redemptionKey(code, key), ConsistentRead: true }));
    return Item ? (withoutKeys(Item) as unknown as RedemptionRecord) : undefined;
  }
}
