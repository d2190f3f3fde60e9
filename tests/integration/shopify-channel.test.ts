import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  SHOPIFY_SANDBOX_LOCATION_ID,
  SHOPIFY_SANDBOX_TOKEN,
  SHOPIFY_SANDBOX_WEBHOOK_SECRET,
  type SandboxListing,
  type ShopifySandbox,
  startShopifySandbox,
} from '../../local/sandboxes/shopify/sandbox';
import { ordersFromShopifyWebhook, SHOPIFY_WEBHOOK_LINES } from '../../shared/adapters/shopify/shopify-order-webhook';
import { ShopifySalesChannel } from '../../shared/adapters/shopify/shopify-sales-channel';
import { SalesChannelRejectedError, SalesChannelUnavailableError } from '../../shared/ports/sales-channel';
import type { ShopifyChannelConfig } from '../../shared/schemas/resale';
import { verifyShopifyWebhook } from '../../shared/webhooks/shopify-webhooks';
import { aChannelListing, aTwoLineOrder as aTwoLineOrderOn, cancelAtOnceAndAgain, onlyTheOversoldLineCancelled, placeSandboxOrder, putSandboxFaults, sandboxListings } from '../support/channel-listing';

const config: ShopifyChannelConfig = {
  enabled: true,
  pricing: { fee: { percent: 2.1, fixed: 25 }, rounding: 'NINETY_NINE' },
  language: 'de',
  shopDomain: 'kreislauf-demo.myshopify.com',
  locationId: SHOPIFY_SANDBOX_LOCATION_ID,
};

interface ReceivedWebhook {
  topic: string | undefined;
  verified: boolean;
  body: string;
}

