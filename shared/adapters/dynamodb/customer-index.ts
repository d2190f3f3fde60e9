import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CustomerIndex } from '../../ports/payout-store';
import { firstTakeBackKey, paidTakeBackKey } from './keys';

/**
 * The index of a customer's paid take-backs at a brand (by the hash of their e-mail address, which
 * the payout rules read to tell new customers from returning ones), as far as one passport is in it.
 */
export class DynamoDbCustomerIndex implements CustomerIndex {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async forget(brand: string, customerHash: string, passportId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: paidTakeBackKey(brand, customerHash, passportId) }));
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
}
