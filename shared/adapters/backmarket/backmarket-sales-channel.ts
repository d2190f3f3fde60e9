import { advanceOrderCursor, decodeOrderCursor, encodeOrderCursor, type OrderClock } from '../http/order-cursor';
import type { Money } from '../../domain/catalog';
import { channelCondition } from '../../domain/listing-condition';
import { passportIdOfSku } from '../../domain/listing-sku';
import { shippingShares } from '../../domain/order-shipping';
import {
  type ChannelListing,
  type ChannelListingStatus,
  type ChannelOrder,
  type OrderPage,
  type SalesChannel,
  SalesChannelRejectedError,
  SalesChannelUnavailableError,
} from '../../ports/sales-channel';
import type { BackMarketChannelConfig } from '../../schemas/resale';
import { channelFetch, decimalOf, minorUnitsOf } from '../http/channel-http';

export interface BackMarketSalesChannelOptions {
  /** `https://www.backmarket.fr`, or a sandbox's origin. */
  apiUrl: string;
  /** The seller's API token, sent as `Authorization: Basic <token>`. */
  token: () => Promise<string>;
  config: BackMarketChannelConfig;
  /** Back Market requires a User-Agent naming the integration, e.g. `Kreislauf/0.1 (demo-outdoor)`. */
  userAgent: string;
}

interface BackMarketListing {
  listing_id: number;
  sku: string;
  quantity: number;
  price: string;
  currency: string;
}

interface BackMarketOrder {
  order_id: number;
  state: number;
  date_creation: string;
  date_modification: string;
  currency: string;
  shipping_price?: string;
  orderlines: { id: number; listing: string; price: string; state: number }[];
}

/** Orderline state 4: cancelled. */
const LINE_CANCELLED = 4;

const ORDER_CLOCK: OrderClock<BackMarketOrder, number> = {
  modifiedAt: (order) => order.date_modification,
  idOf: (order) => order.order_id,
  // `YYYY-MM-DD HH:MM:SS` sorts as text in time order.
  isLater: (a, b) => a > b,
};
const isOrderId = (value: unknown): value is number => typeof value === 'number';

/**
 * The SalesChannel on Back Market (DESIGN.md §7). A listing is created by importing a one-line CSV
 * catalogue (`POST /ws/listings`), which Back Market applies by SKU, so repeating it updates
 * rather than duplicates; afterwards `POST /ws/listings/{id}` changes price and quantity, and
 * quantity 0 takes it offline. Sales are polled by `date_modification`; an order that cannot be
 * honoured has its line cancelled.
 */
export class BackMarketSalesChannel implements SalesChannel {
  readonly channel = 'backmarket';

  constructor(private readonly options: BackMarketSalesChannelOptions) {}

  async list(listing: ChannelListing): Promise<{ externalId: string }> {
    const grade = channelCondition('backmarket', listing.condition);
    if (!grade) throw new SalesChannelRejectedError(`Back Market takes no item in grade ${listing.condition.grade}.`);
    const existing = await this.findListing(listing.sku);
    if (existing) {
      await this.updateListing(existing.listing_id, { quantity: 1, price: decimalOf(listing.price) });
      return { externalId: String(existing.listing_id) };
    }
    // Back Market matches its catalogue by EAN; without one it cannot place the item.
    if (!listing.product.gtin) throw new SalesChannelRejectedError(`Back Market needs the EAN of ${listing.product.sku} to list it.`);
    const row = [listing.sku, listing.product.gtin, '1', decimalOf(listing.price), grade, String(this.options.config.warrantyMonths), listing.price.currency];
    const catalog = `sku;product_id;quantity;price;grade;warranty_delay;currency\n${row.join(';')}`;
    await this.expect(await this.call('/ws/listings', { method: 'POST', body: { catalog, delimiter: ';', encoding: 'utf-8', header: true } }), [200]);
    const created = await this.findListing(listing.sku);
    // The import is a task Back Market runs shortly; until it has, a retry finds the listing.
    if (!created) throw new SalesChannelUnavailableError(`Back Market has not yet created the listing of ${listing.sku}.`);
    return { externalId: String(created.listing_id) };
  }

  async updatePrice(sku: string, price: Money): Promise<void> {
    const listing = await this.findListing(sku);
    if (!listing) throw new SalesChannelRejectedError(`Back Market has no listing of ${sku} to change the price of.`);
    await this.updateListing(listing.listing_id, { price: decimalOf(price) });
  }

  async withdraw(sku: string): Promise<void> {
    const listing = await this.findListing(sku);
    if (!listing || listing.quantity === 0) return;
    await this.updateListing(listing.listing_id, { quantity: 0 });
  }

