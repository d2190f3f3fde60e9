import { ordersFromShopifyWebhook } from '../../shared/adapters/shopify/shopify-order-webhook';
import { NotFoundError, ValidationError } from '../../shared/domain/errors';
import { apiHandler } from '../../shared/http/api-handler';
import { UnauthenticatedError } from '../../shared/http/staff';
import { MarketplacePathSchema } from '../../shared/schemas/resale-api';
import { verifyShopifyWebhook } from '../../shared/webhooks/shopify-webhooks';
import { channelCredentials, resaleService } from './compose';

const service = resaleService();

/**
 * POST /v1/webhooks/marketplaces/{channel} (the channel, by its signature): Shopify's
 * `orders/create`, verified by its HMAC on the raw body before anything is parsed. The other
 * channels do not push; their orders are polled.
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
  async ({ rawBody }) => {
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody);
    } catch {
      payload = undefined;
    }
    const orders = ordersFromShopifyWebhook(payload);
    if (!orders) throw new ValidationError('The body is not a Shopify order.', [{ in: 'body', path: [], message: 'must be an orders/create payload' }]);
    const outcomes = [];
    for (const order of orders) outcomes.push({ sku: order.sku, outcome: await service.recordSale('shopify', order) });
    return { status: 200, body: { outcomes } };
  },
);
