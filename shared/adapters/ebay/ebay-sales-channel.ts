import { advanceOrderCursor, decodeOrderCursor, encodeOrderCursor, type OrderClock } from '../http/order-cursor';
import type { Money } from '../../domain/catalog';
import { channelCondition } from '../../domain/listing-condition';
import { passportIdOfSku } from '../../domain/listing-sku';
import { paragraphsAsHtml } from '../../domain/listing-text';
import type { ListingLanguage } from '../../domain/listings';
import {
  type ChannelListing,
  type ChannelListingStatus,
  type ChannelOrder,
  type OrderPage,
  type PendingRefund,
  type RefundStatus,
  type SalesChannel,
  SalesChannelRejectedError,
  SalesChannelUnavailableError,
} from '../../ports/sales-channel';
import type { EbayChannelConfig } from '../../schemas/resale';
import { channelFetch, decimalOf, minorUnitsOf } from '../http/channel-http';
import { ebaySignatureHeaders, EbaySigningKeyError, type EbaySigningKey } from './ebay-signature';

export interface EbaySalesChannelOptions {
  /** `https://api.ebay.com`, or a sandbox's origin. */
  apiUrl: string;
  /** An OAuth user token with the `sell.inventory` and `sell.fulfillment` scopes. */
  accessToken: () => Promise<string>;
  /**
   * The seller's keypair for eBay's digital signatures, which eBay asks of refunds and cancellations made for sellers
   * domiciled in the EU or the UK; without one those calls go unsigned, as other sellers' may.
   */
  signingKey?: () => Promise<EbaySigningKey | undefined>;
  config: EbayChannelConfig;
}

/** The locale of listings in each language; eBay wants it as `Content-Language` on inventory writes. */
const CONTENT_LANGUAGES: Readonly<Record<ListingLanguage, string>> = { de: 'de-DE', en: 'en-GB' };
/** eBay's limit of an inventory item's `product.description` (HTML, each character counted). */
const DESCRIPTION_LIMIT = 4_000;
const ORDERS_PAGE_SIZE = 200;

const ORDER_CLOCK: OrderClock<EbayOrder, string> = {
  modifiedAt: (order) => order.lastModifiedDate,
  idOf: (order) => order.orderId,
  isLater: (a, b) => Date.parse(a) > Date.parse(b),
};
const isOrderId = (value: unknown): value is string => typeof value === 'string';

interface EbayAmount {
  value: string;
  currency: string;
}

interface EbayOffer {
  offerId: string;
  sku: string;
  availableQuantity?: number;
  pricingSummary?: { price?: EbayAmount };
  status: 'PUBLISHED' | 'UNPUBLISHED';
  listing?: { listingId?: string; listingStatus?: string };
}

interface EbayOrder {
  orderId: string;
  creationDate: string;
  lastModifiedDate: string;
  cancelStatus?: { cancelState?: string };
  totalMarketplaceFee?: EbayAmount;
  /** The order's refunds with their state, line refunds among them: how a refund eBay settles later is followed. */
  paymentSummary?: { refunds?: { refundId?: string; refundStatus?: string }[] };
  lineItems: EbayLineItem[];
}

interface EbayLineItem {
  lineItemId: string;
  sku?: string;
  /** The price before any discount. */
  lineItemCost: EbayAmount;
  /** What the buyer pays for the line after a promotion's discount; only on discounted lines. */
  discountedLineItemCost?: EbayAmount;
  deliveryCost?: { shippingCost?: EbayAmount };
  /** The line's pending and completed refunds; `refundDate` only once the refund was made. */
  refunds?: { amount: EbayAmount; refundId?: string; refundDate?: string }[];
}

/**
 * The SalesChannel on eBay (DESIGN.md §7): an inventory item per SKU (`PUT inventory_item/{sku}`,
 * a full replace, so repeating it is safe), one fixed-price offer for it, published. eBay's
 * `createOffer` is not idempotent, so `list` looks the SKU's offers up (`GET /offer?sku=`) before
 * creating one: a retry after a lost answer finds the offer the first attempt made. Sales are
 * polled from the Fulfillment API by last modification; a sale that cannot be honoured is
 * cancelled through the Post-Order API, or, in an order with other lines, refunded alone through
 * the Fulfillment API's `issue_refund`. Those two calls carry eBay's digital signature when the brand has a signing key.
 */
export class EbaySalesChannel implements SalesChannel {
  readonly channel = 'ebay';

  constructor(private readonly options: EbaySalesChannelOptions) {}

