import { BACKMARKET_SANDBOX_TOKEN, startBackMarketSandbox } from '../../local/sandboxes/backmarket/sandbox';
import { EBAY_SANDBOX_SIGNING_KEY, EBAY_SANDBOX_TOKEN, startEbaySandbox } from '../../local/sandboxes/ebay/sandbox';
import { REFURBED_SANDBOX_TOKEN, startRefurbedSandbox } from '../../local/sandboxes/refurbed/sandbox';
import { SHOPIFY_SANDBOX_TOKEN, startShopifySandbox } from '../../local/sandboxes/shopify/sandbox';
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

/** The four channels' sandboxes, by channel. */
export interface ChannelSandboxes {
  shopify: Awaited<ReturnType<typeof startShopifySandbox>>;
  ebay: Awaited<ReturnType<typeof startEbaySandbox>>;
  backmarket: Awaited<ReturnType<typeof startBackMarketSandbox>>;
  refurbed: Awaited<ReturnType<typeof startRefurbedSandbox>>;
}

/** The four channels' sandboxes, started at once, and the resale service's `channelFor` over them. */
export async function startChannelSandboxes(): Promise<{ sandboxes: ChannelSandboxes; channelFor: ReturnType<typeof sandboxChannels> }> {
  const [shopify, ebay, backmarket, refurbed] = await Promise.all([startShopifySandbox(), startEbaySandbox(), startBackMarketSandbox(), startRefurbedSandbox()]);
  return {
    sandboxes: { shopify, ebay, backmarket, refurbed },
    channelFor: sandboxChannels({ shopify: shopify.adminApiUrl, ebay: ebay.apiUrl, backmarket: backmarket.apiUrl, refurbed: refurbed.apiUrl }),
  };
}
