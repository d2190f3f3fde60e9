import type { Money } from '../../domain/catalog';
import { channelCondition } from '../../domain/listing-condition';
import { passportIdOfSku } from '../../domain/listing-sku';
import {
  type ChannelListing,
  type ChannelListingStatus,
  type ChannelOrder,
  type OrderPage,
  type SalesChannel,
  SalesChannelRejectedError,
} from '../../ports/sales-channel';
import type { RefurbedChannelConfig } from '../../schemas/resale';
import { channelFetch, decimalOf, minorUnitsOf } from '../http/channel-http';

export interface RefurbedSalesChannelOptions {
  /** `https://api.refurbed.com`, or a sandbox's origin. */
  apiUrl: string;
  /** The merchant API token, sent as `Authorization: Plain <token>`. */
  token: () => Promise<string>;
  config: RefurbedChannelConfig;
}

interface RefurbedOffer {
  id: string;
  sku: string;
  stock: number;
  reference_price: string;
  reference_currency_code: string;
}

/**
 * An order item as `ListOrders` describes it (`refb.merchant.v1.OrderItem`). It has no price of its own: what the
 * buyer was charged is `total_charged` (decimal string, in the item's `currency_code`, the order's), which stays as
 * it was when the item is refunded (`total_paid` falls by the refund, `total_refunded` rises).
 */
interface RefurbedOrderItem {
  id: string;
  sku: string;
  state: string;
  currency_code: string;
  total_charged: string;
  /** Set when the item was bought from an offer: its shipping costs, in the order's currency. */
  offer_data?: { shipping_costs?: string };
}

interface RefurbedOrder {
  id: string;
  released_at: string;
  items: RefurbedOrderItem[];
}

const ORDERS_PAGE_LIMIT = 100;
/**
 * The item states in which nothing is sold, all final: the merchant rejected it or the buyer cancelled it (before it
 * shipped), or it came back after it shipped. An item read in one of them is not reported: it is not ours to book. A
 * sale recorded before the change is not undone here: the poll reads an order again only after a poll that failed
 * halfway, and a recorded line is answered with its outcome then; a return is recorded when its parcel arrives.
 */
const NOT_SOLD = new Set(['REJECTED', 'CANCELLED', 'RETURNED']);
/** Refurbed's only warranty for new offers (`OfferWarranty.M12`); 18 to 36 months are deprecated and refused. */
const WARRANTY = 'M12';
/** gRPC NOT_FOUND and ALREADY_EXISTS, as the HTTP/JSON gateway answers them. */
const NOT_FOUND = 5;
const ALREADY_EXISTS = 6;

/**
 * The SalesChannel on Refurbed (DESIGN.md §7), over the merchant API's HTTP/JSON transport: one
 * offer per SKU (`OfferService/CreateOffer`, looked up with `GetOffer` first and refused by
 * Refurbed as ALREADY_EXISTS on a repeat), stock and price by `UpdateOffer` (stock 0 takes it off
 * sale). Orders are polled from `OrderService/ListOrders` after the last order seen; an item that
 * cannot be delivered is rejected with `OrderItemService/UpdateOrderItemState`.
 */
export class RefurbedSalesChannel implements SalesChannel {
  readonly channel = 'refurbed';

  constructor(private readonly options: RefurbedSalesChannelOptions) {}

  async list(listing: ChannelListing): Promise<{ externalId: string }> {
    const grading = channelCondition('refurbed', listing.condition);
    if (!grading) throw new SalesChannelRejectedError(`Refurbed takes no item in grade ${listing.condition.grade}.`);
    const update = { identifier: { sku: listing.sku }, stock: 1, reference_price: decimalOf(listing.price) };
    const existing = await this.getOffer(listing.sku);
    if (existing) {
      await this.rpc('OfferService/UpdateOffer', update);
      return { externalId: existing.id };
    }
    // Refurbed matches its catalogue of instances by GTIN.
    if (!listing.product.gtin) throw new SalesChannelRejectedError(`Refurbed needs the GTIN of ${listing.product.sku} to list it.`);
    const created = await this.call('OfferService/CreateOffer', {
      sku: listing.sku,
      gtin: listing.product.gtin,
      grading,
      stock: 1,
      reference_price: decimalOf(listing.price),
      reference_currency_code: listing.price.currency,
      shipping_profile_id: this.options.config.shippingProfileId,
      warranty: WARRANTY,
      // Traded-in items were bought from private persons without VAT: the margin scheme applies unless the brand says GROSS.
      taxation: this.options.config.taxation ?? 'MARGINAL',
    });
    if (created.status === 409 && (await grpcCode(created)) === ALREADY_EXISTS) {
      // Created by an attempt whose answer was lost: bring it to this listing's state.
      const { offer } = (await this.rpc('OfferService/UpdateOffer', update)) as { offer: RefurbedOffer };
      return { externalId: offer.id };
    }
    const { offer } = (await this.read(created)) as { offer: RefurbedOffer };
    return { externalId: offer.id };
  }

