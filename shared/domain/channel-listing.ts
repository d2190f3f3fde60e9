/**
 * One channel's listing of an item, put together from the passport and the brand's resale
 * configuration: the SKU, the words, the condition the channel shows and the price.
 */
import type { Grade, Money } from './catalog';
import { UnprocessableError } from './errors';
import { channelCondition } from './listing-condition';
import { type ListingPrice, priceListing } from './listing-price';
import { listingSku } from './listing-sku';
import { listingText } from './listing-text';
import { type ChannelListing, type ListingCondition, SALES_CHANNELS, type SalesChannelName } from './listings';
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
 * Why a channel the brand sells on does not take an item: Back Market and Refurbed match their
 * catalogue by GTIN, so a product without one is not offered there (`NO_GTIN`); a channel does not
 * sell items in every condition, e.g. a DEFECTIVE one on Back Market or Refurbed (`CONDITION`).
 */
export type ChannelRefusal = 'NO_GTIN' | 'CONDITION';

export function channelRefusal(channel: SalesChannelName, product: { gtin?: string }, condition: ListingCondition): ChannelRefusal | undefined {
  if ((channel === 'backmarket' || channel === 'refurbed') && !product.gtin) return 'NO_GTIN';
  if (channelCondition(channel, condition) === undefined) return 'CONDITION';
  return undefined;
}

/** The channels the brand has switched on, in the platform's order. */
export const enabledChannels = (resale: BrandResaleConfig | undefined): SalesChannelName[] => SALES_CHANNELS.filter((channel) => resale?.channels[channel]?.enabled === true);

/**
 * The listing of an item on one channel and what its price nets, or `undefined` when the brand
 * has the channel switched off or the channel does not take the item ({@link channelRefusal}).
 *
 * @example
 * channelListingFor({ channel: 'ebay', brand: 'demo-outdoor', passportId, product, condition: { grade: 'GOOD', repaired: false }, photos: [], resale: demoResale });
 * // { listing: { sku: 'DEMOOUTDOOR01J…', title: 'Trailphone X2 128 GB, Graphite – Gut', price: { amount: 39_199, currency: 'EUR' }, … }, pricing: { price, fee, net } }
 */
export function channelListingFor({ channel, brand, passportId, product, condition, grading, photos, resale }: ChannelListingInput): { listing: ChannelListing; pricing: ListingPrice } | undefined {
  const settings = resale.channels[channel];
  if (!settings?.enabled || channelRefusal(channel, product, condition) !== undefined) return undefined;
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

const REFUSALS: Record<ChannelRefusal, (sku: string, grade: Grade) => string> = {
  NO_GTIN: (sku) => `needs the product's GTIN, and ${sku} has none in the brand's catalogue`,
  CONDITION: (_sku, grade) => `does not sell items of grade ${grade}`,
};

/**
 * The ListingWorkflow found no channel to list a resellable item on although the brand sells on at least one: every
 * channel it has switched on refuses the item ({@link channelRefusal}), or its product is no longer in the brand's
 * catalogue. Nothing is listed, and the workflow leaves the item to a person (`NEEDS_ATTENTION`) instead of letting it
 * wait unseen: they mend the catalogue or the channels and route it to RESELL again, or route it elsewhere. A brand
 * that sells on no channel of the platform is not told (its items wait for a resale of its own).
 */
export class NoChannelTakesItemError extends UnprocessableError {
  override readonly name = 'NoChannelTakesItemError';
  override readonly title = 'No channel takes the item';
  constructor(sku: string, grade: Grade, refusals: readonly { channel: SalesChannelName; refusal: ChannelRefusal }[] | 'NOT_IN_CATALOGUE') {
    super(
      refusals === 'NOT_IN_CATALOGUE'
        ? `The item's product ${sku} is no longer in the brand's catalogue, so no channel can list it. Add the product again, then route the item to RESELL again; or route it elsewhere`
        : `None of the brand's channels takes the item: ${refusals.map(({ channel, refusal }) => `${channel} ${REFUSALS[refusal](sku, grade)}`).join('; ')}. Mend the catalogue or switch on a channel that takes it, then route the item to RESELL again; or route it elsewhere`,
      [],
      { sku, grade, ...(refusals === 'NOT_IN_CATALOGUE' ? { notInCatalogue: true } : { refusals }) },
    );
  }
}