  async list(listing: ChannelListing): Promise<{ externalId: string }> {
    const { config } = this.options;
    const condition = channelCondition('ebay', listing.condition);
    if (!condition) throw new SalesChannelRejectedError(`eBay takes no item in grade ${listing.condition.grade}.`);
    const categoryId = Object.hasOwn(config.categories, listing.product.category) ? config.categories[listing.product.category] : undefined;
    if (!categoryId) throw new SalesChannelRejectedError(`No eBay category is configured for the product category "${listing.product.category}".`);
    const contentLanguage = CONTENT_LANGUAGES[listing.language];
    // The grader's notes (up to 2,000 characters), the checks and HTML's escapes can pass eBay's limit, and eBay would
    // refuse the whole item: the longest paragraph (the notes, as a rule) is shortened, never the title or passport line.
    const description = paragraphsAsHtml(listing.description, DESCRIPTION_LIMIT);

    await this.expect(
      await this.call(`/sell/inventory/v1/inventory_item/${encodeURIComponent(listing.sku)}`, {
        method: 'PUT',
        headers: { 'content-language': contentLanguage },
        body: {
          availability: { shipToLocationAvailability: { quantity: 1 } },
          condition,
          conditionDescription: listing.conditionText,
          product: { title: listing.title, description, imageUrls: listing.photos },
        },
      }),
      [200, 201, 204],
    );

    const price = amountOf(listing.price);
    let offer = await this.offerOf(listing.sku);
    if (!offer) {
      const created = await this.call('/sell/inventory/v1/offer', {
        method: 'POST',
        headers: { 'content-language': contentLanguage },
        body: {
          sku: listing.sku,
          marketplaceId: config.marketplaceId,
          format: 'FIXED_PRICE',
          availableQuantity: 1,
          categoryId,
          listingDescription: description,
          listingPolicies: config.policies,
          pricingSummary: { price },
          merchantLocationKey: config.merchantLocationKey,
        },
      });
      const { offerId } = (await this.expect(created, [201])) as { offerId: string };
      offer = { offerId, sku: listing.sku, status: 'UNPUBLISHED' };
    } else {
      await this.setPriceAndQuantity(offer, price, 1);
    }
    const published = await this.call(`/sell/inventory/v1/offer/${encodeURIComponent(offer.offerId)}/publish`, { method: 'POST' });
    const { listingId } = (await this.expect(published, [200])) as { listingId: string };
    return { externalId: listingId };
  }

  async updatePrice(sku: string, price: Money): Promise<void> {
    const offer = await this.offerOf(sku);
    if (!offer) throw new SalesChannelRejectedError(`eBay has no offer of ${sku} to change the price of.`);
    await this.setPriceAndQuantity(offer, amountOf(price));
  }

  async withdraw(sku: string): Promise<void> {
    for (const offer of await this.offersOf(sku)) {
      if (offer.status !== 'PUBLISHED') continue;
      const response = await this.call(`/sell/inventory/v1/offer/${encodeURIComponent(offer.offerId)}/withdraw`, { method: 'POST' });
      // 25713: eBay no longer has it published (withdrawn or ended meanwhile), which is what we want.
      if (response.status === 400 && (await errorIds(response)).includes(25713)) continue;
      await this.expect(response, [200]);
    }
  }

  async findBySku(sku: string): Promise<ChannelListingStatus | undefined> {
    const offer = await this.offerOf(sku);
    if (!offer) return undefined;
    const price = offer.pricingSummary?.price;
    if (!price) throw new SalesChannelUnavailableError(`eBay answered the offer ${offer.offerId} without a price.`);
    const live = offer.status === 'PUBLISHED' && offer.listing?.listingStatus === 'ACTIVE';
    return {
      sku,
      externalId: offer.listing?.listingId ?? offer.offerId,
      price: { amount: minorUnitsOf(price.value, price.currency), currency: price.currency },
      quantity: live ? (offer.availableQuantity ?? 0) : 0,
    };
  }

