import * as z from 'zod/mini';
import { passportIdOfSku } from '../../domain/listing-sku';
import { shippingShares } from '../../domain/order-shipping';
import type { ChannelOrder } from '../../ports/sales-channel';
import { schema } from '../../schemas/common';
import { minorUnitsOf } from '../http/channel-http';

// The part of Shopify's `orders/create` webhook payload (the REST Order resource) a sale needs.
const decimal = /* @__PURE__ */ schema(() => z.string().check(z.regex(/^-?\d+(\.\d{1,2})?$/)));
const ShopifyOrderWebhookSchema = /* @__PURE__ */ schema(() => z.looseObject({
  admin_graphql_api_id: z.string().check(z.regex(/^gid:\/\/shopify\/Order\/\d+$/)),
  created_at: z.string(),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
  line_items: z.array(z.looseObject({ admin_graphql_api_id: z.string(), sku: z.optional(z.nullable(z.string())), price: decimal })),
  shipping_lines: z.optional(z.array(z.looseObject({ price: decimal }))),
}));

/**
 * Our items in an `orders/create` webhook, with the same order and line ids `pollOrders` gives
 * (the GraphQL gids) and the same share of the order's shipping, so a sale learned both ways is one sale. Call it only on a body whose
 * `X-Shopify-Hmac-Sha256` verified (`verifyShopifyWebhook`).
 *
 * @returns `undefined` when the payload is not an order.
 * @example
 * ordersFromShopifyWebhook(JSON.parse(rawBody)); // [{ orderId: 'gid://shopify/Order/8000000004', lineId: 'gid://shopify/LineItem/…', sku, price, shipping, orderedAt }]
 */
export function ordersFromShopifyWebhook(payload: unknown): ChannelOrder[] | undefined {
  const parsed = ShopifyOrderWebhookSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const order = parsed.data;
  const shippingLines = order.shipping_lines ?? [];
  const shipping = shippingLines.length > 0 ? shippingLines.reduce((sum, line) => sum + minorUnitsOf(line.price, order.currency), 0) : undefined;
  // One shipping for the whole order, shared over all its lines as the poll shares it (ordersOfOurs).
  const shares = shipping === undefined ? [] : shippingShares(shipping, order.line_items.length);
  return order.line_items.flatMap((line, index) =>
    line.sku && passportIdOfSku(line.sku) !== undefined
      ? [
          {
            orderId: order.admin_graphql_api_id,
            lineId: line.admin_graphql_api_id,
            sku: line.sku,
            price: { amount: minorUnitsOf(line.price, order.currency), currency: order.currency },
            ...(shipping === undefined ? {} : { shipping: { amount: shares[index] ?? 0, currency: order.currency } }),
            orderedAt: order.created_at,
          },
        ]
      : [],
  );
}
