/**
 * One channel's listing of an item, put together from the passport and the brand's resale
 * configuration: the SKU, the words, the condition the channel shows and the price.
 */
import type { Money } from './catalog';
import { channelCondition } from './listing-condition';
import { type ListingPrice, priceListing } from './listing-price';
import { listingSku } from './listing-sku';
import { listingText } from './listing-text';
import type { ChannelListing, ListingCondition, SalesChannelName } from './listings';
import type { PassportGrading } from './passport';
import type { BrandResaleConfig } from '../schemas/resale';

export interface ChannelListingInput {
  channel: SalesChannelName;
  brand: string;
  passportId: string;
  product: { sku: string; name: string; category: string; newPrice: Money; gtin?: string };
  condition: ListingCondition;
  grading?: Pick<PassportGrading, 'checks' | 'notes'>;
  photos: readonly string[];
  resale: BrandResaleConfig;
}

/**
 * The listing of an item on one channel and what its price nets, or `undefined` when the brand
 * has the channel switched off or the channel does not sell items in this condition (a DEFECTIVE
 * item on Back Market or Refurbed).
 *
 * @example
 * channelListingFor({ channel: 'ebay', brand: 'demo-outdoor', passportId, product, condition: { grade: 'GOOD', repaired: false }, photos: [], resale: demoResale });
 * // { listing: { sku: 'DEMOOUTDOOR01J…', title: 'Trailphone X2 128 GB, Graphite – Gut', price: { amount: 39_199, currency: 'EUR' }, … }, pricing: { price, fee, net } }
 */
export function channelListingFor({ channel, brand, passportId, product, condition, grading, photos, resale }: ChannelListingInput): { listing: ChannelListing; pricing: ListingPrice } | undefined {
  const settings = resale.channels[channel];
  if (!settings?.enabled || channelCondition(channel, condition) === undefined) return undefined;
  const pricing = priceListing({ newPrice: product.newPrice, condition, rules: resale.priceRules, pricing: settings.pricing });
  const text = listingText({
    channel,
    language: settings.language,
    passportId,
    productName: product.name,
    condition,
    ...(grading?.checks ? { checks: grading.checks } : {}),
    ...(grading?.notes ? { notes: grading.notes } : {}),
  });
  return {
    listing: {
      passportId,
      sku: listingSku(brand, passportId),
      product: { sku: product.sku, name: product.name, category: product.category, ...(product.gtin ? { gtin: product.gtin } : {}) },
      condition,
      price: pricing.price,
      language: settings.language,
      ...text,
      photos,
    },
    pricing,
  };
}