describe('ShopifySalesChannel against the Shopify sandbox', () => {
  let shop: ShopifySandbox;
  let channel: ShopifySalesChannel;
  let receiver: Server;
  const received: ReceivedWebhook[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const hmac = request.headers['x-shopify-hmac-sha256'];
        received.push({ topic: request.headers['x-shopify-topic'] as string | undefined, verified: verifyShopifyWebhook(body, typeof hmac === 'string' ? hmac : undefined, [SHOPIFY_SANDBOX_WEBHOOK_SECRET]), body });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    shop = await startShopifySandbox({ webhook: { url: `http://127.0.0.1:${port}/v1/webhooks/marketplaces/shopify` } });
    channel = new ShopifySalesChannel({ adminApiUrl: shop.adminApiUrl, accessToken: async () => SHOPIFY_SANDBOX_TOKEN, config, currency: 'EUR' });
  });
  afterEach(() => putSandboxFaults(shop.origin, {}));
  afterAll(async () => {
    await shop.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const listed = async (sku: string) => (await sandboxListings<SandboxListing>(shop.origin)).filter((listing) => listing.sku === sku);

  it('lists an item as an active product with one in stock, once however often it is listed', async () => {
    const listing = aChannelListing('shopify', { repaired: true });
    const { externalId } = await channel.list(listing);
    expect(await channel.list(listing)).toEqual({ externalId });
    expect(await listed(listing.sku)).toEqual([{ sku: listing.sku, externalId, price: '419.99', currency: 'EUR', quantity: 1, state: 'ACTIVE' }]);
    expect(await channel.findBySku(listing.sku)).toEqual({ sku: listing.sku, externalId, price: listing.price, quantity: 1 });
  });

  it('lists again after a productSet whose answer was lost, without a second product', async () => {
    const listing = aChannelListing('shopify');
    await putSandboxFaults(shop.origin, { failAfterCommit: 1, failAfterCommitOn: 'productSet' });
    await expect(channel.list(listing)).rejects.toBeInstanceOf(SalesChannelUnavailableError);
    await channel.list(listing);
    expect(await listed(listing.sku)).toHaveLength(1);
  });

  it('changes the price, and withdrawing sets the stock to 0, again and again', async () => {
    const listing = aChannelListing('shopify');
    await channel.list(listing);
    await channel.updatePrice(listing.sku, { amount: 39_999, currency: 'EUR' });
    await channel.withdraw(listing.sku);
    await channel.withdraw(listing.sku);
    expect(await listed(listing.sku)).toEqual([expect.objectContaining({ price: '399.99', quantity: 0 })]);
    await channel.withdraw(aChannelListing('shopify').sku);
  });

  it('sends a signed orders/create webhook for an order, which reads as the same sale polling finds, once', async () => {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    const listing = aChannelListing('shopify');
    await channel.list(listing);
    expect((await placeSandboxOrder(shop.origin, listing.sku)).status).toBe(201);
    expect((await placeSandboxOrder(shop.origin, listing.sku)).status).toBe(409);

    const webhook = received.at(-1);
    expect(webhook).toMatchObject({ topic: 'orders/create', verified: true });
    const fromWebhook = ordersFromShopifyWebhook(JSON.parse(webhook?.body ?? '{}'));
    expect(fromWebhook).toEqual({ orders: [expect.objectContaining({ sku: listing.sku, price: listing.price, shipping: { amount: 490, currency: 'EUR' } })], leftToPoll: 0 });

    const page = await channel.pollOrders(start);
    expect(page.orders).toEqual(fromWebhook?.orders);
    expect((await channel.pollOrders(page.nextCursor)).orders).toEqual([]);
  });

  it("reads every line of an order longer than a page, and every order of more than a page, each query within Shopify's cost limit", async () => {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    // 30 lines: more than the 10 the orders' page holds; then 11 orders more, past the page of 10 orders.
    const long = Array.from({ length: 30 }, (_, index) => aChannelListing('shopify', { amount: 10_000 + index }));
    for (const item of long) await channel.list(item);
    expect((await placeSandboxOrder(shop.origin, long.map((item) => item.sku))).status).toBe(201);
    const singles = Array.from({ length: 11 }, () => aChannelListing('shopify'));
    for (const item of singles) {
      await channel.list(item);
      expect((await placeSandboxOrder(shop.origin, item.sku)).status).toBe(201);
    }

    const { orders, nextCursor } = await channel.pollOrders(start);

    expect(orders.map((order) => order.sku)).toEqual([...long, ...singles].map((item) => item.sku));
    const lines = orders.slice(0, 30);
    expect(new Set(lines.map((line) => line.orderId)).size).toBe(1);
    expect(lines.map((line) => line.price.amount)).toEqual(long.map((item) => item.price.amount));
    // The buyer paid 4.90 of shipping once: shared over all 30 lines, it adds up to 4.90.
    expect(lines.reduce((sum, line) => sum + (line.shipping?.amount ?? 0), 0)).toBe(490);
    expect((await channel.pollOrders(nextCursor)).orders).toEqual([]);
  });

  it('cancels an order it cannot honour, once, also when two cancellations run at once', async () => {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    const listing = aChannelListing('shopify');
    await channel.list(listing);
    await placeSandboxOrder(shop.origin, listing.sku);
    const [order] = (await channel.pollOrders(start)).orders;
    if (!order) throw new Error('no order');
    // Two deliveries of the order at the same moment (both read it open), then a later repeat.
    await Promise.all([channel.cancelOrder(order, 'Sold on another channel first'), channel.cancelOrder(order, 'Sold on another channel first')]);
    await channel.cancelOrder(order, 'Sold on another channel first');
    expect(shop.orders().filter((line) => line.sku === listing.sku)).toEqual([expect.objectContaining({ cancelled: true })]);
    expect((await channel.pollOrders(start)).orders).toEqual([]);
  });

  /** The refunds paid out on an order, as the shop's Admin API shows its transactions. */
  async function refundsOf(orderId: string): Promise<string[]> {
    const response = await fetch(shop.adminApiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': SHOPIFY_SANDBOX_TOKEN },
      body: JSON.stringify({ query: 'query Order($id: ID!) { order(id: $id) { transactions { kind amountSet { shopMoney { amount } } } } }', variables: { id: orderId } }),
    });
    const { data } = (await response.json()) as { data: { order: { transactions: { kind: string; amountSet: { shopMoney: { amount: string } } }[] } } };
    return data.order.transactions.filter((transaction) => transaction.kind === 'REFUND').map((transaction) => transaction.amountSet.shopMoney.amount);
  }

  /** An order of two listed items, as polling reports its lines. */
  const aTwoLineOrder = () => aTwoLineOrderOn(channel, shop.origin, shop);

  it('refunds only the line it cannot honour of an order with another line, which still ships, once, also when two cancellations run at once', async () => {
    const { kept, oversold, lines } = await aTwoLineOrder();

    await cancelAtOnceAndAgain(channel, oversold);

    expect(lines()).toEqual(onlyTheOversoldLineCancelled(kept, oversold));
    // The line's price and its share of the order's shipping (2.45 of 4.90), which the sale of the other line does not book.
    expect(await refundsOf(kept.orderId)).toEqual(['392.44']);
    // Not restocked: the item is sold elsewhere.
    expect(await listed(oversold.sku)).toEqual([expect.objectContaining({ quantity: 0 })]);
  });

  it('shares the shipping of an order of two items over its lines, the same whether polled or told by webhook', async () => {
    const { kept, oversold } = await aTwoLineOrder();
    // The buyer paid 4.90 once for the whole order: each line carries half, not all of it.
    expect([kept.shipping, oversold.shipping]).toEqual([
      { amount: 245, currency: 'EUR' },
      { amount: 245, currency: 'EUR' },
    ]);
    const webhook = received.find((candidate) => candidate.topic === 'orders/create' && (JSON.parse(candidate.body) as { admin_graphql_api_id?: string }).admin_graphql_api_id === kept.orderId);
    expect(ordersFromShopifyWebhook(JSON.parse(webhook?.body ?? '{}'))).toEqual({ orders: [kept, oversold], leftToPoll: 0 });
  });

  it('cancels the whole order once the line it cannot honour is the last one left to ship', async () => {
    const { kept, oversold, lines } = await aTwoLineOrder();
    await channel.cancelOrder(oversold, 'Sold on another channel first');
    await channel.cancelOrder(kept, 'Sold on another channel first');
    await channel.cancelOrder(kept, 'Sold on another channel first');

    expect(lines()).toEqual([expect.objectContaining({ cancelled: true, orderCancelled: true }), expect.objectContaining({ cancelled: true, orderCancelled: true })]);
    // The line's price and shipping share, then the rest of what the buyer paid (the other line and its share), each once.
    expect(await refundsOf(kept.orderId)).toEqual(['392.44', '422.44']);
  });

  it('reads what the buyer paid for each line of an order with a discount code, the same from its webhook and its poll, and refunds a cancelled line that and its shipping share', async () => {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    const [kept, oversold] = [aChannelListing('shopify', { amount: 42_899 }), aChannelListing('shopify', { amount: 38_999 })];
    await channel.list(kept);
    await channel.list(oversold);
    const placed = await placeSandboxOrder(shop.origin, [kept.sku, oversold.sku], { discount: '50.00' });
    const body = placed.body as { total_price: string };

    const fromWebhook = ordersFromShopifyWebhook(body);
    const { orders: polled } = await channel.pollOrders(start);

    // Shopify allocates the code's 50.00 over the lines in proportion to their prices: 26.20 and 23.80.
    expect(fromWebhook?.orders.map((line) => [line.price.amount, line.shipping?.amount])).toEqual([
      [40_279, 245],
      [36_619, 245],
    ]);
    expect(polled).toEqual(fromWebhook?.orders);
    expect(polled.reduce((sum, line) => sum + line.price.amount + (line.shipping?.amount ?? 0), 0)).toBe(77_388);
    expect(body.total_price).toBe('773.88');

    const [, line] = polled;
    await channel.cancelOrder(line!, 'Sold on another channel first');
    // 366.19 paid for the line and its 2.45 of shipping: the brand keeps 405.24, the other line's 402.79 and 2.45.
    expect(shop.refunds(line!.orderId)).toEqual(['368.64']);
  });

  it("refuses a webhook whose order or line id is longer than Shopify's 20-digit ids, which would not fit a DynamoDB key", async () => {
    const listing = aChannelListing('shopify');
    await channel.list(listing);
    const body = (await placeSandboxOrder(shop.origin, listing.sku)).body as { admin_graphql_api_id: string; line_items: { admin_graphql_api_id: string }[] };
    const [line] = body.line_items;
    expect(ordersFromShopifyWebhook(body)?.orders).toHaveLength(1);

    expect(ordersFromShopifyWebhook({ ...body, admin_graphql_api_id: `gid://shopify/Order/${'9'.repeat(1_100)}` })).toBeUndefined();
    expect(ordersFromShopifyWebhook({ ...body, line_items: [{ ...line, admin_graphql_api_id: `gid://shopify/LineItem/${'9'.repeat(1_100)}` }] })).toBeUndefined();
    expect(ordersFromShopifyWebhook({ ...body, line_items: [{ ...line, admin_graphql_api_id: `gid://shopify/LineItem/${'x'.repeat(1_100)}` }] })).toBeUndefined();
  });

  it(`reads ${SHOPIFY_WEBHOOK_LINES} of our lines from a webhook and leaves the rest to the poll, which reads every line: 3,000 lines too`, async () => {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    const items = Array.from({ length: SHOPIFY_WEBHOOK_LINES + 2 }, () => aChannelListing('shopify'));
    for (const item of items) await channel.list(item);
    const body = (await placeSandboxOrder(shop.origin, items.map((item) => item.sku))).body as { line_items: { admin_graphql_api_id: string }[] };

    const fromWebhook = ordersFromShopifyWebhook(body);
    const { orders: polled } = await channel.pollOrders(start);

    expect(fromWebhook).toEqual({ orders: polled.slice(0, SHOPIFY_WEBHOOK_LINES), leftToPoll: 2 });
    expect(polled.map((line) => line.sku)).toEqual(items.map((item) => item.sku));

    // 3,000 lines of one SKU, signed as Shopify would: five read, the rest left to the poll.
    const [line] = body.line_items;
    const huge = { ...body, line_items: Array.from({ length: 3_000 }, (_, index) => ({ ...line, admin_graphql_api_id: `gid://shopify/LineItem/${9_000_000_000 + index}` })) };
    expect(ordersFromShopifyWebhook(huge)).toMatchObject({ orders: { length: SHOPIFY_WEBHOOK_LINES }, leftToPoll: 3_000 - SHOPIFY_WEBHOOK_LINES });
  });

  it('tells a throttled shop (worth a retry) from a refused token (not)', async () => {
    await putSandboxFaults(shop.origin, { failNext: 1, status: 429 });
    await expect(channel.findBySku(aChannelListing('shopify').sku)).rejects.toBeInstanceOf(SalesChannelUnavailableError);
    await putSandboxFaults(shop.origin, { errorRate: 1, status: 503 });
    await expect(channel.list(aChannelListing('shopify'))).rejects.toBeInstanceOf(SalesChannelUnavailableError);
    await putSandboxFaults(shop.origin, {});
    const wrongToken = new ShopifySalesChannel({ adminApiUrl: shop.adminApiUrl, accessToken: async () => 'shpat_wrong', config, currency: 'EUR' });
    await expect(wrongToken.list(aChannelListing('shopify'))).rejects.toBeInstanceOf(SalesChannelRejectedError);
  });

  it('refuses a product at a location the shop does not have', async () => {
    const elsewhere = new ShopifySalesChannel({ adminApiUrl: shop.adminApiUrl, accessToken: async () => SHOPIFY_SANDBOX_TOKEN, config: { ...config, locationId: 'gid://shopify/Location/9' }, currency: 'EUR' });
    await expect(elsewhere.list(aChannelListing('shopify'))).rejects.toBeInstanceOf(SalesChannelRejectedError);
  });
});
