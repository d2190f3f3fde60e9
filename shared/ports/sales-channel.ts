import type { Money } from '../domain/catalog';
import type { ChannelListing, SalesChannelName } from '../domain/listings';

export type { ChannelListing } from '../domain/listings';

/** A listing as the channel has it now. */
export interface ChannelListingStatus {
  sku: string;
  /** The channel's id of the listing: eBay listing id, Back Market listing id, Refurbed offer id, Shopify product gid. */
  externalId: string;
  price: Money;
  /** 1 while it is for sale, 0 once sold or withdrawn. */
  quantity: number;
}

/** One of our items in an order a buyer placed on a channel. */
export interface ChannelOrder {
  /** The channel's order id. */
  orderId: string;
  /** The channel's id of the order line holding our item; with the order id, what `cancelOrder` needs. */
  lineId: string;
  sku: string;
  /** What the buyer paid for the item. */
  price: Money;
  /** What the buyer paid for shipping, where the channel says. */
  shipping?: Money;
  /** What the channel keeps of the sale, where the channel says; else the brand's fee rule estimates it. */
  fee?: Money;
  /** ISO 8601. */
  orderedAt: string;
}

/**
 * A refund the channel accepted but settles later (eBay answers `issue_refund` with `PENDING`): the buyer has not had
 * the money back until the channel's `refundStatus` says `REFUNDED`.
 */
export interface PendingRefund {
  /** The channel's id of the refund, as its order shows it. */
  refundId: string;
}

/** Where a refund the channel settles later stands: `FAILED` means the buyer did not get the money back. */
export type RefundStatus = 'PENDING' | 'REFUNDED' | 'FAILED';

export interface OrderPage {
  orders: ChannelOrder[];
  /** Pass it to the next `pollOrders`; store it only once these orders are recorded. */
  nextCursor: string;
}

/**
 * One sales channel of a brand (DESIGN.md §7): the brand's Shopify shop, eBay, Back Market or
 * Refurbed. Every call may be retried after a failure or a timeout, so each is safe to repeat:
 *
 * - `list` is keyed by the SKU. It looks the SKU up first and updates (and, if it was taken
 *   offline, relists) what it finds, so a retry after a lost answer never makes a second listing,
 *   also on APIs whose create is not idempotent (eBay `createOffer`).
 * - `updatePrice` and `withdraw` set a state rather than change it; withdrawing a listing the
 *   channel no longer has, or has sold, succeeds.
 * - `pollOrders` returns the orders placed or changed after the cursor; the same cursor returns
 *   the same orders again, so the caller stores the next cursor only after recording them.
 * - `cancelOrder` of an order (or order line) already cancelled succeeds; one whose refund is still pending answers
 *   that refund again.
 *
 * Failures are one of two errors: {@link SalesChannelUnavailableError} (retry later with
 * backoff) or {@link SalesChannelRejectedError} (retrying cannot help; a person must look).
 */
export interface SalesChannel {
  readonly channel: SalesChannelName;
  /** Puts the item on sale with quantity 1 at the listing's price. */
  list(listing: ChannelListing): Promise<{ externalId: string }>;
  /** Changes the price of a listing on sale, never its quantity: a buyer's order that lands meanwhile keeps its stock of zero. */
  updatePrice(sku: string, price: Money): Promise<void>;
  /** Takes the item off sale (quantity 0 or unpublished). */
  withdraw(sku: string): Promise<void>;
  /** The listing under this SKU, or `undefined` when the channel has none. */
  findBySku(sku: string): Promise<ChannelListingStatus | undefined>;
  /** Orders of our SKUs placed or changed after `cursor`; no cursor starts from the channel's beginning. */
  pollOrders(cursor: string | undefined): Promise<OrderPage>;
  /**
   * Cancels our line of an order the item cannot be delivered for (sold on another channel first):
   * the line alone, refunded (what the buyer paid for it, and its `shipping` share where the channel shares one
   * shipping over an order's lines), where the order holds other lines to deliver, which still ship. A refund the
   * channel settles later is answered as a {@link PendingRefund}, to be followed with `refundStatus`; nothing else is.
   */
  cancelOrder(order: Pick<ChannelOrder, 'orderId' | 'lineId' | 'sku' | 'shipping'>, reason: string): Promise<PendingRefund | void>;
  /** Where a refund `cancelOrder` answered as pending stands now; only on channels that settle refunds later (eBay). */
  refundStatus?(order: Pick<ChannelOrder, 'orderId'>, refundId: string): Promise<RefundStatus>;
}

/** The channel cannot be reached, is throttling, or failed (network, 429, 5xx): worth retrying with backoff. */
export class SalesChannelUnavailableError extends Error {
  override readonly name = 'SalesChannelUnavailable';
  constructor(message: string, readonly status?: number, readonly retryAfterSeconds?: number) {
    super(message);
  }
}

/** The channel refused the request for good (credentials, a field it does not accept, an order it will not cancel): a person must look. */
export class SalesChannelRejectedError extends Error {
  override readonly name = 'SalesChannelRejected';
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}