  async pollOrders(cursor: string | undefined): Promise<OrderPage> {
    const position = decodeOrderCursor(cursor, isOrderId, 'eBay');
    const fetched: EbayOrder[] = [];
    for (let offset = 0; ; offset += ORDERS_PAGE_SIZE) {
      const query = new URLSearchParams({ limit: String(ORDERS_PAGE_SIZE), offset: String(offset) });
      if (position.since) query.set('filter', `lastmodifieddate:[${position.since}..]`);
      const page = (await this.expect(await this.call(`/sell/fulfillment/v1/order?${query}`, { method: 'GET' }), [200])) as { orders?: EbayOrder[]; total?: number };
      fetched.push(...(page.orders ?? []));
      if (offset + ORDERS_PAGE_SIZE >= (page.total ?? 0)) break;
    }
    const fresh = fetched.filter((order) => !(order.lastModifiedDate === position.since && position.seen.includes(order.orderId)));
    const orders = fresh.filter((order) => order.cancelStatus?.cancelState !== 'CANCELED').flatMap(ordersOfOurs);
    return { orders, nextCursor: encodeOrderCursor(advanceOrderCursor(position, fetched, ORDER_CLOCK)) };
  }

  /**
   * Cancels our line of an order. The Post-Order API cancels whole orders only, so when the order
   * holds other lines still to be delivered, our line alone is refunded (`issue_refund` with the
   * line, reason `SELLER_CANCEL`: eBay's refund for an item the seller cannot deliver) and the
   * others ship. An order of our line alone (or whose other lines are refunded already) is
   * cancelled whole, as before.
   */
  async cancelOrder(order: Pick<ChannelOrder, 'orderId' | 'lineId' | 'sku'>, reason: string): Promise<PendingRefund | void> {
    // eBay refuses to cancel twice, or to refund more than a line cost; reading the order first makes a repeat a success
    // (answering the line's refund again while eBay has yet to settle it, so that a repeat after a lost answer follows it).
    const current = await this.orderToCancel(order, reason);
    if (isCancelled(current, order.lineId)) return pendingRefundOf(current, order.lineId);
    if (current.lineItems.some((line) => line.lineItemId !== order.lineId && !isRefunded(current, line))) return this.refundLine(order, current, reason);
    // The Post-Order API takes an enumerated reason only; ours stays on the passport.
    const cancelled = await this.call('/post-order/v2/cancellation', {
      method: 'POST',
      authorization: 'IAF',
      // eBay's Post-Order API wants the marketplace on every call.
      headers: { 'x-ebay-c-marketplace-id': this.options.config.marketplaceId },
      signed: true,
      body: { legacyOrderId: order.orderId, cancelReason: 'OUT_OF_STOCK_OR_CANNOT_FULFILL' },
    });
    // A repeat running at the same time may have cancelled it since the read: eBay refuses, and the order shows it.
    if (cancelled.status >= 400 && cancelled.status < 500 && isCancelled(await this.orderToCancel(order, reason), order.lineId)) return void (await cancelled.body?.cancel());
    await this.expect(cancelled, [200, 201]);
  }

  /**
   * Where a refund stands, as the order's `paymentSummary.refunds` says. eBay shows a refund's id on the order "for
   * pending and completed refunds": one it lists on the line alone is made once it has a `refundDate`, and one it no
   * longer shows at all was not made.
   */
  async refundStatus(order: Pick<ChannelOrder, 'orderId'>, refundId: string): Promise<RefundStatus> {
    return refundStatusOf(await this.orderToCancel(order, `following refund ${refundId}`), refundId);
  }

  /**
   * Refunds what is left of what the buyer paid for the line (its price after any promotion, and its shipping):
   * nothing of it ships. eBay settles a refund later: `PENDING` is answered as the refund to follow (`refundStatus`),
   * `FAILED` (answered with 200) is a refusal.
   */
  private async refundLine(order: Pick<ChannelOrder, 'orderId' | 'lineId' | 'sku'>, current: EbayOrder, reason: string): Promise<PendingRefund | void> {
    const line = current.lineItems.find((candidate) => candidate.lineItemId === order.lineId);
    if (!line) throw new SalesChannelRejectedError(`eBay's order ${order.orderId} has no line ${order.lineId} to cancel (${reason}).`);
    const shipping = line.deliveryCost?.shippingCost;
    const paid = paidFor(line);
    const owed = minorUnitsOf(paid.value, paid.currency) + (shipping ? minorUnitsOf(shipping.value, shipping.currency) : 0) - refundedOf(current, line);
    const refunded = await this.call(`/sell/fulfillment/v1/order/${encodeURIComponent(order.orderId)}/issue_refund`, {
      method: 'POST',
      signed: true,
      body: {
        reasonForRefund: 'SELLER_CANCEL',
        // eBay takes a comment of at most 100 characters.
        comment: reason.slice(0, 100),
        refundItems: [{ lineItemId: order.lineId, refundAmount: amountOf({ amount: owed, currency: paid.currency }) }],
      },
    });
    // A repeat running at the same time may have refunded the line since the read: eBay refuses, and the line shows it.
    if (refunded.status >= 400 && refunded.status < 500) {
      const again = await this.orderToCancel(order, reason);
      if (isCancelled(again, order.lineId)) {
        await refunded.body?.cancel();
        return pendingRefundOf(again, order.lineId);
      }
    }
    const { refundStatus, refundId } = (await this.expect(refunded, [200])) as { refundStatus?: string; refundId?: string };
    if (refundStatus === 'PENDING') return refundId ? { refundId } : pendingRefundOf(await this.orderToCancel(order, reason), order.lineId);
    if (refundStatus === 'REFUNDED') return;
    // eBay answers a refund it could not make with 200 and FAILED: the buyer has not had the money back, so the line
    // is not cancelled, and a person settles it on eBay (unless a repeat running at the same time refunded it).
    const again = await this.orderToCancel(order, reason);
    if (isCancelled(again, order.lineId)) return pendingRefundOf(again, order.lineId);
    throw new SalesChannelRejectedError(`eBay did not refund line ${order.lineId} of order ${order.orderId} (refundStatus ${refundStatus ?? 'missing'}); refund it on eBay by hand (${reason}).`);
  }

