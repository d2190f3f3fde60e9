import { ConditionalCheckFailedException, type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConcurrentChangeError, ValidationError } from '../../domain/errors';
import type { LedgerLine } from '../../domain/ledger';
import type { LoggedEvent } from '../../ports/passport-event-log';
import type { PaidTakeBack, PayoutExportRecord, PayoutStore, Redemption, RedemptionRecord, PayoutRecord, Voucher } from '../../ports/payout-store';
import {
  exportedPayoutKey,
  exportedPayoutsPartition,
  firstTakeBackKey,
  heldPayoutKey,
  heldPayoutsPartition,
  paidTakeBackKey,
  payoutExportKey,
  payoutExportsPartition,
  payoutKey,
  queuedPayoutKey,
  queuedPayoutsPartition,
  redemptionKey,
  voucherKey,
} from './keys';
import { ledgerLinePut } from './ledger-store';
import { DynamoDbPassportEventLog, type TransactItem } from './passport-event-log';
import { queryAll } from './query-all';

type Item = Record<string, unknown>;
const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'entity'];
const FIRST_SK = firstTakeBackKey('', '').SK;
const PAID_SK_PREFIX = paidTakeBackKey('', '', '').SK;

/** Nothing was written: another take-back of the customer was fixed as their first meanwhile. */
function lostFirstTakeBack(payout: PayoutRecord): ConcurrentChangeError {
  return new ConcurrentChangeError(`Another take-back of the customer of ${payout.passportId} was paid as their first; the payout is decided again.`);
}

/**
 * The PayoutStore on the single table (keys in `keys.ts`). A passport's payout item is the
 * guard of its payout: created once with `attribute_not_exists`, moved on only from the status it
 * must be in, always in the transaction that writes the passport's event.
 */
export class DynamoDbPayoutStore implements PayoutStore {
  private readonly events: DynamoDbPassportEventLog;
  private readonly doc: DynamoDBDocumentClient;

  constructor(private readonly tableName: string, client: DynamoDBClient) {
    this.events = new DynamoDbPassportEventLog(tableName, client);
    this.doc = this.events.doc;
  }

  async getPayout(passportId: string): Promise<PayoutRecord | undefined> {
    return (await this.get(payoutKey(passportId))) as PayoutRecord | undefined;
  }

