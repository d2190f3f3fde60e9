import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { IdempotencyRecord, IdempotencyStore, StoredResponse } from '../../ports/idempotency-store';
import { idempotencyKey } from './keys';

/** How often a claim reads and tries again when the record it saw vanished in between (a release). */
const CLAIM_ATTEMPTS = 3;

/** Idempotency records on the single table, expired by its `ttl` attribute. */
export class DynamoDbIdempotencyStore implements IdempotencyStore {
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async claim(record: IdempotencyRecord, nowSeconds: number): Promise<IdempotencyRecord | undefined> {
    const key = idempotencyKey(record.scopedKeyHash);
    for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt++) {
      try {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...key, entity: 'IdempotencyRecord', ...record, ttl: record.expiresAt },
            // DynamoDB deletes expired items only eventually, so an expired record counts as absent;
            // so does the lock of a request that died before it completed or released its record.
            ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :now OR (#status = :inProgress AND lockedUntil <= :now)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':now': nowSeconds, ':inProgress': 'IN_PROGRESS' },
          }),
        );
        return undefined;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
      const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
      if (Item) {
        const { PK: _pk, SK: _sk, entity: _entity, ttl: _ttl, ...held } = Item;
        // Its own record: the put landed, its answer was lost and the SDK sent it again. The key is held.
        if (held.owner === record.owner) return undefined;
        return held as IdempotencyRecord;
      }
    }
    throw new Error('The idempotency record kept changing while it was being claimed.');
  }

  async complete(scopedKeyHash: string, owner: string, response: StoredResponse): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: idempotencyKey(scopedKeyHash),
          UpdateExpression: 'SET #status = :completed, #response = :response',
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#status': 'status', '#response': 'response', '#owner': 'owner' },
          ExpressionAttributeValues: { ':completed': 'COMPLETED', ':response': response, ':owner': owner },
        }),
      );
    } catch (error) {
      // Another request took the key over after this one's lock ran out: its record is not ours to change.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async release(scopedKeyHash: string, owner: string): Promise<void> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: idempotencyKey(scopedKeyHash),
          ConditionExpression: '#owner = :owner AND #status = :inProgress',
          ExpressionAttributeNames: { '#owner': 'owner', '#status': 'status' },
          ExpressionAttributeValues: { ':owner': owner, ':inProgress': 'IN_PROGRESS' },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