  private async orderToCancel(order: Pick<ChannelOrder, 'orderId'>, reason: string): Promise<EbayOrder> {
    const found = await this.call(`/sell/fulfillment/v1/order/${encodeURIComponent(order.orderId)}`, { method: 'GET' });
    if (found.status === 404) throw new SalesChannelRejectedError(`eBay has no order ${order.orderId} to cancel (${reason}).`, 404);
    return (await this.expect(found, [200])) as EbayOrder;
  }

  private async setPriceAndQuantity(offer: EbayOffer, price: EbayAmount, quantity?: number): Promise<void> {
    const response = await this.call('/sell/inventory/v1/bulk_update_price_quantity', {
      method: 'POST',
      body: { requests: [{ sku: offer.sku, offers: [{ offerId: offer.offerId, price, ...(quantity === undefined ? {} : { availableQuantity: quantity }) }] }] },
    });
    const { responses } = (await this.expect(response, [200, 207])) as { responses?: { statusCode: number; errors?: { message: string }[] }[] };
    const failed = (responses ?? []).find((entry) => entry.statusCode !== 200);
    if (failed) throw new SalesChannelRejectedError(`eBay refused the price of ${offer.sku}: ${(failed.errors ?? []).map((error) => error.message).join('; ')}`, failed.statusCode);
  }

  /** The SKU's offer: the published one where there are several, else the first. */
  private async offerOf(sku: string): Promise<EbayOffer | undefined> {
    const offers = await this.offersOf(sku);
    return offers.find((offer) => offer.status === 'PUBLISHED') ?? offers[0];
  }

  private async offersOf(sku: string): Promise<EbayOffer[]> {
    const response = await this.call(`/sell/inventory/v1/offer?${new URLSearchParams({ sku, marketplace_id: this.options.config.marketplaceId })}`, { method: 'GET' });
    // eBay answers a SKU without offers (or without an inventory item) with 404 and errorId 25713.
    if (response.status === 404) return [];
    const { offers } = (await this.expect(response, [200])) as { offers?: EbayOffer[] };
    return offers ?? [];
  }

