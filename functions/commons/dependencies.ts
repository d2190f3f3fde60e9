import { randomBytes } from 'node:crypto';
import { DhlReturnsCarrier } from '../../shared/adapters/dhl/dhl-returns-carrier';
import { DynamoDbApiKeyStore } from '../../shared/adapters/dynamodb/api-key-store';
import { OwnVoucherCodes } from '../../shared/adapters/dynamodb/own-voucher-codes';
import { DynamoDbPassportEventLog } from '../../shared/adapters/dynamodb/passport-event-log';
import { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { DynamoDbWebhookStore } from '../../shared/adapters/dynamodb/webhook-store';
import { EventBridgeReminderScheduler } from '../../shared/adapters/scheduler/eventbridge-reminder-scheduler';
import { ShopifyVoucherIssuer } from '../../shared/adapters/shopify/shopify-voucher-issuer';
import { SqsWebhookQueue } from '../../shared/adapters/sqs/sqs-webhook-queue';
import type { BrandCatalog } from '../../shared/domain/catalog';
import { VoucherIssuerRejectedError, type VoucherIssuer } from '../../shared/ports/voucher-issuer';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { DynamoDbWorkQueue } from '../../shared/adapters/dynamodb/work-queue';
import { resolveHostWithDns } from '../../shared/adapters/dns/dns-host-resolver';
import { HttpWebhookSender } from '../../shared/adapters/http/http-webhook-sender';
import { DynamoDbStalledPassports } from '../../shared/adapters/dynamodb/stalled-passports';
import { StepFunctionsWorkflowStarter } from '../../shared/adapters/step-functions/workflow-starter';
import { SqsRepairJobQueue } from '../../shared/adapters/sqs/repair-job-queue';
import { S3BlobStore } from '../../shared/adapters/s3/s3-blob-store';
import { secretJson, secretString } from '../../shared/adapters/secrets/secrets';
import { SesNotifier } from '../../shared/adapters/ses/ses-notifier';
import { requiredEnv } from '../../shared/config';
import { FieldCipher } from '../../shared/services/field-cipher';
import { ApiKeys } from '../../shared/services/api-keys';
import { BankAccounts } from '../../shared/services/bank-accounts';
import { BankPayoutExports } from '../../shared/services/bank-payout-exports';
import { BrandWebhooks } from '../../shared/services/brand-webhooks';
import { CustomerMessages } from '../../shared/services/customer-messages';
import { PayoutSettlement } from '../../shared/services/payout-settlement';
import { Reminders } from '../../shared/services/reminders';
import { VoucherService } from '../../shared/services/voucher-service';
import { LabelWorkflow } from '../../shared/services/label-workflow';
import { ReceiptAndGradingService } from '../../shared/services/receipt-and-grading-service';
import { StalledPassportSweeper } from '../../shared/services/stalled-passport-sweeper';
import { RepairNetworkService } from '../../shared/services/repair-network-service';
import { RoutingWorkflow } from '../../shared/services/routing-workflow';
import { TakeBackService } from '../../shared/services/take-back-service';
import { newId } from '../../shared/services/tokens';
import { WorkQueueService } from '../../shared/services/work-queue-service';

// The composition root of the Lambdas: adapters built once per execution environment from the
// environment the stack sets (infra/), shared by the handlers of one bundle.

const now = () => new Date();
const trackingSecret = () => secretString(requiredEnv('TRACKING_SECRET_ARN'));

export const store = () => new DynamoDbPassportStore(requiredEnv('TABLE_NAME'));
const blobs = () => new S3BlobStore(requiredEnv('BUCKET_NAME'));

export function takeBackService(): TakeBackService {
  return new TakeBackService({ store: store(), blobs: blobs(), now, newId, trackingSecret, bankAccounts: bankAccounts(), payouts: payoutStore() });
}

interface DhlCredentials {
  apiKey: string;
  username: string;
  password: string;
}

export function labelWorkflow(): LabelWorkflow {
  return new LabelWorkflow({
    store: store(),
    blobs: blobs(),
    carrier: async () =>
      new DhlReturnsCarrier({ baseUrl: requiredEnv('DHL_API_BASE_URL'), ...(await secretJson<DhlCredentials>(requiredEnv('DHL_SECRET_ARN'))) }),
    notifier: new SesNotifier(),
    now,
    trackingSecret,
    apiBaseUrl: requiredEnv('API_BASE_URL'),
  });
}

// Receipt, grading, routing and the repair-partner network (issue 3).

const repairNetworkStore = () => new DynamoDbRepairNetworkStore(requiredEnv('TABLE_NAME'), store());

export function workQueue(): WorkQueueService {
  return new WorkQueueService({ store: store(), queue: new DynamoDbWorkQueue(requiredEnv('TABLE_NAME')), network: repairNetworkStore() });
}

export function receiptAndGrading(): ReceiptAndGradingService {
  return new ReceiptAndGradingService({ store: store(), passports: workQueue(), now, trackingSecret });
}

export function routingWorkflow(): RoutingWorkflow {
  return new RoutingWorkflow({
    store: store(),
    network: repairNetworkStore(),
    dispatcher: new SqsRepairJobQueue(requiredEnv('REPAIR_JOB_QUEUE_URL')),
    now,
  });
}

export function repairNetwork(): RepairNetworkService {
  return new RepairNetworkService({
    store: store(),
    network: repairNetworkStore(),
    cipher: fieldCipher(),
    sender: new HttpWebhookSender(),
    now,
    randomBytes,
    apiBaseUrl: requiredEnv('API_BASE_URL'),
    allowLocalHttp: process.env.ALLOW_LOCAL_HTTP_WEBHOOKS === 'true',
    resolveHost: resolveHostWithDns,
  });
}

// Payouts and customer communication (issue 4).

const fieldCipher = () => new FieldCipher(() => secretString(requiredEnv('FIELD_KEY_SECRET_ARN')));
const bankAccounts = () => new BankAccounts(fieldCipher());
const payoutStore = () => new DynamoDbPayoutStore(requiredEnv('TABLE_NAME'));
const ownVoucherCodes = new OwnVoucherCodes();

/** The brand's voucher issuer: our own codes, or its Shopify shop with the access token kept for the shop's host. */
async function voucherIssuerFor(catalog: BrandCatalog): Promise<VoucherIssuer> {
  const choice = catalog.config.payouts?.voucherIssuer;
  if (choice?.kind !== 'shopify') return ownVoucherCodes;
  const shop = new URL(choice.adminApiUrl).host;
  return new ShopifyVoucherIssuer({
    adminApiUrl: choice.adminApiUrl,
    accessToken: async () => {
      const token = (await secretJson<Record<string, string>>(requiredEnv('SHOPIFY_TOKENS_SECRET_ARN')))[shop];
      if (!token) throw new VoucherIssuerRejectedError(`No Shopify access token is kept for ${shop}.`);
      return token;
    },
  });
}

export function payoutSettlement(): PayoutSettlement {
  return new PayoutSettlement({ store: store(), payouts: payoutStore(), issuerFor: voucherIssuerFor, now, newId, randomBytes });
}

export function apiKeys(): ApiKeys {
  return new ApiKeys({ keys: new DynamoDbApiKeyStore(requiredEnv('TABLE_NAME')), now, newId, randomBytes });
}

export function voucherService(): VoucherService {
  return new VoucherService({ payouts: payoutStore(), apiKeys: apiKeys(), now, newId });
}

export function bankPayoutExports(): BankPayoutExports {
  return new BankPayoutExports({ store: store(), payouts: payoutStore(), blobs: blobs(), bankAccounts: bankAccounts(), now, newId });
}

export function customerMessages(): CustomerMessages {
  return new CustomerMessages({
    store: store(),
    payouts: payoutStore(),
    settlement: payoutSettlement(),
    notifier: new SesNotifier(),
    now,
    trackingSecret,
    apiBaseUrl: requiredEnv('API_BASE_URL'),
  });
}

export function reminders(): Reminders {
  return new Reminders({
    store: store(),
    payouts: payoutStore(),
    events: new DynamoDbPassportEventLog(requiredEnv('TABLE_NAME')),
    scheduler: new EventBridgeReminderScheduler(() => ({
      groupName: requiredEnv('REMINDER_SCHEDULE_GROUP'),
      functionArn: requiredEnv('REMINDER_FUNCTION_ARN'),
      roleArn: requiredEnv('REMINDER_ROLE_ARN'),
      deadLetterArn: requiredEnv('REMINDER_DEAD_LETTER_ARN'),
    })),
    now,
  });
}

export function brandWebhooks(): BrandWebhooks {
  return new BrandWebhooks({
    webhooks: new DynamoDbWebhookStore(requiredEnv('TABLE_NAME')),
    queue: new SqsWebhookQueue(requiredEnv('WEBHOOK_QUEUE_URL')),
    sender: new HttpWebhookSender(),
    cipher: fieldCipher(),
    now,
    newId,
    randomBytes,
    allowLocalHttp: process.env.ALLOW_LOCAL_HTTP_WEBHOOKS === 'true',
    resolveHost: resolveHostWithDns,
  });
}

// Crash safety (issue 7).

export function stalledPassportSweeper(): StalledPassportSweeper {
  return new StalledPassportSweeper({
    index: new DynamoDbStalledPassports(requiredEnv('TABLE_NAME')),
    store: store(),
    payouts: payoutStore(),
    workflows: new StepFunctionsWorkflowStarter({
      TAKE_BACK: requiredEnv('TAKE_BACK_WORKFLOW_ARN'),
      PAYOUT: requiredEnv('PAYOUT_WORKFLOW_ARN'),
    }),
    now,
  });
}
