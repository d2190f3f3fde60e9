import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AttentionBasisSchema } from '../../schemas/common';
import type { PayoutAttentionNote, PayoutAttentionNotes, PayoutAttentionNoting } from '../../ports/payout-attention';
import { PAYOUT_ATTENTION_PREFIX, payoutAttentionKey, payoutAttentionPartition } from './keys';

/** The notes in their brand's partition (`B#{brand}#PAYOUTS#ATTENTION`), one item per passport: written. */
export class DynamoDbPayoutAttentionNoting implements PayoutAttentionNoting {
  protected readonly doc: DynamoDBDocumentClient;

  constructor(protected readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async note({ brand, passportId, reason, basis, at }: PayoutAttentionNote): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...payoutAttentionKey(brand, passportId), entity: 'PayoutAttention', brand, passportId, reason, ...(basis ? { basis } : {}), at },
      }),
    );
  }
}

/** The notes written, listed and forgotten: the list of payouts waiting for a person, which reads their facts with the schema. */
export class DynamoDbPayoutAttentionNotes extends DynamoDbPayoutAttentionNoting implements PayoutAttentionNotes {
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
    return Items.map((item) => {
      // Read with its schema: a note of facts the platform no longer writes keeps its reason alone.
      const basis = AttentionBasisSchema.safeParse(item.basis);
      return { brand, passportId: String(item.passportId), reason: String(item.reason), ...(basis.success ? { basis: basis.data } : {}), at: String(item.at) };
    });
  }

  async forget(brand: string, passportId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: payoutAttentionKey(brand, passportId) }));
  }
}
