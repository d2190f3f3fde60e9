import { randomBytes, randomUUID } from 'node:crypto';
import { OwnVoucherCodes } from '../../shared/adapters/dynamodb/own-voucher-codes';
import { s3Client } from '../../shared/adapters/s3/client';
import { sfnClient } from '../../shared/adapters/step-functions/client';
import { StepFunctionsWorkflowStarter } from '../../shared/adapters/step-functions/workflow-starter';
import { S3BlobStore } from '../../shared/adapters/s3/s3-blob-store';
import { secretJson } from '../../shared/adapters/secrets/secrets';
import { shopifyTokenFor } from '../../shared/adapters/shopify/shopify-tokens';
import { ShopifyVoucherIssuer } from '../../shared/adapters/shopify/shopify-voucher-issuer';
import { requiredEnv } from '../../shared/config';
import type { BrandCatalog } from '../../shared/domain/catalog';
import type { VoucherIssuer } from '../../shared/ports/voucher-issuer';
import { BankPayoutExports } from '../../shared/services/bank-payout-exports';
import { PayoutAttentionList } from '../../shared/services/payout-attention';
import { PayoutRetries } from '../../shared/services/payout-retries';
import { PayoutFailures, PayoutQuotes, PayoutSettlement } from '../../shared/services/payout-settlement';
import { newId } from '../../shared/services/tokens';
import { bankAccounts } from '../commons/secrets';
import { now, passportReads, passportRecords, passportStore, payoutAttentionNotes, payoutAttentionNoting, payoutExportStore, payoutReads, payoutStore } from '../commons/stores';

// Payouts: settling a take-back (vouchers of the brand's issuer, bank transfers) and the bank exports.

/** The brand's voucher issuer: our own codes, or its Shopify shop with the access token kept for the shop's host and the brand. */
async function voucherIssuerFor(catalog: BrandCatalog): Promise<VoucherIssuer> {
  const choice = catalog.config.payouts?.voucherIssuer;
  if (choice?.kind !== 'shopify') return new OwnVoucherCodes();
  return new ShopifyVoucherIssuer({
    adminApiUrl: choice.adminApiUrl,
    accessToken: async () => shopifyTokenFor(await secretJson<unknown>(requiredEnv('SHOPIFY_TOKENS_SECRET_ARN')), choice.adminApiUrl, catalog.config.brand),
  });
}

/** The amount a customer is paid, for the e-mails that show it: the payouts, not the voucher issuers. */
export const payoutQuotes = () => new PayoutQuotes({ payouts: payoutStore(), now, newId, randomBytes });

export function payoutSettlement(): PayoutSettlement {
  return new PayoutSettlement({ store: passportStore(), payouts: payoutStore(), issuerFor: voucherIssuerFor, now, newId, randomBytes });
}

/** Starting the payout again needs the passports, the payout and the workflow's ARN, not the issuers. */
export const payoutRetries = () =>
  new PayoutRetries({
    store: passportReads(),
    payouts: payoutReads(),
    workflows: new StepFunctionsWorkflowStarter({ PAYOUT: requiredEnv('PAYOUT_WORKFLOW_ARN') }, sfnClient()),
    // An execution name needs to be unique, not sortable: Node.js's UUIDs, not the ULID library.
    newId: randomUUID,
  });

/** Flagging a payout that could not be made needs the passports and the list of payouts waiting for a person. */
export const payoutFailures = () => new PayoutFailures({ store: passportRecords(), notes: payoutAttentionNoting(), now });

/** The payouts waiting for a person (on the exports' list): the notes, the passports and the payouts, read. */
export const payoutAttentionList = () => new PayoutAttentionList({ notes: payoutAttentionNotes(), store: passportReads(), payouts: payoutReads() });

/** The bucket the pain.001 files are kept in. */
export const exportFiles = () => new S3BlobStore(requiredEnv('BUCKET_NAME'), s3Client());

export function bankPayoutExports(): BankPayoutExports {
  return new BankPayoutExports({
    store: passportStore(),
    payouts: payoutExportStore(),
    blobs: exportFiles(),
    bankAccounts: bankAccounts(),
    now,
    newId,
  });
}
