import { ConditionalCheckFailedException, type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConcurrentChangeError } from '../../domain/errors';
import type { LedgerLine } from '../../domain/ledger';
import type { SealedBankAccount } from '../../domain/passport';
import type { LoggedEvent } from '../../ports/passport-event-log';
import type { PaidTakeBack, PayoutErasure, PayoutExportRecord, PayoutReads, PayoutStore, Redemption, RedemptionRecord, PayoutRecord, Voucher, VoucherIssuerKind } from '../../ports/payout-store';
import { firstTakeBackKey, paidTakeBackKey, payoutExportKey, payoutKey, queuedPayoutKey, voucherKey } from './keys';
import { ledgerLinePut } from './ledger-store';
import { DynamoDbPassportEventLog, type TransactItem } from './passport-event-log';
import { conditionHeld, withoutKeys } from './stored-item';
import { DynamoDbVoucherStore } from './voucher-store';

type Item = Record<string, unknown>;
// Read off the keys in functions marked pure, so that a bundle that uses no payout store leaves them out.
const FIRST_SK = /* @__PURE__ */ (() => firstTakeBackKey('', '').SK)();
const PAID_SK_PREFIX = /* @__PURE__ */ (() => paidTakeBackKey('', '', '').SK)();

/** Nothing was written: another take-back of the customer was fixed as their first meanwhile. */
function lostFirstTakeBack(payout: PayoutRecord): ConcurrentChangeError {
  return new ConcurrentChangeError(`Another take-back of the customer of ${payout.passportId} was paid as their first; the payout is decided again.`);
}

/**
 * A passport's payout, read: what the tracking page, the admin's retry and the stalled-passport
 * sweeper need of the payouts. A class is kept whole in a bundle, so they carry none of the
 * payouts' writes, the vouchers or the event log.
 */
export class DynamoDbPayoutReads implements PayoutReads {
  protected readonly doc: DynamoDBDocumentClient;

  /** With a DynamoDBClient, or with the document client of the store that extends this one. */
  constructor(protected readonly tableName: string, client: DynamoDBClient | DynamoDBDocumentClient) {
    this.doc = client instanceof DynamoDBDocumentClient ? client : DynamoDBDocumentClient.from(client);
  }

  async getPayout(passportId: string): Promise<PayoutRecord | undefined> {
    return (await this.get(payoutKey(passportId))) as PayoutRecord | undefined;
  }

  protected async get(key: { PK: string; SK: string }): Promise<Item | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    return Item ? withoutKeys(Item) : undefined;
  }
}

/** A passport's payout as its customer's erasure reads and changes it (`PersonalDataErasure`). */
export class DynamoDbPayoutErasure extends DynamoDbPayoutReads implements PayoutErasure {
  async getExport(brand: string, exportId: string): Promise<PayoutExportRecord | undefined> {
    return (await this.get(payoutExportKey(brand, exportId))) as PayoutExportRecord | undefined;
  }

  async forgetBankAccount(passportId: string): Promise<void> {
    // Conditional, so that a passport without a payout does not get an item made of nothing but its key.
    await conditionHeld(
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: payoutKey(passportId),
          UpdateExpression: 'REMOVE ibanMasked',
          ConditionExpression: 'attribute_exists(PK)',
        }),
      ),
    );
  }
}

/**
 * The PayoutStore on the single table (keys in `keys.ts`). A passport's payout item is the
 * guard of its payout: created once with `attribute_not_exists`, moved on only from the status it
 * must be in, always in the transaction that writes the passport's event.
 */
export class DynamoDbPayoutStore extends DynamoDbPayoutErasure implements PayoutStore {
  private readonly events: DynamoDbPassportEventLog;
  private readonly vouchers: DynamoDbVoucherStore;

  constructor(tableName: string, client: DynamoDBClient) {
    const events = new DynamoDbPassportEventLog(tableName, client);
    super(tableName, events.doc);
    this.events = events;
    this.vouchers = new DynamoDbVoucherStore(tableName, client);
  }

