import { afterEach, describe, expect, it, vi } from 'vitest';
import { ShopifySalesChannel } from '../../shared/adapters/shopify/shopify-sales-channel';
import { listingSku } from '../../shared/domain/listing-sku';

describe("the Shopify order poll reads only ids of Shopify's form", () => {
  const sku = listingSku('demo-outdoor', '01JD3V6Q8Z5W4X2Y1T0S9R8P7N');
  const money = (amount: string) => ({ shopMoney: { amount, currencyCode: 'EUR' } });
  const line = (id: string) => ({ id, sku, originalUnitPriceSet: money('428.99'), discountAllocations: [{ allocatedAmountSet: money('50.00') }] });
  const order = (id: string, lineId: string) => ({
    cursor: id.slice(-4),
    node: { id, createdAt: '2026-12-07T10:00:00Z', cancelledAt: null, totalShippingPriceSet: money('4.90'), lineItems: { nodes: [line(lineId)], pageInfo: { hasNextPage: false, endCursor: null } } },
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('leaves out an order or a line whose id is longer than 20 digits (a DynamoDB key holds 1,024 bytes), and reads what the buyer paid', async () => {
    const long = '9'.repeat(1_100);
    const edges = [order(`gid://shopify/Order/${long}`, 'gid://shopify/LineItem/1'), order('gid://shopify/Order/2', `gid://shopify/LineItem/${long}`), order('gid://shopify/Order/3', 'gid://shopify/LineItem/3')];
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ data: { orders: { edges, pageInfo: { hasNextPage: false, endCursor: 'end' } } } })));
    const channel = new ShopifySalesChannel({
      adminApiUrl: 'https://demo.myshopify.com/admin/api/2025-01/graphql.json',
      accessToken: async () => 'shpat_test',
      config: { enabled: true, pricing: { fee: { percent: 2.1, fixed: 25 }, rounding: 'NINETY_NINE' }, language: 'de', shopDomain: 'demo.myshopify.com', locationId: 'gid://shopify/Location/1' },
      currency: 'EUR',
    });

    const { orders } = await channel.pollOrders(undefined);

    expect(orders).toEqual([{ orderId: 'gid://shopify/Order/3', lineId: 'gid://shopify/LineItem/3', sku, price: { amount: 37_899, currency: 'EUR' }, shipping: { amount: 490, currency: 'EUR' }, orderedAt: '2026-12-07T10:00:00Z' }]);
  });
});
