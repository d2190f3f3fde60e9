import * as z from 'zod/mini';
import { passportIdOfSku } from '../../domain/listing-sku';
import { shippingShares } from '../../domain/order-shipping';
import type { ChannelOrder } from '../../ports/sales-channel';
import { schema } from '../../schemas/common';
import { minorUnitsOf } from '../http/channel-http';
import { SHOPIFY_LINE_ID, SHOPIFY_ORDER_ID } from './shopify-ids';

/**
 * How many of our lines one `orders/create` delivery records; the order poll, which reads every line of an order in
 * pages, records the rest. Shopify waits 5 seconds for the answer and sends the webhook again after a timeout: a line
 * sold takes a few DynamoDB calls, but a line sold elsewhere first is cancelled on Shopify too (two Admin API calls and
 * a refund), and 20 of those took 3.2 s on the local cloud. Five stay well inside the 5 s on Shopify's own latency.
 */
export const SHOPIFY_WEBHOOK_LINES = 5;

// The part of Shopify's `orders/create` webhook payload (the REST Order resource) a sale needs. The ids are bounded as
// Shopify writes them (a 64-bit number, at most 20 digits): they become part of DynamoDB keys, which take 1,024 bytes.
const decimal = /* @__PURE__ */ schema(() => z.string().check(z.regex(/^-?\d+(\.\d{1,2})?$/)));
const ShopifyOrderWebhookSchema = /* @__PURE__ */ schema(() => z.looseObject({
  admin_graphql_api_id: z.string().check(z.regex(SHOPIFY_ORDER_ID)),
  created_at: z.string().check(z.maxLength(40)),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
  line_items: z.array(
    z.looseObject({
      admin_graphql_api_id: z.string().check(z.regex(SHOPIFY_LINE_ID)),
      sku: z.optional(z.nullable(z.string())),
      price: decimal,
      // Every discount on the line, a discount code's share of the order among them: `price` is before them.
      discount_allocations: z.optional(z.array(z.looseObject({ amount: decimal }))),
    }),
  ),
  shipping_lines: z.optional(z.array(z.looseObject({ price: decimal }))),
}));

/** Our lines of an `orders/create` webhook: those this delivery records, and how many of ours it leaves to the poll. */
export interface ShopifyWebhookOrders {
  orders: ChannelOrder[];
  /** Our lines after the first {@link SHOPIFY_WEBHOOK_LINES}, which the order poll records. */
  leftToPoll: number;
}

/**
 * Our items in an `orders/create` webhook, with the same order and line ids `pollOrders` gives
 * (the GraphQL gids), the same price (what the buyer paid for the line: its price less the discounts allocated to it)
 * and the same share of the order's shipping, so a sale learned both ways is one sale. Call it only on a body whose
 * `X-Shopify-Hmac-Sha256` verified (`verifyShopifyWebhook`).
 *
 * @returns `undefined` when the payload is not an order.
 * @example
 * ordersFromShopifyWebhook(JSON.parse(rawBody)); // { orders: [{ orderId: 'gid://shopify/Order/8000000004', lineId: 'gid://shopify/LineItem/…', sku, price, shipping, orderedAt }], leftToPoll: 0 }
 */
export function ordersFromShopifyWebhook(payload: unknown): ShopifyWebhookOrders | undefined {
  const parsed = ShopifyOrderWebhookSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const order = parsed.data;
  const shippingLines = order.shipping_lines ?? [];
  const shipping = shippingLines.length > 0 ? shippingLines.reduce((sum, line) => sum + minorUnitsOf(line.price, order.currency), 0) : undefined;
  // One shipping for the whole order, shared over all its lines as the poll shares it (ordersOfOurs).
  const shares = shipping === undefined ? [] : shippingShares(shipping, order.line_items.length);
  const ours = order.line_items.flatMap((line, index) =>
    line.sku && passportIdOfSku(line.sku) !== undefined
      ? [
          {
            orderId: order.admin_graphql_api_id,
            lineId: line.admin_graphql_api_id,
            sku: line.sku,
            price: {
              amount: (line.discount_allocations ?? []).reduce((paid, allocation) => paid - minorUnitsOf(allocation.amount, order.currency), minorUnitsOf(line.price, order.currency)),
              currency: order.currency,
            },
            ...(shipping === undefined ? {} : { shipping: { amount: shares[index] ?? 0, currency: order.currency } }),
            orderedAt: order.created_at,
          },
        ]
      : [],
  );
  return { orders: ours.slice(0, SHOPIFY_WEBHOOK_LINES), leftToPoll: Math.max(0, ours.length - SHOPIFY_WEBHOOK_LINES) };
}
