import type { Money } from '../../domain/catalog';
import { channelCondition } from '../../domain/listing-condition';
import { passportIdOfSku } from '../../domain/listing-sku';
import { paragraphsAsHtml } from '../../domain/listing-text';
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
import type { ShopifyChannelConfig } from '../../schemas/resale';
import { channelFetch, decimalOf, minorUnitsOf } from '../http/channel-http';
import { SHOPIFY_LINE_ID, SHOPIFY_ORDER_ID } from './shopify-ids';

export interface ShopifySalesChannelOptions {
  /** The shop's Admin GraphQL endpoint, `https://{shop}.myshopify.com/admin/api/{version}/graphql.json`. */
  adminApiUrl: string;
  /** The shop's Admin API access token (scopes `write_products`, `write_inventory`, `read_orders`, `write_orders`). */
  accessToken: () => Promise<string>;
  config: ShopifyChannelConfig;
  /** The shop's currency, which is the brand's; Shopify writes variant prices without one. */
  currency: string;
}

const VARIANT_BY_SKU = `query VariantBySku($query: String!) {
  productVariants(first: 5, query: $query) {
    nodes { id sku price inventoryQuantity inventoryItem { id } product { id status } }
  }
}`;

const PRODUCT_SET = `mutation ListItem($input: ProductSetInput!, $synchronous: Boolean!) {
  productSet(input: $input, synchronous: $synchronous) {
    product { id }
    userErrors { field message code }
  }
}`;

const UPDATE_PRICE = `mutation UpdatePrice($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants) {
    productVariants { id price }
    userErrors { field message }
  }
}`;

const SET_QUANTITY = `mutation Withdraw($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    userErrors { field message code }
  }
}`;

const ORDERS_PAGE_SIZE = 10;
const ORDER_LINES_IN_ORDERS = 10;
// What the buyer paid for a line is its price less every discount allocated to it (a discount code's share of the
// order among them). Not `discountedTotalSet`: unless asked `withCodeDiscounts: true`, it leaves out discount codes.
const ORDER_LINE = 'id sku originalUnitPriceSet { shopMoney { amount currencyCode } } discountAllocations { allocatedAmountSet { shopMoney { amount currencyCode } } }';

