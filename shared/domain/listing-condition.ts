/**
 * The condition each channel shows for an item (DESIGN.md §7), from our grade and whether a
 * repair partner restored it. The channels' scales are not ours, so the mapping is a choice,
 * written down here once:
 *
 * | our condition        | eBay `condition`           | Back Market | Refurbed | shop tags                          |
 * |----------------------|----------------------------|-------------|----------|------------------------------------|
 * | LIKE_NEW             | `LIKE_NEW`                 | `EXCELLENT` | `A`      | `condition:like-new`               |
 * | GOOD                 | `USED_VERY_GOOD`           | `VERY_GOOD` | `B`      | `condition:good`                   |
 * | FAIR                 | `USED_GOOD`                | `FAIR`      | `C`      | `condition:fair`                   |
 * | DEFECTIVE            | `FOR_PARTS_OR_NOT_WORKING` | not listed  | not listed | `condition:defective`            |
 * | repaired, not DEFECTIVE | `SELLER_REFURBISHED`    | as its grade | as its grade | `condition:…`, `refurbished`   |
 *
 * Our GOOD is "light scratches, invisible when the screen is on", which is Back Market's "very
 * good" and eBay's "used – very good" (minimal wear); FAIR has deep scratches or dents, eBay's
 * "used – good" (moderate wear) and Back Market's "fair". Back Market and Refurbed sell working
 * devices only, so a DEFECTIVE item, repaired or not, is not listed there; on eBay it is sold for
 * parts even after a repair that did not make it work.
 */
import type { Grade } from './catalog';
import type { ListingCondition, SalesChannelName } from './listings';

export type EbayCondition = 'LIKE_NEW' | 'USED_VERY_GOOD' | 'USED_GOOD' | 'SELLER_REFURBISHED' | 'FOR_PARTS_OR_NOT_WORKING';
export type BackMarketGrade = 'EXCELLENT' | 'VERY_GOOD' | 'GOOD' | 'FAIR';
export type RefurbedGrading = 'A' | 'B' | 'C';

/** The value each channel takes for the condition. */
export interface ChannelConditions {
  ebay: EbayCondition;
  backmarket: BackMarketGrade;
  refurbed: RefurbedGrading;
  /** Tags of the product in the brand's shop, for its collections and filters. */
  shopify: readonly string[];
}

const EBAY: Record<Grade, EbayCondition> = {
  LIKE_NEW: 'LIKE_NEW',
  GOOD: 'USED_VERY_GOOD',
  FAIR: 'USED_GOOD',
  DEFECTIVE: 'FOR_PARTS_OR_NOT_WORKING',
};
const BACK_MARKET: Record<Grade, BackMarketGrade | undefined> = {
  LIKE_NEW: 'EXCELLENT',
  GOOD: 'VERY_GOOD',
  FAIR: 'FAIR',
  DEFECTIVE: undefined,
};
const REFURBED: Record<Grade, RefurbedGrading | undefined> = { LIKE_NEW: 'A', GOOD: 'B', FAIR: 'C', DEFECTIVE: undefined };

/**
 * The condition value a channel takes for an item, or `undefined` when the channel does not sell
 * items in that condition (then the item is not listed there).
 *
 * @example
 * channelCondition('ebay', { grade: 'GOOD', repaired: false }); // 'USED_VERY_GOOD'
 * channelCondition('ebay', { grade: 'GOOD', repaired: true }); // 'SELLER_REFURBISHED'
 * channelCondition('refurbed', { grade: 'FAIR', repaired: false }); // 'C'
 * channelCondition('backmarket', { grade: 'DEFECTIVE', repaired: false }); // undefined
 * channelCondition('shopify', { grade: 'LIKE_NEW', repaired: true }); // ['condition:like-new', 'refurbished']
 */
export function channelCondition<C extends SalesChannelName>(channel: C, condition: ListingCondition): ChannelConditions[C] | undefined;
export function channelCondition(channel: SalesChannelName, { grade, repaired }: ListingCondition): ChannelConditions[SalesChannelName] | undefined {
  switch (channel) {
    case 'ebay':
      return repaired && grade !== 'DEFECTIVE' ? 'SELLER_REFURBISHED' : EBAY[grade];
    case 'backmarket':
      return BACK_MARKET[grade];
    case 'refurbed':
      return REFURBED[grade];
    case 'shopify':
      return [`condition:${grade.toLowerCase().replace('_', '-')}`, ...(repaired ? ['refurbished'] : [])];
  }
}