  async findBySku(sku: string): Promise<ChannelListingStatus | undefined> {
    const listing = await this.findListing(sku);
    if (!listing) return undefined;
    return { sku, externalId: String(listing.listing_id), price: { amount: minorUnitsOf(listing.price, listing.currency), currency: listing.currency }, quantity: listing.quantity };
  }

  async pollOrders(cursor: string | undefined): Promise<OrderPage> {
    const position = decodeOrderCursor(cursor, isOrderId, 'Back Market');
    const fetched: BackMarketOrder[] = [];
    let path: string | null = `/ws/orders?${new URLSearchParams(position.since ? { date_modification: position.since, page: '1' } : { page: '1' })}`;
    while (path) {
      const page = (await this.expect(await this.call(path, { method: 'GET' }), [200])) as { results?: BackMarketOrder[]; next?: string | null };
      fetched.push(...(page.results ?? []));
      path = page.next ? pathOf(page.next) : null;
    }
    const fresh = fetched.filter((order) => !(order.date_modification === position.since && position.seen.includes(order.order_id)));
    const orders = fresh.flatMap((order) => {
      // `shipping_price` is the whole order's: each of its lines, ours or the brand's other products, carries a share.
      const shares = order.shipping_price !== undefined ? shippingShares(minorUnitsOf(order.shipping_price, order.currency), order.orderlines.length) : [];
      return order.orderlines.flatMap((line, index): ChannelOrder[] =>
        line.state !== LINE_CANCELLED && passportIdOfSku(line.listing) !== undefined
          ? [
              {
                orderId: String(order.order_id),
                lineId: String(line.id),
                sku: line.listing,
                price: { amount: minorUnitsOf(line.price, order.currency), currency: order.currency },
                ...(order.shipping_price !== undefined ? { shipping: { amount: shares[index] ?? 0, currency: order.currency } } : {}),
                orderedAt: `${order.date_creation.replace(' ', 'T')}Z`,
              },
            ]
          : [],
      );
    });
    return { orders, nextCursor: encodeOrderCursor(advanceOrderCursor(position, fetched, ORDER_CLOCK)) };
  }

  async cancelOrder(order: Pick<ChannelOrder, 'orderId' | 'lineId' | 'sku'>, reason: string): Promise<void> {
    // Back Market refuses to cancel a cancelled line; reading the order first makes a repeat a success.
    if (await this.isCancelled(order, reason)) return;
    const body = { order_id: Number(order.orderId), new_state: LINE_CANCELLED, sku: order.sku };
    const cancelled = await this.call(`/ws/orders/${encodeURIComponent(order.orderId)}`, { method: 'POST', body });
    // A repeat running at the same time may have cancelled it since the read: Back Market refuses, and the line shows it.
    if (cancelled.status >= 400 && cancelled.status < 500 && (await this.isCancelled(order, reason))) return void (await cancelled.body?.cancel());
    await this.expect(cancelled, [200]);
  }

  private async isCancelled(order: Pick<ChannelOrder, 'orderId' | 'sku'>, reason: string): Promise<boolean> {
    const found = await this.call(`/ws/orders/${encodeURIComponent(order.orderId)}`, { method: 'GET' });
    if (found.status === 404) throw new SalesChannelRejectedError(`Back Market has no order ${order.orderId} to cancel (${reason}).`, 404);
    const current = (await this.expect(found, [200])) as BackMarketOrder;
    return current.orderlines.some((line) => line.listing === order.sku && line.state === LINE_CANCELLED);
  }

  private async findListing(sku: string): Promise<BackMarketListing | undefined> {
    const response = await this.call(`/ws/listings/detail?${new URLSearchParams({ sku })}`, { method: 'GET' });
    if (response.status === 404) return undefined;
    return (await this.expect(response, [200])) as BackMarketListing;
  }

  private async updateListing(listingId: number, change: { quantity?: number; price?: string }): Promise<void> {
    await this.expect(await this.call(`/ws/listings/${listingId}`, { method: 'POST', body: change }), [200]);
  }

  private async call(path: string, request: { method: string; body?: unknown }): Promise<Response> {
    return channelFetch('Back Market', `${this.options.apiUrl}${path}`, {
      method: request.method,
      headers: {
        authorization: `Basic ${await this.options.token()}`,
        'user-agent': this.options.userAgent,
        accept: 'application/json',
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
  }

  private async expect(response: Response, expected: number[]): Promise<unknown> {
    const text = await response.text();
    if (expected.includes(response.status)) return text ? JSON.parse(text) : {};
    throw new SalesChannelRejectedError(`Back Market answered ${response.status}: ${errorMessage(text)}`, response.status);
  }
}

/** The path and query of a `next` link, so every page is fetched from the configured host. */
function pathOf(link: string): string {
  const url = new URL(link, 'http://localhost');
  return `${url.pathname}${url.search}`;
}

function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return body.error ? `${body.error.code ?? ''} ${body.error.message ?? ''}`.trim() : text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}
