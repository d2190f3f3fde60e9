/**
 * The price an item is listed at on one channel (DESIGN.md §2, §3): the brand's share of the new
 * price for the item's condition, grossed up so the channel's fee comes out of the buyer's price
 * rather than the brand's, rounded up the channel's way, and never netting less than the brand's
 * floor.
 */
import { MAX_AMOUNT, type Money } from './catalog';
import { UnprocessableError } from './errors';
import { currencyDigits } from './money';
import type { ListingCondition } from './listings';
import type { BrandResaleConfig, ChannelPricing, PriceRules } from '../schemas/resale';

/** A price ending in 99 ends so in its smallest unit's last two digits: x.99 €, ¥x99, x.x99 KWD. */
const NINETY_NINE_STEP = 100;

export interface ListingPrice {
  /** What the buyer pays for the item. */
  price: Money;
  /** What the channel keeps of it: its percentage (rounded to the cent) plus its fixed fee. */
  fee: Money;
  /** What the brand receives: `price − fee`. */
  net: Money;
}

export interface PriceListingInput {
  /** The product's new price. */
  newPrice: Money;
  condition: ListingCondition;
  rules: PriceRules;
  pricing: ChannelPricing;
}

/**
 * The listing price on one channel. The target net is the condition's share of the new price (the
 * repaired share for an item a partner restored), at least the floor; the price is the least
 * amount whose net after the channel's fee reaches the target, rounded up to the channel's
 * rounding (`CENT`, `WHOLE` units, or `NINETY_NINE`: the next x.99). Rounding up keeps the net at
 * or above the target.
 *
 * @throws UnprocessableError when the floor is in another currency than the new price, or when the price would be more
 *   than {@link MAX_AMOUNT} (a floor or a fixed fee mistyped in a configuration saved before they were held to it): no
 *   channel is sent a price of billions, and the ListingWorkflow leaves the item to a person with the reason.
 * @example
 * priceListing({
 *   newPrice: { amount: 59_900, currency: 'EUR' },
 *   condition: { grade: 'GOOD', repaired: false },
 *   rules: { shareOfNewPrice: { LIKE_NEW: 0.7, GOOD: 0.55, FAIR: 0.4, DEFECTIVE: 0.1 }, repairedShare: 0.6, floor: { amount: 2_000, currency: 'EUR' } },
 *   pricing: { fee: { percent: 10, fixed: 35 }, rounding: 'NINETY_NINE' },
 * });
 * // 599.00 × 0.55 = 329.45 net; (329.45 + 0.35) / 0.9 = 366.45 → 366.99
 * // { price: { amount: 36_699, … }, fee: { amount: 3_705, … }, net: { amount: 32_994, … } }
 */
export function priceListing({ newPrice, condition, rules, pricing }: PriceListingInput): ListingPrice {
  const { currency } = newPrice;
  if (rules.floor.currency !== currency) {
    throw new UnprocessableError(`The price floor is in ${rules.floor.currency}, but the product is priced in ${currency}`, [], {
      floorCurrency: rules.floor.currency,
      currency,
    });
  }
  const share = condition.repaired ? rules.repairedShare : rules.shareOfNewPrice[condition.grade];
  const target = Math.max(settledRound(newPrice.amount * share), rules.floor.amount);
  const grossed = grossUp(target, pricing);
  const price = grossed === undefined ? undefined : roundUp(grossed, pricing.rounding, currency);
  if (price === undefined || price > MAX_AMOUNT) {
    throw new UnprocessableError(
      `No price of at most ${MAX_AMOUNT} minor units nets the brand ${target} ${currency} after the channel's fee (${pricing.fee.percent} % and ${pricing.fee.fixed}): ` +
        'mend the price floor or the fee in config.resale, then route the item to RESELL again; or route it elsewhere',
      [],
      { target: { amount: target, currency }, maxAmount: MAX_AMOUNT },
    );
  }
  const fee = channelFee(price, pricing);
  return { price: { amount: price, currency }, fee: { amount: fee, currency }, net: { amount: price - fee, currency } };
}

/**
 * What the channel keeps of a price: its percentage rounded half up to the cent, plus its fixed fee.
 *
 * @example
 * channelFee(36_699, { fee: { percent: 10, fixed: 35 }, rounding: 'CENT' }); // 3_705
 */