// Shopify refuses a query whose requested cost is above 1,000 points, counted before it runs: a connection costs
// 2 plus `first` times what one node selects, so connections nested in connections multiply. 10 orders of 10 lines
// cost 652 (2 + 10 × (1 + 2 + (2 + 10 × 6))); 50 of 50 cost 7,752, and every poll of a real shop was refused.
const ORDERS = `query Orders($first: Int!, $after: String) {
  orders(first: $first, after: $after, sortKey: CREATED_AT) {
    edges {
      cursor
      node {
        id createdAt cancelledAt
        totalShippingPriceSet { shopMoney { amount currencyCode } }
        lineItems(first: ${ORDER_LINES_IN_ORDERS}) { nodes { ${ORDER_LINE} } pageInfo { hasNextPage endCursor } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The lines of one order after those the orders' page gave: 100 cost 603. */
const ORDER_LINES = `query OrderLines($id: ID!, $after: String) {
  order(id: $id) {
    lineItems(first: 100, after: $after) { nodes { ${ORDER_LINE} } pageInfo { hasNextPage endCursor } }
  }
}`;

const ORDER = `query Order($id: ID!) {
  order(id: $id) {
    id cancelledAt
    totalShippingPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
    lineItems(first: 250) { nodes { id currentQuantity } }
    transactions { id kind status gateway }
  }
}`;

/** What the buyer paid for one line, in the currency they paid in: its price less the discounts allocated to it. */
const LINE_PAID = `query LinePaid($id: ID!) {
  node(id: $id) {
    ... on LineItem {
      originalUnitPriceSet { presentmentMoney { amount currencyCode } }
      discountAllocations { allocatedAmountSet { presentmentMoney { amount currencyCode } } }
    }
  }
}`;

const CANCEL = `mutation Cancel($orderId: ID!) {
  orderCancel(orderId: $orderId, reason: INVENTORY, refund: true, restock: false, notifyCustomer: true) {
    job { id }
    orderCancelUserErrors { field message code }
  }
}`;

const REFUND_LINE = `mutation RefundLine($input: RefundInput!) {
  refundCreate(input: $input) {
    refund { id }
    userErrors { field message }
  }
}`;


interface Variant {
  id: string;
  sku: string;
  price: string;
  inventoryQuantity: number;
  inventoryItem: { id: string };
  product: { id: string; status: string };
}

interface Amount {
  amount: string;
  currencyCode: string;
}

interface ShopMoney {
  shopMoney: Amount;
}

interface OrderLine {
  id: string;
  sku: string | null;
  originalUnitPriceSet: ShopMoney;
  discountAllocations: { allocatedAmountSet: ShopMoney }[];
}

/** A line as `LINE_PAID` reads it, in the buyer's currency. */
interface LinePaid {
  originalUnitPriceSet: { presentmentMoney: Amount };
  discountAllocations: { allocatedAmountSet: { presentmentMoney: Amount } }[];
}

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

interface OrderNode {
  id: string;
  createdAt: string;
  cancelledAt: string | null;
  totalShippingPriceSet?: ShopMoney;
  lineItems: { nodes: OrderLine[]; pageInfo: PageInfo };
}

/** An order as `cancelOrder` reads it: whether it, or which of its lines, are still to be delivered. */
interface OrderToCancel {
  cancelledAt: string | null;
  totalShippingPriceSet?: { shopMoney: Amount; presentmentMoney: Amount };
  lineItems: { nodes: { id: string; currentQuantity: number }[] };
  transactions: { id: string; kind: string; status: string; gateway: string }[];
}

interface UserError {
  field?: string[] | null;
  message: string;
}

/**
 * The SalesChannel on the brand's own Shopify shop (DESIGN.md §7): one product per item with one
 * variant under our SKU, its stock 1 at the brand's location, written whole by `productSet`. The
 * SKU is looked up first, so a retry updates the product the first attempt made instead of making
 * a second. Sales arrive by the `orders/create` webhook (`shopify-order-webhook.ts`); polling the
 * orders is the fallback for a missed webhook.
 */
export class ShopifySalesChannel implements SalesChannel {
  readonly channel = 'shopify';

  constructor(private readonly options: ShopifySalesChannelOptions) {}

  async list(listing: ChannelListing): Promise<{ externalId: string }> {
    const tags = channelCondition('shopify', listing.condition) ?? [];
    const existing = await this.variantOf(listing.sku);
    const input = {
      ...(existing ? { id: existing.product.id } : {}),
      title: listing.title,
      descriptionHtml: paragraphsAsHtml(listing.description),
      handle: listing.sku.toLowerCase(),
      status: 'ACTIVE',
      tags: [...tags, listing.product.category],
      productOptions: [{ name: 'Title', values: [{ name: 'Default Title' }] }],
      files: listing.photos.map((url) => ({ originalSource: url, contentType: 'IMAGE' })),
      variants: [
        {
          optionValues: [{ optionName: 'Title', name: 'Default Title' }],
          sku: listing.sku,
          price: decimalOf(listing.price),
          inventoryItem: { tracked: true },
          inventoryQuantities: [{ locationId: this.options.config.locationId, name: 'available', quantity: 1 }],
        },
      ],
    };
    const { productSet } = await this.graphql<{ productSet: { product: { id: string } | null; userErrors: UserError[] } }>(PRODUCT_SET, { input, synchronous: true });
    if (!productSet.product) throw new SalesChannelRejectedError(`Shopify refused the product of ${listing.sku}: ${messages(productSet.userErrors)}`);
    return { externalId: productSet.product.id };
  }

  async updatePrice(sku: string, price: Money): Promise<void> {
    const variant = await this.variantOf(sku);
    if (!variant) throw new SalesChannelRejectedError(`The shop has no product of ${sku} to change the price of.`);
    const { productVariantsBulkUpdate: result } = await this.graphql<{ productVariantsBulkUpdate: { userErrors: UserError[] } }>(UPDATE_PRICE, {
      productId: variant.product.id,
      variants: [{ id: variant.id, price: decimalOf(price) }],
    });
    if (result.userErrors.length > 0) throw new SalesChannelRejectedError(`Shopify refused the price of ${sku}: ${messages(result.userErrors)}`);
  }

  async withdraw(sku: string): Promise<void> {
    const variant = await this.variantOf(sku);
    if (!variant || variant.inventoryQuantity === 0) return;
    const { inventorySetQuantities: result } = await this.graphql<{ inventorySetQuantities: { userErrors: UserError[] } }>(SET_QUANTITY, {
      input: {
        name: 'available',
        reason: 'correction',
        // Withdrawing sets the stock whatever it was: there is one unit, and it is going.
        ignoreCompareQuantity: true,
        quantities: [{ inventoryItemId: variant.inventoryItem.id, locationId: this.options.config.locationId, quantity: 0 }],
      },
    });
    if (result.userErrors.length > 0) throw new SalesChannelRejectedError(`Shopify refused to withdraw ${sku}: ${messages(result.userErrors)}`);
  }

  async findBySku(sku: string): Promise<ChannelListingStatus | undefined> {
    const variant = await this.variantOf(sku);
    if (!variant) return undefined;
    return {
      sku,
      externalId: variant.product.id,
      price: { amount: minorUnitsOf(variant.price, this.options.currency), currency: this.options.currency },
      quantity: variant.product.status === 'ACTIVE' ? variant.inventoryQuantity : 0,
    };
  }

  async pollOrders(cursor: string | undefined): Promise<OrderPage> {
    const orders: ChannelOrder[] = [];
    let after = cursor || null;
    for (;;) {
      const { orders: page } = await this.graphql<{
        orders: { edges: { cursor: string; node: OrderNode }[]; pageInfo: PageInfo };
      }>(ORDERS, { first: ORDERS_PAGE_SIZE, after });
      for (const { node } of page.edges) if (!node.cancelledAt) orders.push(...ordersOfOurs(node, await this.restOfLines(node)));
      after = page.pageInfo.endCursor ?? after;
      if (!page.pageInfo.hasNextPage) break;
    }
    return { orders, nextCursor: after ?? '' };
  }

  /** Every line of an order: those the orders' page gave, and the rest read a page at a time. */
  private async restOfLines(order: OrderNode): Promise<OrderLine[]> {
    const lines = [...order.lineItems.nodes];
    let pageInfo = order.lineItems.pageInfo;
    while (pageInfo.hasNextPage && pageInfo.endCursor) {
      const { order: more } = await this.graphql<{ order: { lineItems: { nodes: OrderLine[]; pageInfo: PageInfo } } | null }>(ORDER_LINES, {
        id: order.id,
        after: pageInfo.endCursor,
      });
      if (!more) throw new SalesChannelUnavailableError(`Shopify did not find the order ${order.id} it had just listed.`);
      lines.push(...more.lineItems.nodes);
      pageInfo = more.lineItems.pageInfo;
    }
    return lines;
  }

  /**
   * Cancels our line of an order. When the order holds other lines still to be delivered (another
   * item of ours that sold, or the brand's own products), only our line is refunded and removed,
   * and the others ship: `orderCancel` would refund and cancel them too. An order of our line
   * alone (or whose other lines are gone already) is cancelled whole, refunded and not restocked.
   */
  async cancelOrder(order: Pick<ChannelOrder, 'orderId' | 'lineId' | 'sku' | 'shipping'>, reason: string): Promise<void> {
    // Shopify refuses to cancel twice, or to refund a line twice; reading the order first makes a repeat a success.
    const current = await this.orderToCancel(order, reason);
    if (isCancelled(current, order.lineId)) return;
    if (current.lineItems.nodes.some((line) => line.id !== order.lineId && line.currentQuantity > 0)) return this.refundLine(order, current, reason);
    const { orderCancel } = await this.graphql<{ orderCancel: { orderCancelUserErrors: UserError[] } }>(CANCEL, { orderId: order.orderId });
    // A repeat running at the same time may have cancelled it since the read: Shopify refuses, and the order shows it.
    if (orderCancel.orderCancelUserErrors.length > 0 && !isCancelled(await this.orderToCancel(order, reason), order.lineId)) {
      throw new SalesChannelRejectedError(`Shopify refused to cancel ${order.orderId}: ${messages(orderCancel.orderCancelUserErrors)}`);
    }
  }

  /**
   * Refunds our one unit of the line, not restocked (the stock is ours to set, and the item is sold elsewhere), and
   * what the buyer paid for it: its price less the discounts allocated to it, and its share of the order's shipping
   * (`order.shipping`, the share a sale of the line books). The buyer paid one shipping for the order, shared over its
   * lines; the lines that ship keep their shares as their sales book them, so the brand keeps exactly what their
   * ledgers hold, as eBay's line refund returns the line's shipping. Shopify documents two ways to take a line off an
   * unfulfilled order: an order edit (`orderEditBegin`, `orderEditSetQuantity` to 0, `orderEditCommit`), which leaves
   * the money owed to the buyer for a refund afterwards and needs the `write_order_edits` scope, or `refundCreate` with
   * the line, which removes the unit and returns its money in one mutation, under the `write_orders` scope the channel
   * has. The refund is taken against the order's
   * payment (its successful `SALE` or `CAPTURE`), in the currency the buyer paid in.
   */
  private async refundLine(order: Pick<ChannelOrder, 'orderId' | 'lineId' | 'sku' | 'shipping'>, current: OrderToCancel, reason: string): Promise<void> {
    const line = current.lineItems.nodes.find((candidate) => candidate.id === order.lineId);
    if (!line) throw new SalesChannelRejectedError(`The order ${order.orderId} has no line ${order.lineId} to cancel (${reason}).`);
    const paid = await this.paidFor(order, current, reason);
    const payment = current.transactions.find((transaction) => (transaction.kind === 'SALE' || transaction.kind === 'CAPTURE') && transaction.status === 'SUCCESS');
    const { refundCreate } = await this.graphql<{ refundCreate: { userErrors: UserError[] } }>(REFUND_LINE, {
      input: {
        orderId: order.orderId,
        note: reason,
        notify: true,
        currency: paid.currency,
        refundLineItems: [{ lineItemId: order.lineId, quantity: 1, restockType: 'NO_RESTOCK' }],
        // An order not paid yet (no payment taken) has nothing to return; the line is removed all the same.
        ...(payment ? { transactions: [{ orderId: order.orderId, parentId: payment.id, gateway: payment.gateway, kind: 'REFUND', amount: decimalOf(paid) }] } : {}),
      },
    });
    // A repeat running at the same time may have refunded the line since the read: Shopify refuses, and the line shows it.
    if (refundCreate.userErrors.length > 0 && !isCancelled(await this.orderToCancel(order, reason), order.lineId)) {
      throw new SalesChannelRejectedError(`Shopify refused to refund the line ${order.lineId} of ${order.orderId}: ${messages(refundCreate.userErrors)}`);
    }
  }

  /**
   * What the buyer paid for the line and its shipping share, in the currency they paid in. The share is the one the
   * sale books, in the shop's currency; a buyer who paid in another (Shopify Markets) gets it at the order's own rate,
   * its shipping in their currency over its shipping in the shop's.
   */
  private async paidFor(order: Pick<ChannelOrder, 'orderId' | 'lineId' | 'shipping'>, current: OrderToCancel, reason: string): Promise<Money> {
    const { node: line } = await this.graphql<{ node: LinePaid | null }>(LINE_PAID, { id: order.lineId });
    if (!line?.originalUnitPriceSet) throw new SalesChannelRejectedError(`The order ${order.orderId} has no line ${order.lineId} to refund (${reason}).`);
    const { currencyCode: currency } = line.originalUnitPriceSet.presentmentMoney;
    const price = line.discountAllocations.reduce(
      (left, allocation) => left - minorUnitsOf(allocation.allocatedAmountSet.presentmentMoney.amount, currency),
      minorUnitsOf(line.originalUnitPriceSet.presentmentMoney.amount, currency),
    );
    const shipping = current.totalShippingPriceSet;
    if (!order.shipping || !shipping) return { amount: price, currency };
    const inShop = minorUnitsOf(shipping.shopMoney.amount, shipping.shopMoney.currencyCode);
    const share = inShop === 0 ? 0 : Math.round((order.shipping.amount * minorUnitsOf(shipping.presentmentMoney.amount, currency)) / inShop);
    return { amount: price + share, currency };
  }

  private async orderToCancel(order: Pick<ChannelOrder, 'orderId'>, reason: string): Promise<OrderToCancel> {
    const { order: current } = await this.graphql<{ order: OrderToCancel | null }>(ORDER, { id: order.orderId });
    if (!current) throw new SalesChannelRejectedError(`The shop has no order ${order.orderId} to cancel (${reason}).`);
    return current;
  }

  private async variantOf(sku: string): Promise<Variant | undefined> {
    const { productVariants } = await this.graphql<{ productVariants: { nodes: Variant[] } }>(VARIANT_BY_SKU, { query: `sku:"${sku}"` });
    // Shopify's search matches loosely; only the exact SKU is ours.
    return productVariants.nodes.find((variant) => variant.sku === sku);
  }

  private async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const response = await channelFetch('Shopify', this.options.adminApiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': await this.options.accessToken() },
      body: JSON.stringify({ query, variables }),
    });
    if (!response.ok) throw new SalesChannelRejectedError(`Shopify refused the request with ${response.status}.`, response.status);
    const answer = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] | string };
    if (answer.errors) {
      const errors = typeof answer.errors === 'string' ? [{ message: answer.errors }] : answer.errors;
      const message = errors.map((error) => error.message).join('; ');
      // Shopify answers a query over its cost budget with 200 and THROTTLED.
      if (errors.some((error) => 'extensions' in error && error.extensions?.code === 'THROTTLED')) throw new SalesChannelUnavailableError(`Shopify is throttling: ${message}`);
      throw new SalesChannelRejectedError(`Shopify refused the request: ${message}`);
    }
    if (!answer.data) throw new SalesChannelUnavailableError('Shopify answered without data.');
    return answer.data;
  }
}

/**
 * Our lines of an order, as `ordersFromShopifyWebhook` reads them from the webhook. An order or line whose id is not of
 * Shopify's form (a number of at most 20 digits) is not Shopify's and is left out: it would not fit a DynamoDB key.
 */
function ordersOfOurs(order: OrderNode, lines: readonly OrderLine[]): ChannelOrder[] {
  if (!SHOPIFY_ORDER_ID.test(order.id)) return [];
  const shipping = order.totalShippingPriceSet?.shopMoney;
  // The buyer paid one shipping for the whole order: each line, ours or the brand's other products, carries a share.
  const shares = shipping ? shippingShares(minorUnitsOf(shipping.amount, shipping.currencyCode), lines.length) : [];
  return lines.flatMap((line, index) =>
    line.sku !== null && passportIdOfSku(line.sku) !== undefined && SHOPIFY_LINE_ID.test(line.id)
      ? [
          {
            orderId: order.id,
            lineId: line.id,
            sku: line.sku,
            price: paidFor(line),
            ...(shipping ? { shipping: { amount: shares[index] ?? 0, currency: shipping.currencyCode } } : {}),
            orderedAt: order.createdAt,
          },
        ]
      : [],
  );
}

/** What the buyer paid for a line, in the shop's currency: its price less every discount allocated to it. */
function paidFor(line: OrderLine): Money {
  const { amount, currencyCode: currency } = line.originalUnitPriceSet.shopMoney;
  const discounts = line.discountAllocations.reduce((sum, allocation) => sum + minorUnitsOf(allocation.allocatedAmountSet.shopMoney.amount, currency), 0);
  return { amount: minorUnitsOf(amount, currency) - discounts, currency };
}

/** Whether the order was cancelled, or the line refunded and removed from it: either way nothing of it ships. */
function isCancelled(order: OrderToCancel, lineId: string): boolean {
  return order.cancelledAt !== null || order.lineItems.nodes.some((line) => line.id === lineId && line.currentQuantity === 0);
}

function messages(errors: UserError[]): string {
  return errors.map((error) => `${(error.field ?? []).join('.')}: ${error.message}`).join('; ');
}