  async countPaidTakeBacks(brand: string, customerHash: string, exceptPassportId: string): Promise<number> {
    const { PK } = firstTakeBackKey(brand, customerHash);
    const { Items = [] } = await this.doc.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': PK }, ConsistentRead: true }),
    );
    // The first take-back counts from the moment its payout is fixed, before it is issued or queued. The partition
    // also lists every take-back the customer requested (the erasure's index): asking is not being paid, and until
    // 7 December 2026 those counted, so a customer with a second take-back got the returning bonus on their first payout.
    const paid = Items.flatMap((item) => {
      const sk = String(item.SK);
      if (sk === FIRST_SK) return [String(item.passportId)];
      return sk.startsWith(PAID_SK_PREFIX) ? [sk.slice(PAID_SK_PREFIX.length)] : [];
    });
    const others = new Set(paid);
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
          // The issuer that made the voucher, which may not be the one reserved (the brand's settings changed). Only
          // the issuer that holds the claim was asked to make it (until 7 December 2026 any was: see claimVoucherIssuer).
          UpdateExpression: 'SET #status = :issued, #voucher.issuer = :issuer',
          ConditionExpression: '#status = :reserved AND payoutId = :payoutId AND #voucher.claimedBy = :issuer',
          ExpressionAttributeNames: { '#status': 'status', '#voucher': 'voucher' },
          ExpressionAttributeValues: { ':issued': 'ISSUED', ':reserved': 'RESERVED', ':payoutId': payout.payoutId, ':issuer': voucher.issuer },
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

  async claimVoucherIssuer(payout: PayoutRecord, kind: VoucherIssuerKind): Promise<VoucherIssuerKind | undefined> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: payoutKey(payout.passportId),
          UpdateExpression: 'SET #voucher.claimedBy = :kind',
          // Free, or already this kind's: attempts that read the same settings share the claim, and that issuer's
          // own de-duplication (a code it knows is "issued before") keeps them to one code.
          ConditionExpression: '#status = :reserved AND payoutId = :payoutId AND (attribute_not_exists(#voucher.claimedBy) OR #voucher.claimedBy = :kind)',
          ExpressionAttributeNames: { '#status': 'status', '#voucher': 'voucher' },
          ExpressionAttributeValues: { ':reserved': 'RESERVED', ':payoutId': payout.payoutId, ':kind': kind },
        }),
      );
      return kind;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.getPayout(payout.passportId);
      if (stored?.status !== 'RESERVED' || stored.payoutId !== payout.payoutId) return undefined;
      // The other issuer gave its claim up between the write and this read: the claim is tried again.
      if (!stored.voucher?.claimedBy) throw new ConcurrentChangeError(`The issuer claim of voucher ${payout.payoutId} changed; it is claimed again.`);
      return stored.voucher.claimedBy;
    }
  }

  async releaseVoucherIssuer(payout: PayoutRecord, kind: VoucherIssuerKind): Promise<void> {
    // Not this kind's claim, or no longer RESERVED (the condition fails): there is nothing of ours to give up.
    await conditionHeld(
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: payoutKey(payout.passportId),
          UpdateExpression: 'REMOVE #voucher.claimedBy',
          ConditionExpression: '#status = :reserved AND payoutId = :payoutId AND #voucher.claimedBy = :kind',
          ExpressionAttributeNames: { '#status': 'status', '#voucher': 'voucher' },
          ExpressionAttributeValues: { ':reserved': 'RESERVED', ':payoutId': payout.payoutId, ':kind': kind },
        }),
      ),
    );
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

  settleWithoutPayout(payout: PayoutRecord, event: LoggedEvent): Promise<boolean> {
    return this.events.writeWithEvent(payout.passportId, payout.createdAt, event, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...payoutKey(payout.passportId), entity: 'Payout', ...payout },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ]);
  }

  async replaceHeldBankAccount(payout: PayoutRecord, account: SealedBankAccount, event: LoggedEvent, at: string): Promise<boolean> {
    const queued = queuedPayoutKey(payout.brand, payout.createdAt, payout.payoutId);
    const update: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: payoutKey(payout.passportId),
        // Back in its old place in the queue, as an export's requeue puts it.
        UpdateExpression: 'SET #status = :queued, ibanMasked = :masked, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk REMOVE held',
        ConditionExpression: '#status = :held',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':queued': 'QUEUED', ':held': 'HELD', ':masked': account.ibanMasked, ':gsi1pk': queued.GSI1PK, ':gsi1sk': queued.GSI1SK },
      },
    };
    return this.events.writeWithEvent(payout.passportId, at, event, [update], {
      payout: { method: 'BANK_TRANSFER', bankAccount: account },
      updatedAt: at,
    });
  }

  getVoucher(code: string): Promise<Voucher | undefined> {
    return this.vouchers.getVoucher(code);
  }

  spendVoucher(code: string, brand: string, seenBalance: number, redemption: Redemption, record: RedemptionRecord): Promise<boolean> {
    return this.vouchers.spendVoucher(code, brand, seenBalance, redemption, record);
  }

  getRedemption(code: string, key: string): Promise<RedemptionRecord | undefined> {
    return this.vouchers.getRedemption(code, key);
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

}
