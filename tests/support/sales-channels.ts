import { BACKMARKET_SANDBOX_TOKEN } from '../../local/sandboxes/backmarket/sandbox';
import { EBAY_SANDBOX_SIGNING_KEY, EBAY_SANDBOX_TOKEN } from '../../local/sandboxes/ebay/sandbox';
import { REFURBED_SANDBOX_TOKEN } from '../../local/sandboxes/refurbed/sandbox';
import { SHOPIFY_SANDBOX_TOKEN } from '../../local/sandboxes/shopify/sandbox';
import { BackMarketSalesChannel } from '../../shared/adapters/backmarket/backmarket-sales-channel';
import { EbaySalesChannel } from '../../shared/adapters/ebay/ebay-sales-channel';
import { RefurbedSalesChannel } from '../../shared/adapters/refurbed/refurbed-sales-channel';
import { ShopifySalesChannel } from '../../shared/adapters/shopify/shopify-sales-channel';
import type { BrandCatalog } from '../../shared/domain/catalog';
import type { SalesChannelName } from '../../shared/domain/listings';
import type { SalesChannel } from '../../shared/ports/sales-channel';

/** Where the tests reach each channel: a sandbox's API, or a proxy in front of it. */
export interface ChannelApis {
  /** The shop's Admin GraphQL endpoint. */
  shopify: string;
  ebay: string;
  backmarket: string;
  refurbed: string;
}

/**
 * The resale service's `channelFor` over the channel sandboxes, with the sandboxes' credentials and
 * the brand's channel settings, as the platform's composition builds it from its secrets.
 */
export function sandboxChannels(apis: ChannelApis): (catalog: BrandCatalog, channel: SalesChannelName) => Promise<SalesChannel> {
  return async (catalog, channel) => {
    const settings = catalog.config.resale!.channels;
    switch (channel) {
      case 'shopify':
        return new ShopifySalesChannel({ adminApiUrl: apis.shopify, accessToken: async () => SHOPIFY_SANDBOX_TOKEN, config: settings.shopify!, currency: 'EUR' });
      case 'ebay':
        return new EbaySalesChannel({ apiUrl: apis.ebay, accessToken: async () => EBAY_SANDBOX_TOKEN, signingKey: async () => EBAY_SANDBOX_SIGNING_KEY, config: settings.ebay! });
      case 'backmarket':
        return new BackMarketSalesChannel({ apiUrl: apis.backmarket, token: async () => BACKMARKET_SANDBOX_TOKEN, config: settings.backmarket!, userAgent: 'Kreislauf/test' });
      case 'refurbed':
        return new RefurbedSalesChannel({ apiUrl: apis.refurbed, token: async () => REFURBED_SANDBOX_TOKEN, config: settings.refurbed! });
    }
  };
}
