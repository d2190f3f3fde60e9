import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { IdempotencyRecord, IdempotencyStore, StoredResponse } from '../../ports/idempotency-store';
import { idempotencyAnswerPartKey, idempotencyKey } from './keys';

/** How often a claim reads and tries again when the record it saw vanished in between (a release). */
const CLAIM_ATTEMPTS = 3;
/**
 * The most bytes of a compressed answer kept in one item: DynamoDB refuses an item above 400 KB, and the record holds
 * its key, hashes and headers beside the body.
 */
export const ANSWER_PART_BYTES = 300_000;

/**
 * An answer as its record keeps it: the body gzipped (a JSON answer shrinks many times), in the record itself when it
 * fits, else in `parts` items of its own beside it. A Lambda answers at most 6 MB, so any answer fits in 21 parts.
 */
interface KeptResponse {
  statusCode: number;
  headers: Record<string, string>;
  isBase64Encoded: boolean;
  gzip?: Uint8Array;
  parts?: number;
  /** An answer kept before bodies were compressed (a record of at most a day). */
  body?: string;
}

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
        const { PK: _pk, SK: _sk, entity: _entity, ttl: _ttl, response, ...held } = Item;
        // Its own record: the put landed, its answer was lost and the SDK sent it again. The key is held.
        if (held.owner === record.owner) return undefined;
        const kept = response as KeptResponse | undefined;
        return { ...(held as Omit<IdempotencyRecord, 'response'>), ...(kept && { response: await this.answerOf(record.scopedKeyHash, held.owner as string, kept) }) };
      }
    }
    throw new Error('The idempotency record kept changing while it was being claimed.');
  }

  async complete(scopedKeyHash: string, owner: string, response: StoredResponse): Promise<void> {
    const { body, ...rest } = response;
    const gzip = gzipSync(body);
    let kept: KeptResponse = { ...rest, gzip };
    if (gzip.byteLength > ANSWER_PART_BYTES) {
      // Parts first, the record that names them last: a repeat that reads the record COMPLETED finds every part. Parts
      // of a request that then finds its key taken over are nobody's, and expire with the record's time to live.
      const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: idempotencyKey(scopedKeyHash), ProjectionExpression: 'expiresAt', ConsistentRead: true }));
      const expiresAt = Item?.expiresAt as number | undefined;
      if (expiresAt === undefined) return;
      const parts = Math.ceil(gzip.byteLength / ANSWER_PART_BYTES);
      await Promise.all(
        Array.from({ length: parts }, (_, index) =>
          this.doc.send(
            new PutCommand({
              TableName: this.tableName,
              Item: { ...idempotencyAnswerPartKey(scopedKeyHash, owner, index + 1), entity: 'IdempotencyAnswerPart', gzip: gzip.subarray(index * ANSWER_PART_BYTES, (index + 1) * ANSWER_PART_BYTES), ttl: expiresAt },
            }),
          ),
        ),
      );
      kept = { ...rest, parts };
    }
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: idempotencyKey(scopedKeyHash),
          UpdateExpression: 'SET #status = :completed, #response = :response',
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#status': 'status', '#response': 'response', '#owner': 'owner' },
          ExpressionAttributeValues: { ':completed': 'COMPLETED', ':response': kept, ':owner': owner },
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

  /** The answer a record keeps, its body unzipped and, when kept in parts, put together again. */
  private async answerOf(scopedKeyHash: string, owner: string, kept: KeptResponse): Promise<StoredResponse> {
    const { gzip, parts, body, ...rest } = kept;
    if (body !== undefined) return { ...rest, body };
    if (gzip !== undefined) return { ...rest, body: gunzipSync(gzip).toString('utf8') };
    const { PK, SK } = idempotencyAnswerPartKey(scopedKeyHash, owner, 0);
    const prefix = SK.slice(0, SK.lastIndexOf('#') + 1);
    const chunks: Uint8Array[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': PK, ':prefix': prefix },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) chunks.push(item.gzip as Uint8Array);
      start = page.LastEvaluatedKey;
    } while (start);
    if (chunks.length !== parts) throw new Error(`The kept answer has ${chunks.length} of its ${parts} parts.`);
    return { ...rest, body: gunzipSync(Buffer.concat(chunks)).toString('utf8') };
  }
}