  private async call(
    path: string,
    request: { method: string; headers?: Record<string, string>; body?: unknown; authorization?: 'Bearer' | 'IAF'; signed?: boolean },
  ): Promise<Response> {
    const token = await this.options.accessToken();
    // An API host typed with a trailing slash would make every path `//sell/…`, which the signature covers as it is.
    const url = `${this.options.apiUrl.replace(/\/+$/, '')}${path}`;
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    return channelFetch('eBay', url, {
      method: request.method,
      headers: {
        authorization: `${request.authorization ?? 'Bearer'} ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...request.headers,
        ...(request.signed ? await this.signature({ method: request.method, url, ...(body === undefined ? {} : { body }) }) : {}),
      },
      ...(body === undefined ? {} : { body }),
    });
  }

  /** eBay's signature headers of a request, made with the brand's key; none without one. */
  private async signature(request: { method: string; url: string; body?: string }): Promise<Record<string, string>> {
    const key = await this.options.signingKey?.();
    if (!key) return {};
    try {
      return ebaySignatureHeaders(request, key, Math.floor(Date.now() / 1000));
    } catch (error) {
      if (error instanceof EbaySigningKeyError) throw new SalesChannelRejectedError(error.message);
      throw error;
    }
  }

  /** The answer's JSON body when its status is one of `expected`; otherwise eBay refused the request. */
  private async expect(response: Response, expected: number[]): Promise<unknown> {
    const text = await response.text();
    if (expected.includes(response.status)) return text ? JSON.parse(text) : {};
    throw new SalesChannelRejectedError(`eBay answered ${response.status}: ${errorMessages(text)}`, response.status);
  }
}

function amountOf(money: Money): EbayAmount {
  return { value: decimalOf(money), currency: money.currency };
}

function ordersOfOurs(order: EbayOrder): ChannelOrder[] {
  const lines = order.lineItems.filter((line) => line.sku !== undefined && passportIdOfSku(line.sku) !== undefined);
  // eBay's fee is per order; it belongs to our line only when the order holds nothing else.
  const fee = order.lineItems.length === 1 && order.totalMarketplaceFee ? moneyOf(order.totalMarketplaceFee) : undefined;
  return lines.map((line) => {
    const shipping = line.deliveryCost?.shippingCost;
    return {
      orderId: order.orderId,
      lineId: line.lineItemId,
      sku: line.sku ?? '',
      price: moneyOf(paidFor(line)),
      ...(shipping ? { shipping: moneyOf(shipping) } : {}),
      ...(fee ? { fee } : {}),
      orderedAt: order.creationDate,
    };
  });
}

/** Whether the order was cancelled, or the line refunded (or its refund pending): either way nothing of it ships. */
function isCancelled(order: EbayOrder, lineId: string): boolean {
  return order.cancelStatus?.cancelState === 'CANCELED' || order.lineItems.some((line) => line.lineItemId === lineId && isRefunded(order, line));
}

/** A line whose price was refunded (a partial refund, such as a discount on its shipping, still ships). */
function isRefunded(order: EbayOrder, line: EbayLineItem): boolean {
  return refundedOf(order, line) >= minorUnitsOf(paidFor(line).value, paidFor(line).currency);
}

/** The line's refund eBay has yet to settle, if it has one. */
function pendingRefundOf(order: EbayOrder, lineId: string): PendingRefund | undefined {
  const line = order.lineItems.find((candidate) => candidate.lineItemId === lineId);
  const pending = (line?.refunds ?? []).find((refund) => refund.refundId !== undefined && refundStatusOf(order, refund.refundId) === 'PENDING');
  return pending?.refundId === undefined ? undefined : { refundId: pending.refundId };
}

function refundStatusOf(order: EbayOrder, refundId: string): RefundStatus {
  const listed = order.paymentSummary?.refunds?.find((refund) => refund.refundId === refundId)?.refundStatus;
  if (listed === 'PENDING' || listed === 'REFUNDED' || listed === 'FAILED') return listed;
  const onLine = order.lineItems.flatMap((line) => line.refunds ?? []).find((refund) => refund.refundId === refundId);
  if (!onLine) return 'FAILED';
  return onLine.refundDate ? 'REFUNDED' : 'PENDING';
}

/** The line's price as the buyer pays it: after a promotion's discount where there is one (`lineItemCost` is before). */
function paidFor(line: EbayLineItem): EbayAmount {
  return line.discountedLineItemCost ?? line.lineItemCost;
}

/** What was refunded of the line, pending refunds counted and failed ones not. */
function refundedOf(order: EbayOrder, line: EbayLineItem): number {
  return (line.refunds ?? [])
    .filter((refund) => refund.refundId === undefined || refundStatusOf(order, refund.refundId) !== 'FAILED')
    .reduce((sum, refund) => sum + minorUnitsOf(refund.amount.value, refund.amount.currency), 0);
}

function moneyOf(amount: EbayAmount): Money {
  return { amount: minorUnitsOf(amount.value, amount.currency), currency: amount.currency };
}

/** The cursor after `fetched`: the latest modification among them, and every order seen at it. */
async function errorIds(response: Response): Promise<number[]> {
  try {
    const body = (await response.clone().json()) as { errors?: { errorId?: number }[] };
    return (body.errors ?? []).map((error) => error.errorId ?? 0);
  } catch {
    return [];
  }
}

function errorMessages(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: { message?: string; longMessage?: string }[]; error?: { message?: string }[] };
    const errors = body.errors ?? body.error ?? [];
    return errors.map((error) => ('longMessage' in error && error.longMessage) || error.message || '').join('; ').slice(0, 500) || text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}
