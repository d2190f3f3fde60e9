import { DynamoDbBrandConfigReader } from '../../shared/adapters/dynamodb/brand-config-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbPassportReads, DynamoDbPassportRecords, DynamoDbPassportStore, DynamoDbTakeBackStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPayoutAttentionNotes, DynamoDbPayoutAttentionNoting } from '../../shared/adapters/dynamodb/payout-attention-notes';
import { DynamoDbPayoutExportReads, DynamoDbPayoutExportStore } from '../../shared/adapters/dynamodb/payout-export-store';
import { DynamoDbPayoutErasure, DynamoDbPayoutReads, DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { DynamoDbVoucherStore } from '../../shared/adapters/dynamodb/voucher-store';
import { DynamoDbPassportRepairRecords, DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { DynamoDbWorkQueue } from '../../shared/adapters/dynamodb/work-queue';
import { requiredEnv } from '../../shared/config';
import { WorkQueueList, WorkQueueService } from '../../shared/services/work-queue-service';

// The stores on the platform's one table (`TABLE_NAME`) that several areas share, each over the
// execution environment's one DynamoDB client. A handler's bundle holds only those it calls.

export const now = () => new Date();

/** The passports with the brands' configuration, for services that read a brand's catalog or rules. */
export const passportStore = () => new DynamoDbPassportStore(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** The passports with the take-back's quotes and new passports: the quote and the request alone write these. */
export const takeBackStore = () => new DynamoDbTakeBackStore(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** The brands' configurations alone, read: the catalog route carries no passport code. */
export const brandCatalogs = () => new DynamoDbBrandConfigReader(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** A passport and its events, read: the pages and checks that write nothing carry none of the transactions. */
export const passportReads = () => new DynamoDbPassportReads(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** The passports alone: a handler that reads no configuration then carries none of its schemas. */
export const passportRecords = () => new DynamoDbPassportRecords(requiredEnv('TABLE_NAME'), dynamoDbClient());

export const payoutStore = () => new DynamoDbPayoutStore(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** The brands' lists of payouts waiting for a person. */
export const payoutAttentionNotes = () => new DynamoDbPayoutAttentionNotes(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** The notes' writing alone: the steps that give up on a payout. */
export const payoutAttentionNoting = () => new DynamoDbPayoutAttentionNoting(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** A passport's payout, read: the functions that only look at it carry none of the payouts' writes. */
export const payoutReads = () => new DynamoDbPayoutReads(requiredEnv('TABLE_NAME'), dynamoDbClient());
export const payoutErasure = () => new DynamoDbPayoutErasure(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** The vouchers alone: the brand shops' routes carry none of the payouts' writes. */
export const voucherStore = () => new DynamoDbVoucherStore(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** The bank payouts' exports alone: the export routes carry none of the vouchers' and settlement's writes. */
export const payoutExportStore = () => new DynamoDbPayoutExportStore(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** The exports and the payouts set aside, read: the exports' list and file routes. */
export const payoutExportReads = () => new DynamoDbPayoutExportReads(requiredEnv('TABLE_NAME'), dynamoDbClient());

export const repairNetworkStore = (store: DynamoDbPassportRecords = passportRecords()) => new DynamoDbRepairNetworkStore(requiredEnv('TABLE_NAME'), store, dynamoDbClient());

export function workQueue(store: DynamoDbPassportReads = passportReads()): WorkQueueService {
  return new WorkQueueService({ store, network: new DynamoDbPassportRepairRecords(requiredEnv('TABLE_NAME'), dynamoDbClient()) });
}

/** The work queue's list: the queue's index alone. */
export const workQueueList = () => new WorkQueueList({ queue: new DynamoDbWorkQueue(requiredEnv('TABLE_NAME'), dynamoDbClient()) });
