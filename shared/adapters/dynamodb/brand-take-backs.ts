import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { PASSPORT_STATES } from '../../domain/lifecycle';
import type { BrandTakeBacks } from '../../ports/brand-take-backs';
import { stateQueueKey } from './keys';

/**
 * A brand's take-backs as its work queues (GSI1, `B#{brand}#S#{state}`) list them: every passport
 * is in the queue of its state from its first write on, so one item in any queue is a take-back.
 * One query of at most one item per state, asked only when a save changes the currency: no item
 * of its own to keep, so the brands that took items back before it are found as they are.
 */
export class DynamoDbBrandTakeBacks implements BrandTakeBacks {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async hasTakenBack(brand: string): Promise<boolean> {
    const counts = await Promise.all(
      PASSPORT_STATES.map(async (state) => {
        const { Count } = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'GSI1',
            KeyConditionExpression: 'GSI1PK = :queue',
            ExpressionAttributeValues: { ':queue': stateQueueKey(brand, state, '').GSI1PK },
            Select: 'COUNT',
            Limit: 1,
          }),
        );
        return Count ?? 0;
      }),
    );
    return counts.some((count) => count > 0);
  }
}
