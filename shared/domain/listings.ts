/**
 * Resale listings (DESIGN.md §2, §6): an item graded for resale, or repaired, is offered on each
 * sales channel the brand has switched on, and whichever channel sells it first gets it.
 */
import { type Grade, MAX_AMOUNT, type Money } from './catalog';

/** The channels a brand can sell on: its own Shopify shop and three marketplaces. */
export const SALES_CHANNELS = ['shopify', 'ebay', 'backmarket', 'refurbed'] as const;
export type SalesChannelName = (typeof SALES_CHANNELS)[number];

/**
 * A listing change its channel did not take is tried again after this many seconds: the sync
 * sets it on each failed message, as the queue's own visibility timeout is longer (six times the
 * sync's time limit, for Lambda's retries of a throttled batch).
 */
export const LISTING_SYNC_RETRY_SECONDS = 60;

/** Where one listing stands on its channel. */
export const LISTING_STATES = ['LISTED', 'SOLD', 'WITHDRAWN', 'CANCELLED'] as const;
export type ListingState = (typeof LISTING_STATES)[number];

/** The languages listings are written in. */
export const LISTING_LANGUAGES = ['de', 'en'] as const;
export type ListingLanguage = (typeof LISTING_LANGUAGES)[number];

/**
 * The condition an item is sold in: its grade (after the repair, for a repaired item) and whether
 * a repair partner restored it, which marketplaces show as "refurbished".
 */
export interface ListingCondition {
  grade: Grade;
  repaired: boolean;
}

/** One item as a channel lists it, written by `channelListingFor`. */
export interface ChannelListing {
  passportId: string;
  /** `listingSku(brand, passportId)`: the key of the listing on every channel. */
  sku: string;
  product: {
    /** The brand's product SKU. */
    sku: string;
    name: string;
    category: string;
    /** The product's EAN/GTIN, which Back Market and Refurbed match their catalogue by. */
    gtin?: string;
  };
  condition: ListingCondition;
  price: Money;
  language: ListingLanguage;
  title: string;
  /** Plain text; adapters of HTML channels convert it with `paragraphsAsHtml`. */
  description: string;
  conditionText: string;
  /** Public https URLs of the item's photos. */
  photos: readonly string[];
}


/** Our record of an item's listing on one channel: what it should show, and where it stands. */
export interface Listing {
  passportId: string;
  brand: string;
  channel: SalesChannelName;
  sku: string;
  /** The channel's id of the listing, once the channel has answered. */
  listingId?: string;
  price: Money;
  /** What the channel keeps of the price, by the brand's fee rule. */
  fee: Money;
  state: ListingState;
  /** What the channel is to show, kept so that a sync, a relist or a reconciliation can list it again. */
  content: ChannelListing;
  updatedAt: string;
}

/**
 * The refund of an oversold order line that its channel accepted but settles later (eBay's `issue_refund` answers
 * `PENDING`): kept until the channel says it was made, or that it failed, when a person must refund the buyer.
 */
export interface PendingLineRefund {
  brand: string;
  passportId: string;
  channel: SalesChannelName;
  orderId: string;
  lineId: string;
  /** The channel's id of the refund. */
  refundId: string;
  /** ISO 8601: when the channel accepted it. */
  at: string;
}

/** A listing whose channel must be brought in line with our record; sent through the FIFO queue, grouped by passport. */
export interface ListingChange {
  passportId: string;
  channel: SalesChannelName;
}

/** The recorded change a queued sync carries out, as the queue's message names it. */
type RecordedChangeReason = 'price' | 'withdraw' | 'relist' | 'sold';

/** The passport events a person's change of a listing records (a relisting's `Listed` with `by`). */
export const PERSONS_LISTING_EVENT_TYPES = ['Listed', 'ListingPriceChanged', 'ListingWithdrawn'] as const;

/** A person's change of one listing as its passport event records it (the event has `by`). */
export type PersonsListingEvent =
  | { type: 'Listed'; passportId: string; data: { listings: readonly { channel: SalesChannelName }[]; by?: string | undefined } }
  | { type: Exclude<(typeof PERSONS_LISTING_EVENT_TYPES)[number], 'Listed'>; passportId: string; data: { channel: SalesChannelName; by: string } };

/** A sale as its passport event records it: with the channels whose listings it withdrew (since 6 December). */
export interface SaleEvent {
  type: 'Sold';
  passportId: string;
  data: { withdrawn?: readonly SalesChannelName[] | undefined };
}

/** A recorded change of an item's listings that its event queues for the channels. */
export type RecordedListingEvent = PersonsListingEvent | SaleEvent;

/**
 * The channels a recorded listing change must be synced with: a person's, or a sale's withdrawal of the
 * other listings. The change and its event are written in one transaction, and the event alone queues
 * the sync (through the table's stream and the bus), so a request that dies after its write still
 * reaches the channel. A `Listed` event without `by` is the ListingWorkflow's, which queues its
 * listings itself, and a `Sold` event without `withdrawn` is from before its sale's request stopped
 * queueing the withdrawals: none here.
 */
export function listingChangesOf(event: RecordedListingEvent): { changes: ListingChange[]; reason: RecordedChangeReason } {
  const { passportId } = event;
  switch (event.type) {
    case 'Listed':
      return { changes: event.data.by === undefined ? [] : event.data.listings.map(({ channel }) => ({ passportId, channel })), reason: 'relist' };
    case 'ListingPriceChanged':
      return { changes: [{ passportId, channel: event.data.channel }], reason: 'price' };
    case 'ListingWithdrawn':
      return { changes: [{ passportId, channel: event.data.channel }], reason: 'withdraw' };
    case 'Sold':
      return { changes: (event.data.withdrawn ?? []).map((channel) => ({ passportId, channel })), reason: 'sold' };
  }
}

/** The amounts of a buyer's order the ledger books. */
export const ORDER_AMOUNTS = ['price', 'shipping', 'fee'] as const;
export type OrderAmount = (typeof ORDER_AMOUNTS)[number];

/**
 * The first of an order's amounts the ledger cannot book: one that is negative, not whole minor units, or above
 * {@link MAX_AMOUNT}. No channel sells at such an amount; an order that says so (a signed webhook can carry any
 * number) is not booked but cancelled, as one paid in another currency is: until 7 December 2026 a Shopify order of
 * -5.00 was booked as a sale of -500 with a negative fee, and one of 10^20 failed with a 500.
 *
 * @example
 * unbookableOrderAmount({ price: eur(-500) }); // 'price'
 * unbookableOrderAmount({ price: eur(42_899), shipping: eur(490) }); // undefined
 */
export function unbookableOrderAmount(order: { price: Money; shipping?: Money | undefined; fee?: Money | undefined }): OrderAmount | undefined {
  return ORDER_AMOUNTS.find((name) => {
    const money = order[name];
    return money !== undefined && !(Number.isSafeInteger(money.amount) && money.amount >= 0 && money.amount <= MAX_AMOUNT);
  });
}
