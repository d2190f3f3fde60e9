import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REFURBED_SANDBOX_TOKEN, type RefurbedSandbox, type SandboxListing, startRefurbedSandbox } from '../../local/sandboxes/refurbed/sandbox';
import { RefurbedSalesChannel } from '../../shared/adapters/refurbed/refurbed-sales-channel';
import { SalesChannelRejectedError, SalesChannelUnavailableError } from '../../shared/ports/sales-channel';
import type { RefurbedChannelConfig } from '../../shared/schemas/resale';
import { aChannelListing, placeSandboxOrder, putSandboxFaults, sandboxListings } from '../support/channel-listing';

const config: RefurbedChannelConfig = { enabled: true, pricing: { fee: { percent: 10, fixed: 0 }, rounding: 'WHOLE' }, language: 'de', warrantyMonths: 12, shippingProfileId: 'sp-de-standard' };

describe('RefurbedSalesChannel against the Refurbed sandbox', () => {
  let refurbed: RefurbedSandbox;
  let channel: RefurbedSalesChannel;

  beforeAll(async () => {
    refurbed = await startRefurbedSandbox();
    channel = new RefurbedSalesChannel({ apiUrl: refurbed.apiUrl, token: async () => REFURBED_SANDBOX_TOKEN, config });
  });
  afterEach(() => putSandboxFaults(refurbed.apiUrl, {}));
  afterAll(() => refurbed.stop());

  const listed = async (sku: string) => (await sandboxListings<SandboxListing>(refurbed.apiUrl)).filter((listing) => listing.sku === sku);
  /** A call of the merchant API as the adapter makes it, for what the adapter does not read back. */
  const rpc = async (method: string, body: unknown) =>
    (await fetch(`${refurbed.apiUrl}/refb.merchant.v1.${method}`, { method: 'POST', headers: { authorization: `Plain ${REFURBED_SANDBOX_TOKEN}` }, body: JSON.stringify(body) })).json() as Promise<Record<string, unknown>>;
  /** The buyer cancels an item, or sends it back (Refurbed's side of the order). */
  const buyer = async (itemId: string, state: 'CANCELLED' | 'RETURNED') =>
    expect((await fetch(`${refurbed.apiUrl}/_sandbox/order-items/${itemId}`, { method: 'POST', body: JSON.stringify({ state }) })).status).toBe(200);
  const orderOf = async (sku: string, body: object = {}) => {
    const response = await fetch(`${refurbed.apiUrl}/_sandbox/orders`, { method: 'POST', body: JSON.stringify({ sku, ...body }) });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; items: [{ id: string }] };
  };

  it('lists an item online with quantity one at its price, once however often it is listed', async () => {
    const listing = aChannelListing('refurbed');
    const { externalId } = await channel.list(listing);
    expect(await channel.list(listing)).toEqual({ externalId });
    expect(await listed(listing.sku)).toEqual([{ sku: listing.sku, externalId, price: '419.99', currency: 'EUR', quantity: 1, state: 'IN_STOCK' }]);
  });

  it('creates the offer with the warranty Refurbed takes (M12) and the taxation it requires, the margin scheme unless the brand says GROSS', async () => {
    const listing = aChannelListing('refurbed');
    await channel.list(listing);
    expect((await rpc('OfferService/GetOffer', { identifier: { sku: listing.sku } })).offer).toMatchObject({ warranty: 'M12', taxation: 'MARGINAL' });

    const gross = new RefurbedSalesChannel({ apiUrl: refurbed.apiUrl, token: async () => REFURBED_SANDBOX_TOKEN, config: { ...config, warrantyMonths: 24, taxation: 'GROSS' } });
    const other = aChannelListing('refurbed');
    await gross.list(other);
    expect((await rpc('OfferService/GetOffer', { identifier: { sku: other.sku } })).offer).toMatchObject({ warranty: 'M12', taxation: 'GROSS' });
  });

  it('lists again after a CreateOffer whose answer was lost, without a second offer', async () => {
    const listing = aChannelListing('refurbed');
    await putSandboxFaults(refurbed.apiUrl, { failAfterCommit: 1, failAfterCommitOn: '/CreateOffer' });
    await expect(channel.list(listing)).rejects.toBeInstanceOf(SalesChannelUnavailableError);
    await channel.list(listing);
    expect(await listed(listing.sku)).toEqual([expect.objectContaining({ quantity: 1, state: 'IN_STOCK' })]);
  });

  it('changes the price, and withdrawing sets the stock to 0, again and again', async () => {
    const listing = aChannelListing('refurbed');
    await channel.list(listing);
    await channel.updatePrice(listing.sku, { amount: 38_000, currency: 'EUR' });
    expect(await channel.findBySku(listing.sku)).toMatchObject({ price: { amount: 38_000, currency: 'EUR' }, quantity: 1 });

    await channel.withdraw(listing.sku);
    await channel.withdraw(listing.sku);
    expect(await listed(listing.sku)).toEqual([expect.objectContaining({ quantity: 0, state: 'OUT_OF_STOCK' })]);
    await channel.withdraw(aChannelListing('refurbed').sku);
    expect(await channel.findBySku(aChannelListing('refurbed').sku)).toBeUndefined();
  });

  it('refuses an item Refurbed does not sell, a defective one', async () => {
    await expect(channel.list(aChannelListing('refurbed', { grade: 'DEFECTIVE' }))).rejects.toBeInstanceOf(SalesChannelRejectedError);
  });

  it('reports an order once and has no stock left to sell a second time', async () => {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    const listing = aChannelListing('refurbed');
    await channel.list(listing);
    expect((await placeSandboxOrder(refurbed.apiUrl, listing.sku)).status).toBe(201);
    expect((await placeSandboxOrder(refurbed.apiUrl, listing.sku)).status).toBe(409);

    const page = await channel.pollOrders(start);
    expect(page.orders).toEqual([expect.objectContaining({ sku: listing.sku, price: listing.price, shipping: { amount: 0, currency: 'EUR' } })]);
    expect((await channel.pollOrders(page.nextCursor)).orders).toEqual([]);
  });

  it('books what the buyer was charged for the item, its shipping costs apart', async () => {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    const listing = aChannelListing('refurbed');
    await channel.list(listing);
    const placed = await orderOf(listing.sku, { shippingCosts: '4.90' });
    expect(placed.items[0]).toMatchObject({ total_charged: '424.89', currency_code: 'EUR', offer_data: { shipping_costs: '4.90' } });
    expect(placed.items[0]).not.toHaveProperty('price');

    expect((await channel.pollOrders(start)).orders).toEqual([
      { orderId: placed.id, lineId: placed.items[0].id, sku: listing.sku, price: { amount: 41_999, currency: 'EUR' }, shipping: { amount: 490, currency: 'EUR' }, orderedAt: expect.any(String) },
    ]);
  });

  it('reports no item the buyer cancelled or sent back, and moves on past them', async () => {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    const [cancelled, returned, sold] = [aChannelListing('refurbed'), aChannelListing('refurbed'), aChannelListing('refurbed')];
    for (const listing of [cancelled, returned, sold]) await channel.list(listing);
    await buyer((await orderOf(cancelled.sku)).items[0].id, 'CANCELLED');
    const shipped = (await orderOf(returned.sku)).items[0].id;
    expect(await rpc('OrderItemService/UpdateOrderItemState', { id: shipped, state: 'ACCEPTED' })).toHaveProperty('order_item');
    expect(await rpc('OrderItemService/UpdateOrderItemState', { id: shipped, state: 'SHIPPED', parcel_tracking_url: 'https://track.test/1' })).toHaveProperty('order_item');
    await buyer(shipped, 'RETURNED');
    await orderOf(sold.sku);

    const page = await channel.pollOrders(start);
    expect(page.orders.map((order) => order.sku)).toEqual([sold.sku]);
    expect((await channel.pollOrders(page.nextCursor)).orders).toEqual([]);
  });

  it('takes an item the buyer cancelled before it could be rejected as rejected', async () => {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    const listing = aChannelListing('refurbed');
    await channel.list(listing);
    await orderOf(listing.sku);
    const [order] = (await channel.pollOrders(start)).orders;
    if (!order) throw new Error('no order');
    await buyer(order.lineId, 'CANCELLED');

    await channel.cancelOrder(order, 'Sold on another channel first');
    expect((await rpc('OrderItemService/GetOrderItem', { id: order.lineId })).order_item).toMatchObject({ state: 'CANCELLED', total_paid: '0.00', total_refunded: '419.99' });
  });

  it('rejects the item of an order it cannot honour, once, also when two cancellations run at once', async () => {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    const listing = aChannelListing('refurbed');
    await channel.list(listing);
    await placeSandboxOrder(refurbed.apiUrl, listing.sku);
    const [order] = (await channel.pollOrders(start)).orders;
    if (!order) throw new Error('no order');

    // Two deliveries of the order at the same moment (both read it open), then a later repeat.
    await Promise.all([channel.cancelOrder(order, 'Sold on another channel first'), channel.cancelOrder(order, 'Sold on another channel first')]);
    await channel.cancelOrder(order, 'Sold on another channel first');
    expect(refurbed.orders().filter((line) => line.sku === listing.sku)).toEqual([expect.objectContaining({ cancelled: true })]);
    expect((await channel.pollOrders(start)).orders).toEqual([]);
  });

  it('tells a throttled or failing Refurbed (worth a retry) from a refused token (not)', async () => {
    await putSandboxFaults(refurbed.apiUrl, { failNext: 1, status: 429 });
    await expect(channel.findBySku(aChannelListing('refurbed').sku)).rejects.toMatchObject({ name: 'SalesChannelUnavailable', status: 429 });
    await putSandboxFaults(refurbed.apiUrl, { errorRate: 1, status: 500 });
    await expect(channel.list(aChannelListing('refurbed'))).rejects.toBeInstanceOf(SalesChannelUnavailableError);
    await putSandboxFaults(refurbed.apiUrl, {});

    const wrongToken = new RefurbedSalesChannel({ apiUrl: refurbed.apiUrl, token: async () => 'wrong-token', config });
    await expect(wrongToken.list(aChannelListing('refurbed'))).rejects.toBeInstanceOf(SalesChannelRejectedError);
  });
});
