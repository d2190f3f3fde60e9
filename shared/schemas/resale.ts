import * as z from 'zod/mini';
import { LISTING_LANGUAGES } from '../domain/listings';
import { MoneySchema, recordWithSafeKeys, schema } from './common';

// The resale part of a brand's configuration (DESIGN.md §6 `brand-config`): its price rules and
// the sales channels it has switched on, each with its fee, rounding and account settings.
// Neither credentials nor API hosts are part of it: credentials live in the secret store, and
// the marketplaces' hosts are the deployment's (the local cloud points them at its sandboxes).

const share = /* @__PURE__ */ schema(() => z.number().check(z.gte(0), z.lte(1)));

/** Listing prices as a share of the product's new price. */
export const PriceRulesSchema = /* @__PURE__ */ schema(() => z.strictObject({
  /** By grade, for items sold as they were taken back. */
  shareOfNewPrice: z.strictObject({ LIKE_NEW: share, GOOD: share, FAIR: share, DEFECTIVE: share }),
  /** For items a repair partner restored, whatever their grade before the repair. */
  repairedShare: share,
  /** The least the brand keeps of a sale after the channel fee, and so the least price, in the brand's currency. */
  floor: MoneySchema.check(z.refine((money) => money.amount >= 0, 'must not be negative')),
}));
export type PriceRules = z.infer<typeof PriceRulesSchema>;

/** What a channel charges per sale and how its prices are rounded. */
export const ChannelPricingSchema = /* @__PURE__ */ schema(() => z.strictObject({
  fee: z.strictObject({
    /** The channel's commission in percent of the price, e.g. 12.9. */
    percent: z.number().check(z.gte(0), z.lte(50)),
    /** A fixed fee per sale in minor units, e.g. 35. */
    fixed: z.int().check(z.gte(0)),
  }),
  /** `CENT`: as computed; `WHOLE`: up to whole units; `NINETY_NINE`: up to the next x.99. */
  rounding: z.enum(['CENT', 'WHOLE', 'NINETY_NINE']),
}));
export type ChannelPricing = z.infer<typeof ChannelPricingSchema>;

const channelBase = /* @__PURE__ */ schema(() => ({
  enabled: z.boolean(),
  pricing: ChannelPricingSchema,
  /** The language the channel's listings are written in. */
  language: z.enum(LISTING_LANGUAGES),
}));

/** A shop's own domain, e.g. `kreislauf-demo.myshopify.com`, as Shopify also names it in a webhook's `X-Shopify-Shop-Domain`. */
export const ShopDomainSchema = /* @__PURE__ */ schema(() => z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com$/, 'must be a {shop}.myshopify.com domain')));

export const ShopifyChannelSchema = /* @__PURE__ */ schema(() => z.strictObject({
  ...channelBase,
  /** The shop's own domain; its Admin API is served there. */
  shopDomain: ShopDomainSchema,
  /** The shop location whose stock the item is counted in, a `gid://shopify/Location/…`. */
  locationId: z.string().check(z.regex(/^gid:\/\/shopify\/Location\/\d+$/)),
}));

export const EbayChannelSchema = /* @__PURE__ */ schema(() => z.strictObject({
  ...channelBase,
  marketplaceId: z.enum(['EBAY_DE', 'EBAY_AT', 'EBAY_CH', 'EBAY_GB', 'EBAY_FR', 'EBAY_IT', 'EBAY_ES', 'EBAY_NL']),
  /** The seller's inventory location (`merchantLocationKey`). */
  merchantLocationKey: z.string().check(z.minLength(1), z.maxLength(36)),
  /** The seller's business policies every offer refers to. */
  policies: z.strictObject({
    fulfillmentPolicyId: z.string().check(z.minLength(1)),
    paymentPolicyId: z.string().check(z.minLength(1)),
    returnPolicyId: z.string().check(z.minLength(1)),
  }),
  /** The eBay leaf category by product category of the brand's catalog, e.g. `{ smartphone: "9355" }`. */
  categories: recordWithSafeKeys(z.string(), z.string().check(z.regex(/^\d+$/))),
}));

export const BackMarketChannelSchema = /* @__PURE__ */ schema(() => z.strictObject({
  ...channelBase,
  /** Months of warranty the brand gives on a Back Market sale; Back Market asks for at least 12. */
  warrantyMonths: z.int().check(z.gte(12), z.lte(36)),
}));

export const RefurbedChannelSchema = /* @__PURE__ */ schema(() => z.strictObject({
  ...channelBase,
  shippingProfileId: z.string().check(z.minLength(1)),
  /**
   * Months of warranty the brand gives. Refurbed lists new offers with 12 months only (its other warranties are
   * deprecated and refused), so an offer shows 12 whatever this says; more is the brand's own promise.
   */
  warrantyMonths: z.int().check(z.gte(12), z.lte(36)),
  /**
   * How Refurbed taxes the offers: `MARGINAL` (the margin scheme for second-hand goods bought from private persons
   * without VAT, as a trade-in is; the default) or `GROSS` (VAT on the whole price).
   */
  taxation: z.optional(z.enum(['MARGINAL', 'GROSS'])),
}));

/** The resale part of a brand's configuration. A channel left out is switched off. */
export const BrandResaleConfigSchema = /* @__PURE__ */ schema(() => z.strictObject({
  priceRules: PriceRulesSchema,
  channels: z.strictObject({
    shopify: z.optional(ShopifyChannelSchema),
    ebay: z.optional(EbayChannelSchema),
    backmarket: z.optional(BackMarketChannelSchema),
    refurbed: z.optional(RefurbedChannelSchema),
  }),
}));
export type BrandResaleConfig = z.infer<typeof BrandResaleConfigSchema>;
export type ShopifyChannelConfig = z.infer<typeof ShopifyChannelSchema>;
export type EbayChannelConfig = z.infer<typeof EbayChannelSchema>;
export type BackMarketChannelConfig = z.infer<typeof BackMarketChannelSchema>;
export type RefurbedChannelConfig = z.infer<typeof RefurbedChannelSchema>;