  async updatePrice(sku: string, price: Money): Promise<void> {
    const response = await this.call('OfferService/UpdateOffer', { identifier: { sku }, reference_price: decimalOf(price) });
    if (response.status === 404) throw new SalesChannelRejectedError(`Refurbed has no offer of ${sku} to change the price of.`, 404);
    await this.read(response);
  }

  async withdraw(sku: string): Promise<void> {
    const response = await this.call('OfferService/UpdateOffer', { identifier: { sku }, stock: 0 });
    if (response.status === 404 && (await grpcCode(response)) === NOT_FOUND) return;
    await this.read(response);
  }

  async findBySku(sku: string): Promise<ChannelListingStatus | undefined> {
    const offer = await this.getOffer(sku);
    if (!offer) return undefined;
    return { sku, externalId: offer.id, price: { amount: minorUnitsOf(offer.reference_price, offer.reference_currency_code), currency: offer.reference_currency_code }, quantity: offer.stock };
  }

  async pollOrders(cursor: string | undefined): Promise<OrderPage> {
    const orders: ChannelOrder[] = [];
    let after = cursor;
    for (;;) {
      const page = (await this.rpc('OrderService/ListOrders', { pagination: { limit: ORDERS_PAGE_LIMIT, ...(after ? { starting_after: after } : {}) } })) as {
        orders?: RefurbedOrder[];
        has_more?: boolean;
      };
      for (const order of page.orders ?? []) {
        orders.push(...ordersOfOurs(order));
        after = order.id;
      }
      if (!page.has_more) break;
    }
    return { orders, nextCursor: after ?? '' };
  }

  async cancelOrder(order: Pick<ChannelOrder, 'orderId' | 'lineId' | 'sku'>, reason: string): Promise<void> {
    // Rejecting an item that is rejected already succeeds; Refurbed keeps no reason text for it.
    const response = await this.call('OrderItemService/UpdateOrderItemState', { id: order.lineId, state: 'REJECTED' });
    if (response.status === 404) throw new SalesChannelRejectedError(`Refurbed has no order item ${order.lineId} to reject (${reason}).`, 404);
    // Refurbed refuses to reject an item the buyer cancelled meanwhile (a final state), which will not ship either.
    if (response.status === 400 && (await this.itemState(order.lineId)) === 'CANCELLED') return void (await response.body?.cancel());
    await this.read(response);
  }

  private async itemState(id: string): Promise<string | undefined> {
    const response = await this.call('OrderItemService/GetOrderItem', { id });
    if (response.status !== 200) return void (await response.body?.cancel());
    return ((await response.json()) as { order_item?: { state?: string } }).order_item?.state;
  }

  private async getOffer(sku: string): Promise<RefurbedOffer | undefined> {
    const response = await this.call('OfferService/GetOffer', { identifier: { sku } });
    if (response.status === 404 && (await grpcCode(response)) === NOT_FOUND) return undefined;
    const { offer } = (await this.read(response)) as { offer: RefurbedOffer };
    return offer;
  }

  private async rpc(method: string, body: unknown): Promise<unknown> {
    return this.read(await this.call(method, body));
  }

  private async call(method: string, body: unknown): Promise<Response> {
    return channelFetch('Refurbed', `${this.options.apiUrl}/refb.merchant.v1.${method}`, {
      method: 'POST',
      headers: { authorization: `Plain ${await this.options.token()}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async read(response: Response): Promise<unknown> {
    const text = await response.text();
    if (response.status === 200) return JSON.parse(text);
    throw new SalesChannelRejectedError(`Refurbed answered ${response.status}: ${grpcMessage(text)}`, response.status);
  }
}

function ordersOfOurs(order: RefurbedOrder): ChannelOrder[] {
  return order.items.flatMap((item) => {
    if (NOT_SOLD.has(item.state) || passportIdOfSku(item.sku) === undefined) return [];
    // Refurbed's prices include the shipping (an order's total_charged is all the buyer was charged, and it is the
    // sum of its items'), so an item's shipping costs are a part of its total_charged, booked apart as its shipping.
    const charged = minorUnitsOf(item.total_charged, item.currency_code);
    const shipping = item.offer_data?.shipping_costs !== undefined ? minorUnitsOf(item.offer_data.shipping_costs, item.currency_code) : undefined;
    const split = shipping !== undefined && shipping >= 0 && shipping <= charged;
    return [
      {
        orderId: order.id,
        lineId: item.id,
        sku: item.sku,
        price: { amount: split ? charged - shipping : charged, currency: item.currency_code },
        ...(split ? { shipping: { amount: shipping, currency: item.currency_code } } : {}),
        orderedAt: order.released_at,
      },
    ];
  });
}

async function grpcCode(response: Response): Promise<number | undefined> {
  try {
    return ((await response.clone().json()) as { code?: number }).code;
  } catch {
    return undefined;
  }
}

function grpcMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { code?: number; message?: string };
    return `${body.message ?? ''} (code ${body.code ?? '?'})`;
  } catch {
    return text.slice(0, 200);
  }
}
