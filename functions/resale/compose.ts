import { BackMarketSalesChannel } from '../../shared/adapters/backmarket/backmarket-sales-channel';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbPassportRepairRecords } from '../../shared/adapters/dynamodb/repair-network-store';
import { EbaySalesChannel } from '../../shared/adapters/ebay/ebay-sales-channel';
import type { EbaySigningKey } from '../../shared/adapters/ebay/ebay-signature';
import { RefurbedSalesChannel } from '../../shared/adapters/refurbed/refurbed-sales-channel';
import { secretString } from '../../shared/adapters/secrets/secrets';
import { ShopifySalesChannel } from '../../shared/adapters/shopify/shopify-sales-channel';
import { sqsClient } from '../../shared/adapters/sqs/client';
import { SqsListingChangeQueue } from '../../shared/adapters/sqs/listing-change-queue';
import { requiredEnv } from '../../shared/config';
import type { BrandCatalog } from '../../shared/domain/catalog';
import type { SalesChannelName } from '../../shared/domain/listings';
import { logger } from '../../shared/observability';
import { type SalesChannel, SalesChannelRejectedError } from '../../shared/ports/sales-channel';
import { type ChannelCredentials, ChannelCredentialsSchema } from '../../shared/schemas/resale-api';
import { ListingChanges, ListingPreparation, ResaleService } from '../../shared/services/resale-service';
import { SaleReturns } from '../../shared/services/sale-returns';
import { now, passportRecords, passportStore, workQueue } from '../commons/stores';

// What the resale Lambdas are built from: the table, the listing-change queue, and the channel
// adapters with the brand's credentials and the deployment's API hosts. Each handler builds the
// service once per execution environment.

const SHOPIFY_API_VERSION = '2025-01';

/** The channel credentials secret, parsed with its schema. */
export async function channelCredentials(): Promise<ChannelCredentials> {
  return ChannelCredentialsSchema.parse(JSON.parse(await secretString(requiredEnv('CHANNEL_CREDENTIALS_SECRET_ARN'))));
}

async function credentialOf(brand: string, channel: SalesChannelName): Promise<string> {
  const { brands } = await channelCredentials();
  const entry = Object.hasOwn(brands, brand) ? brands[brand]?.[channel] : undefined;
  const token = entry && ('accessToken' in entry ? entry.accessToken : entry.token);
  if (!token) throw new SalesChannelRejectedError(`No ${channel} credentials are kept for brand ${brand}.`);
  return token;
}

/** The brand's eBay signing key, where its credentials hold one. */
async function ebaySigningKeyOf(brand: string): Promise<EbaySigningKey | undefined> {
  const { brands } = await channelCredentials();
  return Object.hasOwn(brands, brand) ? brands[brand]?.ebay?.signingKey : undefined;
}

/** The brand's adapter for one channel, pointed at the deployment's API host for it. */
export async function channelFor(catalog: BrandCatalog, channel: SalesChannelName): Promise<SalesChannel> {
  const { brand } = catalog.config;
  const settings = catalog.config.resale?.channels;
  const token = () => credentialOf(brand, channel);
  switch (channel) {
    case 'shopify': {
      const config = settings?.shopify;
      if (!config) throw new SalesChannelRejectedError(`Brand ${brand} has no Shopify channel.`);
      // In AWS the Admin API is the shop's own domain; the local cloud points every shop at its sandbox.
      const adminApiUrl = process.env.SHOPIFY_ADMIN_API_URL || `https://${config.shopDomain}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
      return new ShopifySalesChannel({ adminApiUrl, accessToken: token, config, currency: catalog.config.currency });
    }
    case 'ebay': {
      const config = settings?.ebay;
      if (!config) throw new SalesChannelRejectedError(`Brand ${brand} has no eBay channel.`);
      return new EbaySalesChannel({ apiUrl: requiredEnv('EBAY_API_URL'), accessToken: token, signingKey: () => ebaySigningKeyOf(brand), config });
    }
    case 'backmarket': {
      const config = settings?.backmarket;
      if (!config) throw new SalesChannelRejectedError(`Brand ${brand} has no Back Market channel.`);
      return new BackMarketSalesChannel({ apiUrl: requiredEnv('BACKMARKET_API_URL'), token, config, userAgent: `Kreislauf/0.1 (${brand})` });
    }
    case 'refurbed': {
      const config = settings?.refurbed;
      if (!config) throw new SalesChannelRejectedError(`Brand ${brand} has no Refurbed channel.`);
      return new RefurbedSalesChannel({ apiUrl: requiredEnv('REFURBED_API_URL'), token, config });
    }
  }
}

export function resaleService(): ResaleService {
  return new ResaleService({
    store: passportStore(),
    listings: listingStore(),
    queue: listingChangeQueue(),
    channelFor,
    now: () => new Date(),
    log: (message, details) => logger.warn(message, details),
  });
}

const listingStore = () => new DynamoDbListingStore(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** The FIFO queue of listing changes the sync function applies. */
export const listingChangeQueue = () => new SqsListingChangeQueue(requiredEnv('LISTING_QUEUE_URL'), sqsClient());

/** A passport's ledger, which no price may lose money against. */
const ledgers = () => new DynamoDbPassportRepairRecords(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** The ListingWorkflow's first step: no channels, no queue; the ledger its prices are held to. */
export const listingPreparation = () => new ListingPreparation({ store: passportStore(), listings: listingStore(), ledgers: ledgers(), now: () => new Date() });

/**
 * A person's change of a listing: recorded with its event, which queues the sync (queue-listing-change); no queue, no
 * channels. A new price is held to the passport's ledger.
 */
export const listingChanges = () => new ListingChanges({ store: passportStore(), listings: listingStore(), ledgers: ledgers(), now: () => new Date() });

/** A sale its buyer sent back: the passports and the sold listing, no channel, no queue (the workflows list it again). */
export function saleReturns(): SaleReturns {
  const store = passportRecords();
  return new SaleReturns({ store, listings: listingStore(), passports: workQueue(store), now });
}
