import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SHOPIFY_SANDBOX_TOKEN } from '../../local/sandboxes/shopify/sandbox';
import { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { ShopifyVoucherIssuer } from '../../shared/adapters/shopify/shopify-voucher-issuer';
import { PayoutSettlement } from '../../shared/services/payout-settlement';
import { newId } from '../../shared/services/tokens';

// The payout step (PayoutWorkflow's settle-payout) in a process of its own, for
// `tests/integration/payout-crash.test.ts` to kill with SIGKILL (run by
// `tests/support/kill-harness.ts`, which hands over the config): it settles each passport it is
// given, as the workflow's retried step would, and exits 0 once all are settled.

export interface PayoutWorkerConfig {
  dynamodbEndpoint: string;
  tableName: string;
  /** The Shopify sandbox's Admin API, behind the harness's proxy: the brand issues its vouchers there. */
  shopifyAdminApiUrl: string;
  settle: string[];
}

async function main(config: PayoutWorkerConfig): Promise<number> {
  const client = new DynamoDBClient({ endpoint: config.dynamodbEndpoint, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const settlement = new PayoutSettlement({
    store: new DynamoDbPassportStore(config.tableName, client),
    payouts: new DynamoDbPayoutStore(config.tableName, client),
    issuerFor: async () => new ShopifyVoucherIssuer({ adminApiUrl: config.shopifyAdminApiUrl, accessToken: async () => SHOPIFY_SANDBOX_TOKEN }),
    now: () => new Date(),
    newId,
    randomBytes,
  });
  for (const passportId of config.settle) await settlement.settle(passportId);
  return 0;
}

main(JSON.parse(process.env.KILL_HARNESS_WORKER ?? '') as PayoutWorkerConfig).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
