/**
 * The demo brand's resale configuration (DESIGN.md §8): its price rules and all four sales
 * channels switched on, each pointing at the account the local cloud's sandboxes stand in for.
 * The sandboxes' own origins come from the deployment (they are started beside the platform),
 * not from here.
 */
import { SHOPIFY_SANDBOX_LOCATION_ID, SHOPIFY_SANDBOX_SHOP_DOMAIN } from '../sandboxes/shopify/products';
import { type BrandResaleConfig, BrandResaleConfigSchema } from '../../shared/schemas/resale';

export const demoResale: BrandResaleConfig = BrandResaleConfigSchema.parse({
  priceRules: {
    // Listing prices sit above the trade-in values of `demo-brand.ts` (e.g. a LIKE_NEW phone is
    // bought for 35–45 % of its new price), so a resold item pays for its payout and handling.
    shareOfNewPrice: { LIKE_NEW: 0.7, GOOD: 0.58, FAIR: 0.45, DEFECTIVE: 0.12 },
    repairedShare: 0.62,
    floor: { amount: 1_500, currency: 'EUR' },
  },
  channels: {
    shopify: {
      enabled: true,
      // Shopify Payments' card fee in Germany, roughly.
      pricing: { fee: { percent: 2.1, fixed: 25 }, rounding: 'NINETY_NINE' },
      language: 'de',
      shopDomain: SHOPIFY_SANDBOX_SHOP_DOMAIN,
      locationId: SHOPIFY_SANDBOX_LOCATION_ID,
    },
    ebay: {
      enabled: true,
      pricing: { fee: { percent: 11, fixed: 35 }, rounding: 'NINETY_NINE' },
      language: 'de',
      marketplaceId: 'EBAY_DE',
      merchantLocationKey: 'kreislauf-demo-warehouse',
      policies: { fulfillmentPolicyId: '6196932000', paymentPolicyId: '6196938000', returnPolicyId: '6196940000' },
      // eBay.de leaf categories: Handys & Smartphones, Tablets & eBook-Reader, Notebooks & Netbooks,
      // Herrenjacken, Damenjacken (jackets are listed under men's; the title says whose), Jeans, Wanderschuhe.
      categories: { smartphone: '9355', tablet: '171485', laptop: '177', jacket: '57988', jeans: '11483', shoes: '181392' },
    },
    backmarket: {
      enabled: true,
      pricing: { fee: { percent: 10, fixed: 0 }, rounding: 'WHOLE' },
      language: 'de',
      warrantyMonths: 12,
    },
    refurbed: {
      enabled: true,
      pricing: { fee: { percent: 12, fixed: 0 }, rounding: 'WHOLE' },
      language: 'de',
      shippingProfileId: 'kreislauf-demo-de',
      warrantyMonths: 12,
      // Trade-ins are bought from private persons without VAT: sold under the margin scheme.
      taxation: 'MARGINAL',
    },
  },
});
