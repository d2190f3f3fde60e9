import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PayoutAttentionNote, PayoutAttentionNotes } from '../../ports/payout-attention';
import { PAYOUT_ATTENTION_PREFIX, payoutAttentionKey, payoutAttentionPartition } from './keys';

/** The notes in their brand's partition (`B#{brand}#PAYOUTS#ATTENTION`), one item per passport. */
export class DynamoDbPayoutAttentionNotes implements PayoutAttentionNotes {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async note({ brand, passportId, reason, at }: PayoutAttentionNote): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...payoutAttentionKey(brand, passportId), entity: 'PayoutAttention', brand, passportId, reason, at } }),
    );
  }

  async list(brand: string, limit: number): Promise<PayoutAttentionNote[]> {
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': payoutAttentionPartition(brand), ':prefix': PAYOUT_ATTENTION_PREFIX },
        ScanIndexForward: false,
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return Items.map((item) => ({ brand, passportId: String(item.passportId), reason: String(item.reason), at: String(item.at) }));
  }

  async forget(brand: string, passportId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: payoutAttentionKey(brand, passportId) }));
  }
}
