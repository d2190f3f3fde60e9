import { ordersFromShopifyWebhook } from '../../shared/adapters/shopify/shopify-order-webhook';
import { NotFoundError, ValidationError } from '../../shared/domain/errors';
import { apiHandler } from '../../shared/http/api-handler';
import { UnauthenticatedError } from '../../shared/http/staff';
import { MarketplacePathSchema } from '../../shared/schemas/resale-api';
import { ShopDomainSchema } from '../../shared/schemas/resale';
import { logger } from '../../shared/observability';
import { verifyShopifyWebhook } from '../../shared/webhooks/shopify-webhooks';
import { channelCredentials, resaleService } from './compose';

const service = resaleService();

/**
 * POST /v1/webhooks/marketplaces/{channel} (the channel, by its signature): Shopify's
 * `orders/create`, verified by its HMAC on the raw body before anything is parsed, and recorded
 * for the brand whose shop it names (`X-Shopify-Shop-Domain`). The other channels do not push;
 * their orders are polled.
 */
export const handler = apiHandler(
  {
    path: MarketplacePathSchema,
    readsRawBody: true,
    authenticate: async ({ body, headers, path }) => {
      if (path.channel !== 'shopify') throw new NotFoundError('Only shopify sends sale notifications; the other channels\' orders are polled.');
      const { shopifyWebhookSecrets } = await channelCredentials();
      if (!verifyShopifyWebhook(body, headers['x-shopify-hmac-sha256'], shopifyWebhookSecrets)) {
        throw new UnauthenticatedError('The X-Shopify-Hmac-Sha256 header does not sign this body.');
      }
    },
  },
  async ({ rawBody, headers }) => {
    // Shopify names the shop the order was placed in; only the brand's own shop may sell its items.
    const named = ShopDomainSchema.safeParse(headers['x-shopify-shop-domain'] ?? '');
    if (!named.success) {
      throw new ValidationError('The X-Shopify-Shop-Domain header must name the shop the order was placed in.', [
        { in: 'header', path: ['X-Shopify-Shop-Domain'], message: named.error.issues[0]!.message },
      ]);
    }
    const shop = named.data;
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody);
    } catch {
      payload = undefined;
    }
    const received = ordersFromShopifyWebhook(payload);
    if (!received) throw new ValidationError('The body is not a Shopify order.', [{ in: 'body', path: [], message: 'must be an orders/create payload' }]);
    const outcomes = [];
    for (const order of received.orders) outcomes.push({ sku: order.sku, outcome: await service.recordSale('shopify', order, { shop }) });
    // Answered within Shopify's 5 seconds: the order poll reads every line of the order and records the rest.
    if (received.leftToPoll > 0) logger.info('lines of a Shopify order left to the order poll', { shop, orderId: received.orders[0]?.orderId, leftToPoll: received.leftToPoll });
    return { status: 200, body: { outcomes, ...(received.leftToPoll > 0 ? { leftToPoll: received.leftToPoll } : {}) } };
  },
);