  async countPaidTakeBacks(brand: string, customerHash: string, exceptPassportId: string): Promise<number> {
    const { PK } = firstTakeBackKey(brand, customerHash);
    const { Items = [] } = await this.doc.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': PK }, ConsistentRead: true }),
    );
    // The first take-back counts from the moment its payout is fixed, before it is issued or queued.
    const others = new Set(Items.map((item) => (item.SK === FIRST_SK ? String(item.passportId) : String(item.SK).slice(PAID_SK_PREFIX.length))));
    others.delete(exceptPassportId);
    return others.size;
  }

  async reserveVoucher(payout: PayoutRecord, customerHash: string): Promise<PayoutRecord> {
    const put: TransactItem = {
      Put: {
        TableName: this.tableName,
        Item: { ...payoutKey(payout.passportId), entity: 'Payout', ...payout },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    };
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: [put, ...this.firstTakeBackClaim(payout, customerHash)] }));
      return payout;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const stored = await this.getPayout(payout.passportId);
      if (stored) return stored;
      throw lostFirstTakeBack(payout);
    }
  }

  async issueVoucher(payout: PayoutRecord, voucher: Voucher, paid: PaidTakeBack, event: LoggedEvent, ledger: LedgerLine): Promise<boolean> {
    return this.events.writeWithEvent(payout.passportId, voucher.issuedAt, event, [
      {
        Update: {
          TableName: this.tableName,
          Key: payoutKey(payout.passportId),
          UpdateExpression: 'SET #status = :issued',
          ConditionExpression: '#status = :reserved AND payoutId = :payoutId',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':issued': 'ISSUED', ':reserved': 'RESERVED', ':payoutId': payout.payoutId },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...voucherKey(voucher.code), entity: 'Voucher', ...voucher },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      this.paidTakeBackPut(payout, paid),
      ledgerLinePut(this.tableName, ledger),
    ]);
  }

  async queueBankPayout(payout: PayoutRecord, paid: PaidTakeBack, event: LoggedEvent, ledger: LedgerLine): Promise<boolean> {
    const queued = await this.events.writeWithEvent(payout.passportId, payout.createdAt, event, [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...payoutKey(payout.passportId),
            ...queuedPayoutKey(payout.brand, payout.createdAt, payout.payoutId),
            entity: 'Payout',
            ...payout,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...this.firstTakeBackClaim(payout, paid.customerHash),
      this.paidTakeBackPut(payout, paid),
      ledgerLinePut(this.tableName, ledger),
    ]);
    if (queued || (await this.getPayout(payout.passportId))) return queued;
    throw lostFirstTakeBack(payout);
  }

  async getVoucher(code: string): Promise<Voucher | undefined> {
    return (await this.get(voucherKey(code))) as Voucher | undefined;
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
    return Item ? (strip(Item) as unknown as RedemptionRecord) : undefined;
  }

  queuedBankPayouts(brand: string, limit: number): Promise<PayoutRecord[]> {
    return this.payoutsIn(queuedPayoutsPartition(brand), limit);
  }

  heldBankPayouts(brand: string, limit: number): Promise<PayoutRecord[]> {
    return this.payoutsIn(heldPayoutsPartition(brand), limit);
  }

  /** The first `limit` payouts of a GSI1 partition of payouts, oldest first. */
  private async payoutsIn(partition: string, limit: number): Promise<PayoutRecord[]> {
    const { Items = [] } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        Limit: limit,
      }),
    );
    return Items.map((item) => strip(item) as unknown as PayoutRecord);
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
    return Items.map((item) => strip(item) as unknown as PayoutExportRecord);
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
    return items.map((item) => strip(item) as unknown as PayoutRecord);
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
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: payoutKey(payout.passportId),
          UpdateExpression: 'SET #status = :queued, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk REMOVE held',
          ConditionExpression: '#status = :held',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':queued': 'QUEUED', ':held': 'HELD', ':gsi1pk': queued.GSI1PK, ':gsi1sk': queued.GSI1SK },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async completeExport(record: PayoutExportRecord): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...payoutExportKey(record.brand, record.exportId), entity: 'PayoutExport', ...record },
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'OPEN' },
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
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
      exports: (page.Items ?? []).map((item) => strip(item) as unknown as PayoutExportRecord),
      ...(last ? { cursor: Buffer.from(last).toString('base64url') } : {}),
    };
  }

  /**
   * A payout fixed for the NEW segment claims the customer's first take-back, so that of two
   * take-backs of one customer settled at the same moment only one is paid as the first.
   */
  private firstTakeBackClaim(payout: PayoutRecord, customerHash: string): TransactItem[] {
    if (payout.segment !== 'NEW') return [];
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...firstTakeBackKey(payout.brand, customerHash), entity: 'FirstTakeBack', passportId: payout.passportId, claimedAt: payout.createdAt },
          // A retry of the same passport finds its own claim.
          ConditionExpression: 'attribute_not_exists(PK) OR passportId = :passportId',
          ExpressionAttributeValues: { ':passportId': payout.passportId },
        },
      },
    ];
  }

  private paidTakeBackPut(payout: PayoutRecord, paid: PaidTakeBack): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { ...paidTakeBackKey(payout.brand, paid.customerHash, payout.passportId), entity: 'PaidTakeBack', paidAt: paid.at },
      },
    };
  }

  private async get(key: { PK: string; SK: string }): Promise<Item | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item ? strip(Item) : undefined;
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

function strip(item: Item): Item {
  const copy = { ...item };
  for (const key of KEY_ATTRIBUTES) delete copy[key];
  return copy;
}
