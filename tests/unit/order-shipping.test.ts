import { afterEach, describe, expect, it, vi } from 'vitest';
import { BackMarketSalesChannel } from '../../shared/adapters/backmarket/backmarket-sales-channel';
import { RefurbedSalesChannel } from '../../shared/adapters/refurbed/refurbed-sales-channel';
import { listingSku } from '../../shared/domain/listing-sku';
import { shippingShares } from '../../shared/domain/order-shipping';

describe("an order's shipping shared over its lines", () => {
  it('splits evenly in whole cents that add up exactly, the cents left over on the first lines', () => {
    expect(shippingShares(490, 2)).toEqual([245, 245]);
    expect(shippingShares(490, 3)).toEqual([164, 163, 163]);
    expect(shippingShares(499, 4)).toEqual([125, 125, 125, 124]);
    expect(shippingShares(1, 3)).toEqual([1, 0, 0]);
    for (const [shipping, lines] of [[490, 3], [999, 7], [1, 5], [0, 4], [-490, 3], [123_457, 11]] as const) {
      const shares = shippingShares(shipping, lines);
      expect(shares).toHaveLength(lines);
      expect(shares.reduce((sum, share) => sum + share, 0)).toBe(shipping);
      expect(shares.every(Number.isInteger)).toBe(true);
    }
  });

  it('leaves a single line the whole shipping, and an order without lines none', () => {
    expect(shippingShares(490, 1)).toEqual([490]);
    expect(shippingShares(0, 1)).toEqual([0]);
    expect(shippingShares(490, 0)).toEqual([]);
  });
});

describe('Back Market shares an order-level shipping over the order\'s lines; Refurbed gives each item its own', () => {
  // These answer a poll with an order of two of our items around one of the brand's other products.
  const ours = [listingSku('demo-outdoor', '01JD3V6Q8Z5W4X2Y1T0S9R8P7N'), listingSku('demo-outdoor', '01JD3V6Q8Z5W4X2Y1T0S9R8P7M')] as const;
  const answering = (body: unknown) => vi.stubGlobal('fetch', vi.fn(async () => Response.json(body)));
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('on Back Market', async () => {
    answering({
      results: [
        {
          order_id: 7,
          state: 1,
          date_creation: '2026-12-07 10:00:00',
          date_modification: '2026-12-07 10:00:00',
          currency: 'EUR',
          shipping_price: '4.90',
          orderlines: [
            { id: 1, listing: ours[0], price: '419.99', state: 1 },
            { id: 2, listing: 'DO-BAG-30L', price: '59.00', state: 1 },
            { id: 3, listing: ours[1], price: '389.99', state: 1 },
          ],
        },
      ],
      next: null,
    });
    const channel = new BackMarketSalesChannel({ apiUrl: 'https://backmarket.test', token: async () => 'token', config: { enabled: true, pricing: { fee: { percent: 10, fixed: 0 }, rounding: 'WHOLE' }, language: 'de', warrantyMonths: 12 }, userAgent: 'Kreislauf/test' });
    const { orders } = await channel.pollOrders(undefined);
    expect(orders.map((order) => [order.sku, order.shipping])).toEqual([
      [ours[0], { amount: 164, currency: 'EUR' }],
      [ours[1], { amount: 163, currency: 'EUR' }],
    ]);
  });

  it('on Refurbed, each item its own shipping out of what it was charged', async () => {
    // Refurbed's order has no shipping of its own: an item's `total_charged` holds its offer's price and its shipping
    // costs (`offer_data.shipping_costs`), and is all the buyer was charged for it (refb.merchant.v1.OrderItem).
    const item = (id: string, sku: string, charged: string, shipping: string) => ({
      id,
      order_id: '7',
      state: 'NEW',
      sku,
      currency_code: 'EUR',
      settlement_currency_code: 'EUR',
      total_charged: charged,
      total_paid: charged,
      total_refunded: '0.00',
      offer_data: { offer_id: '51', shipping_costs: shipping },
    });
    answering({
      orders: [
        {
          id: '7',
          released_at: '2026-12-07T10:00:00Z',
          state: 'NEW',
          currency_code: 'EUR',
          total_charged: '878.88',
          items: [item('i-1', ours[0], '424.89', '4.90'), item('i-2', 'DO-BAG-30L', '59.00', '0.00'), item('i-3', ours[1], '394.99', '5.00')],
        },
      ],
      has_more: false,
    });
    const channel = new RefurbedSalesChannel({ apiUrl: 'https://refurbed.test', token: async () => 'token', config: { enabled: true, pricing: { fee: { percent: 10, fixed: 0 }, rounding: 'WHOLE' }, language: 'de', warrantyMonths: 12, shippingProfileId: 'sp-de-standard' } });
    const { orders } = await channel.pollOrders(undefined);
    expect(orders.map((order) => [order.sku, order.price, order.shipping])).toEqual([
      [ours[0], { amount: 41_999, currency: 'EUR' }, { amount: 490, currency: 'EUR' }],
      [ours[1], { amount: 38_999, currency: 'EUR' }, { amount: 500, currency: 'EUR' }],
    ]);
  });
});
