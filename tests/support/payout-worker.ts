import { randomBytes } from 'node:crypto';
import { SHOPIFY_SANDBOX_TOKEN } from '../../local/sandboxes/shopify/sandbox';
import { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPayoutExportStore } from '../../shared/adapters/dynamodb/payout-export-store';
import { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { ShopifyVoucherIssuer } from '../../shared/adapters/shopify/shopify-voucher-issuer';
import { ConflictError, UnprocessableError } from '../../shared/domain/errors';
import { BankAccountReentry } from '../../shared/services/bank-account-reentry';
import { BankPayoutExports } from '../../shared/services/bank-payout-exports';
import { PayoutSettlement } from '../../shared/services/payout-settlement';
import { newId } from '../../shared/services/tokens';
import { bankAccounts } from './bank-accounts';
import { localDynamoDb } from './local-dynamodb';
import { folderBlobs, workerClock } from './worker-folder';
import { runWorker } from './worker-main';

// The payout step (PayoutWorkflow's settle-payout) and the bank export (`POST /v1/payouts/exports`)
// in a process of their own, for `tests/integration/payout-crash.test.ts` to kill with SIGKILL (run
// by `tests/support/kill-harness.ts`, which hands over the config). It settles each passport it is
// given, as the workflow's retried step would; with `exportBrand`, it then asks for exports as an
// admin would until no payout waits, each worker a minute and a second after the one before, so
// that it may finish an export its predecessor left (the export's lease is 60 s). Exits 0 when done.

export interface PayoutWorkerConfig {
  dynamodbEndpoint: string;
  tableName: string;
  /** The Shopify sandbox's Admin API, behind the harness's proxy: the brand issues its vouchers there. */
  shopifyAdminApiUrl: string;
  settle: string[];
  /** Held bank transfers whose customers enter their accounts again (with the tracking token), before the exports. */
  reenter?: { passportId: string; token: string; iban: string; accountHolder: string }[];
  /** The secret the tracking tokens of `reenter` are made with. */
  trackingSecret?: string;
  /** The brand whose queued bank payouts are exported, with its files written under `folder`. */
  exportBrand?: string;
  /** Where the worker keeps the export files and its clock. */
  folder: string;
}

async function main(config: PayoutWorkerConfig): Promise<number> {
  const client = localDynamoDb(config.dynamodbEndpoint);
  const store = new DynamoDbPassportStore(config.tableName, client);
  const payouts = new DynamoDbPayoutStore(config.tableName, client);
  const exportStore = new DynamoDbPayoutExportStore(config.tableName, client);
  const now = workerClock(config.folder);
  const settlement = new PayoutSettlement({
    store,
    payouts,
    issuerFor: async () => new ShopifyVoucherIssuer({ adminApiUrl: config.shopifyAdminApiUrl, accessToken: async () => SHOPIFY_SANDBOX_TOKEN }),
    now,
    newId,
    randomBytes,
  });
  for (const passportId of config.settle) await settlement.settle(passportId);
  const reentry = new BankAccountReentry({ store, payouts, bankAccounts, trackingSecret: async () => config.trackingSecret ?? '', now });
  // A retry of an account entered before the kill is answered as it stands.
  for (const { passportId, token, iban, accountHolder } of config.reenter ?? []) await reentry.replace(passportId, token, { iban, accountHolder });
  if (!config.exportBrand) return 0;
  const exports = new BankPayoutExports({ store, payouts: exportStore, blobs: folderBlobs(config.folder), bankAccounts, now, newId });
  for (let request = 0; request < 10; request++) {
    try {
      await exports.create(config.exportBrand, undefined, 'https://api.test');
    } catch (error) {
      // 409: nothing left, or another export is being written; 422: what waits was set aside (accounts that do not open).
      if (!(error instanceof ConflictError || error instanceof UnprocessableError)) throw error;
      console.error(`export request ${request}: ${error.status} ${error.message}`);
      const waiting = await exportStore.queuedBankPayouts(config.exportBrand, 1);
      if (waiting.length === 0 && (await exportStore.unfinishedExports(config.exportBrand)).length === 0) return 0;
    }
  }
  console.error('payouts still waiting after 10 export requests');
  return 2;
}

runWorker(main);