export function channelFee(price: number, pricing: ChannelPricing): number {
  return settledRound((price * pricing.fee.percent) / 100) + pricing.fee.fixed;
}

/**
 * The most any of the brand's switched-on channels keeps of a sale at a price: what a sale may
 * cost when the item can sell on any of them. No channel switched on, no fee.
 *
 * @example
 * highestChannelFee(demoResale)(30_000); // 3_600 (Refurbed's 12 %, the highest of the demo's four channels)
 */
export function highestChannelFee(resale: BrandResaleConfig | undefined): (price: number) => number {
  const pricings = Object.values(resale?.channels ?? {}).flatMap((channel) => (channel?.enabled ? [channel.pricing] : []));
  return (price) => Math.max(0, ...pricings.map((pricing) => channelFee(price, pricing)));
}

/**
 * What a listing by the brand's price rules nets the brand at the least, on whichever switched-on channel the item
 * sells: the rules' target for its condition (at least the floor), since the channel's fee is added to the buyer's
 * price and the price rounded up. `undefined` when the brand has no channel switched on.
 *
 * @example
 * listedNet(demoResale, { amount: 59_900, currency: 'EUR' }, { grade: 'GOOD', repaired: false }); // 32_945 (0.55 of 599.00)
 */
export function listedNet(resale: BrandResaleConfig | undefined, newPrice: Money, condition: ListingCondition): number | undefined {
  if (!resale || !Object.values(resale.channels).some((channel) => channel?.enabled)) return undefined;
  const rules = resale.priceRules;
  const share = condition.repaired ? rules.repairedShare : rules.shareOfNewPrice[condition.grade];
  return Math.max(settledRound(newPrice.amount * share), rules.floor.amount);
}

/** How many prices from its estimate up `grossUp` tries. */
const GROSS_UP_STEPS = 4;

/**
 * The least price whose net after the channel's fee reaches `target`, or `undefined` when it would be more than
 * {@link MAX_AMOUNT}. The price is at least the target and the fixed fee together, so a larger sum is answered at once:
 * past 2^53 a float's `+ 1` changes nothing, and stepping up to such a price never ended (until 7 December 2026 a floor
 * of 9e15 kept the listing function busy until it timed out).
 */
function grossUp(target: number, pricing: ChannelPricing): number | undefined {
  if (target + pricing.fee.fixed > MAX_AMOUNT) return undefined;
  const estimate = Math.ceil(settle((target + pricing.fee.fixed) / (1 - pricing.fee.percent / 100)));
  // The estimate nets the target in exact arithmetic (the fee's percentage is rounded half up, so it takes at most half
  // a cent more than the exact share, and the net is whole); floats may leave it a cent short. A few steps up reach it,
  // and no more are taken, whatever the settings.
  for (let price = estimate, step = 0; step < GROSS_UP_STEPS; price += 1, step += 1) {
    if (price - channelFee(price, pricing) >= target) return price <= MAX_AMOUNT ? price : undefined;
  }
  return undefined;
}

function roundUp(amount: number, rounding: ChannelPricing['rounding'], currency: string): number {
  if (rounding === 'CENT') return amount;
  // Whole units of the currency's own: 100 cents, one yen, 1,000 fils (until 7 December 2026 every currency was taken
  // to have 100 minor units, and a whole yen price was rounded up to ¥100).
  if (rounding === 'WHOLE') {
    const unit = 10 ** currencyDigits(currency);
    return Math.ceil(amount / unit) * unit;
  }
  // The next price ending in 99 at or above the amount: 366.45 → 366.99, 367.00 → 367.99.
  return Math.floor(amount / NINETY_NINE_STEP) * NINETY_NINE_STEP + (NINETY_NINE_STEP - 1);
}

function settledRound(minorUnits: number): number {
  return Math.round(settle(minorUnits));
}

// Binary floats make 27 900 / (1 − 0.07) come out as 30000.000000000004, which rounds up to a
// cent too many; settling at a thousandth of a minor unit first keeps rounding from
// losing or adding a cent.
function settle(minorUnits: number): number {
  return Math.round(minorUnits * 1000) / 1000;
}
