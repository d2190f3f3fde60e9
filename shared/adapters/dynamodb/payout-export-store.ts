import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/errors';
import type { LoggedEvent } from '../../ports/passport-event-log';
import type { PayoutExportReads, PayoutExportRecord, PayoutExportStore, PayoutRecord } from '../../ports/payout-store';
import {
  exportedPayoutKey,
  exportedPayoutsPartition,
  heldPayoutKey,
  heldPayoutsPartition,
  payoutExportKey,
  payoutExportsPartition,
  payoutKey,
  queuedPayoutKey,
  queuedPayoutsPartition,
} from './keys';
import { DynamoDbPassportEventLog } from './passport-event-log';
import { queryAll } from './query-all';
import { conditionHeld, withoutKeys } from './stored-item';

/**
 * The exports and the payouts set aside, read: what the exports' list and file routes need. A class
 * is kept whole in a bundle, so they carry none of the exports' writes.
 */
export class DynamoDbPayoutExportReads implements PayoutExportReads {
  protected readonly doc: DynamoDBDocumentClient;

  /** With a DynamoDBClient, or with the document client of the store that extends this one. */
  constructor(protected readonly tableName: string, client: DynamoDBClient | DynamoDBDocumentClient) {
    this.doc = client instanceof DynamoDBDocumentClient ? client : DynamoDBDocumentClient.from(client);
  }

  heldBankPayouts(brand: string, limit: number): Promise<PayoutRecord[]> {
    return this.payoutsIn(heldPayoutsPartition(brand), limit);
  }

  async getExport(brand: string, exportId: string): Promise<PayoutExportRecord | undefined> {
    return (await this.get(payoutExportKey(brand, exportId))) as PayoutExportRecord | undefined;
  }

  async listExports(brand: string, limit: number, cursor?: string): Promise<{ exports: PayoutExportRecord[]; cursor?: string }> {
    const pk = payoutExportsPartition(brand);
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        FilterExpression: '#status = :ready',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': pk, ':ready': 'READY' },
        ScanIndexForward: false,
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: { PK: pk, SK: exportIdOfCursor(cursor) } } : {}),
      }),
    );
    const last = page.LastEvaluatedKey?.SK as string | undefined;
    return {
      exports: (page.Items ?? []).map((item) => withoutKeys(item) as unknown as PayoutExportRecord),
      ...(last ? { cursor: Buffer.from(last).toString('base64url') } : {}),
    };
  }

  /** The first `limit` payouts of a GSI1 partition of payouts, oldest first. */
  protected async payoutsIn(partition: string, limit: number): Promise<PayoutRecord[]> {
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        Limit: limit,
      }),
    );
    return Items.map((item) => withoutKeys(item) as unknown as PayoutRecord);
  }

  protected async get(key: { PK: string; SK: string }): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item ? withoutKeys(Item) : undefined;
  }
}

/**
 * The PayoutExportStore on the single table (keys in `keys.ts`): the bank payouts' way from the
 * queue into an export, or aside (HELD). A function that exports carries this store only, not the
 * vouchers' and settlement's writes of `DynamoDbPayoutStore`.
 */
export class DynamoDbPayoutExportStore extends DynamoDbPayoutExportReads implements PayoutExportStore {
  private readonly events: DynamoDbPassportEventLog;

  constructor(tableName: string, client: DynamoDBClient) {
    const events = new DynamoDbPassportEventLog(tableName, client);
    super(tableName, events.doc);
    this.events = events;
  }

  queuedBankPayouts(brand: string, limit: number): Promise<PayoutRecord[]> {
    return this.payoutsIn(queuedPayoutsPartition(brand), limit);
  }

  async openExport(record: PayoutExportRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...payoutExportKey(record.brand, record.exportId), entity: 'PayoutExport', ...record },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async unfinishedExports(brand: string): Promise<PayoutExportRecord[]> {
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        FilterExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': payoutExportsPartition(brand), ':open': 'OPEN' },
        ConsistentRead: true,
      }),
    );
    return Items.map((item) => withoutKeys(item) as unknown as PayoutExportRecord);
  }

  async claimForExport(payout: PayoutRecord, exportId: string, event: LoggedEvent, at: string): Promise<boolean> {
    const claimed = exportedPayoutKey(exportId, payout.payoutId);
    return this.events.writeWithEvent(payout.passportId, at, event, [
      {
        Update: {
          TableName: this.tableName,
          Key: payoutKey(payout.passportId),
          UpdateExpression: 'SET #status = :exported, exportId = :exportId, exportedAt = :at, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk',
          ConditionExpression: '#status = :queued',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':exported': 'EXPORTED',
            ':queued': 'QUEUED',
            ':exportId': exportId,
            ':at': at,
            ':gsi1pk': claimed.GSI1PK,
            ':gsi1sk': claimed.GSI1SK,
          },
        },
      },
    ]);
  }

  async claimedBy(exportId: string): Promise<PayoutRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': exportedPayoutsPartition(exportId) },
    });
    return items.map((item) => withoutKeys(item) as unknown as PayoutRecord);
  }

  async holdBankPayout(payout: PayoutRecord, reason: string, event: LoggedEvent, at: string): Promise<boolean> {
    const held = heldPayoutKey(payout.brand, payout.createdAt, payout.payoutId);
    const fromExport = payout.status === 'EXPORTED' && payout.exportId !== undefined;
    if (!fromExport && payout.status !== 'QUEUED') return false;
    return this.events.writeWithEvent(payout.passportId, at, event, [
      {
        Update: {
          TableName: this.tableName,
          Key: payoutKey(payout.passportId),
          UpdateExpression: 'SET #status = :held, held = :why, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk REMOVE exportId, exportedAt',
          ConditionExpression: fromExport ? '#status = :from AND exportId = :exportId' : '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':held': 'HELD',
            ':from': payout.status,
            ':why': { reason, at },
            ':gsi1pk': held.GSI1PK,
            ':gsi1sk': held.GSI1SK,
            ...(fromExport ? { ':exportId': payout.exportId } : {}),
          },
        },
      },
    ]);
  }

  async requeueBankPayout(payout: PayoutRecord): Promise<boolean> {
    const queued = queuedPayoutKey(payout.brand, payout.createdAt, payout.payoutId);
    return conditionHeld(
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: payoutKey(payout.passportId),
          UpdateExpression: 'SET #status = :queued, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk REMOVE held',
          ConditionExpression: '#status = :held',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':queued': 'QUEUED', ':held': 'HELD', ':gsi1pk': queued.GSI1PK, ':gsi1sk': queued.GSI1SK },
        }),
      ),
    );
  }

  async completeExport(record: PayoutExportRecord): Promise<boolean> {
    const completed = await conditionHeld(
      this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...payoutExportKey(record.brand, record.exportId), entity: 'PayoutExport', ...record },
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'OPEN' },
        }),
      ),
    );
    if (completed) return true;
    // No longer open: finished by another request, or by this one when the answer to its put was
    // lost and the SDK sent it again. Done as this request would have done it when the stored
    // export has the same outcome, file, payouts and total.
    const stored = await this.getExport(record.brand, record.exportId);
    return (
      stored?.status === record.status &&
      stored.fileKey === record.fileKey &&
      stored.count === record.count &&
      stored.total?.amount === record.total?.amount
    );
  }
}

/** A cursor is the opaque form of the last export id of a page; it carries nothing of another brand. */
function exportIdOfCursor(cursor: string): string {
  const exportId = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(exportId)) {
    throw new ValidationError('The cursor is not one this list gave out.', [{ in: 'query', path: ['cursor'], message: 'unknown cursor' }]);
  }
  return exportId;
}
