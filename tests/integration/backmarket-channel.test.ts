import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BACKMARKET_SANDBOX_TOKEN, type BackMarketSandbox, type SandboxListing, startBackMarketSandbox } from '../../local/sandboxes/backmarket/sandbox';
import { BackMarketSalesChannel } from '../../shared/adapters/backmarket/backmarket-sales-channel';
import { SalesChannelRejectedError, SalesChannelUnavailableError } from '../../shared/ports/sales-channel';
import type { BackMarketChannelConfig } from '../../shared/schemas/resale';
import { aChannelListing, placeSandboxOrder, putSandboxFaults, sandboxListings } from '../support/channel-listing';

const config: BackMarketChannelConfig = { enabled: true, pricing: { fee: { percent: 10, fixed: 0 }, rounding: 'WHOLE' }, language: 'de', warrantyMonths: 12 };

describe('BackMarketSalesChannel against the Back Market sandbox', () => {
  let backMarket: BackMarketSandbox;
  let channel: BackMarketSalesChannel;

  beforeAll(async () => {
    backMarket = await startBackMarketSandbox();
    channel = new BackMarketSalesChannel({ apiUrl: backMarket.apiUrl, token: async () => BACKMARKET_SANDBOX_TOKEN, config, userAgent: 'Kreislauf/0.1 (demo-outdoor)' });
  });
  afterEach(() => putSandboxFaults(backMarket.apiUrl, {}));
  afterAll(() => backMarket.stop());

  const listed = async (sku: string) => (await sandboxListings<SandboxListing>(backMarket.apiUrl)).filter((listing) => listing.sku === sku);

  it('lists an item online with quantity one at its price, once however often it is listed', async () => {
    const listing = aChannelListing('backmarket');
    const { externalId } = await channel.list(listing);
    expect(await channel.list(listing)).toEqual({ externalId });
    expect(await listed(listing.sku)).toEqual([{ sku: listing.sku, externalId, price: '419.99', currency: 'EUR', quantity: 1, state: 'ONLINE' }]);
  });

  it('lists again after an import whose answer was lost, without a second listing', async () => {
    const listing = aChannelListing('backmarket');
    await putSandboxFaults(backMarket.apiUrl, { failAfterCommit: 1, failAfterCommitOn: '/ws/listings' });
    await expect(channel.list(listing)).rejects.toBeInstanceOf(SalesChannelUnavailableError);
    await channel.list(listing);
    expect(await listed(listing.sku)).toEqual([expect.objectContaining({ quantity: 1, state: 'ONLINE' })]);
  });

  it('changes the price, and withdrawing takes the listing offline with quantity 0, again and again', async () => {
    const listing = aChannelListing('backmarket');
    await channel.list(listing);
    await channel.updatePrice(listing.sku, { amount: 38_000, currency: 'EUR' });
    expect(await channel.findBySku(listing.sku)).toMatchObject({ price: { amount: 38_000, currency: 'EUR' }, quantity: 1 });

    await channel.withdraw(listing.sku);
    await channel.withdraw(listing.sku);
    expect(await listed(listing.sku)).toEqual([expect.objectContaining({ quantity: 0, state: 'OFFLINE' })]);
    await channel.withdraw(aChannelListing('backmarket').sku);
    expect(await channel.findBySku(aChannelListing('backmarket').sku)).toBeUndefined();
  });

  it('refuses an item Back Market does not sell, a defective one', async () => {
    await expect(channel.list(aChannelListing('backmarket', { grade: 'DEFECTIVE' }))).rejects.toBeInstanceOf(SalesChannelRejectedError);
  });

  it('reports an order once and has no stock left to sell a second time', async () => {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    const listing = aChannelListing('backmarket');
    await channel.list(listing);
    expect((await placeSandboxOrder(backMarket.apiUrl, listing.sku)).status).toBe(201);
    expect((await placeSandboxOrder(backMarket.apiUrl, listing.sku)).status).toBe(409);

    const page = await channel.pollOrders(start);
    expect(page.orders).toEqual([expect.objectContaining({ sku: listing.sku, price: listing.price, shipping: { amount: 0, currency: 'EUR' } })]);
    expect((await channel.pollOrders(page.nextCursor)).orders).toEqual([]);
  });

  it('cancels the line of an order it cannot honour, once, also when two cancellations run at once', async () => {
    const { nextCursor: start } = await channel.pollOrders(undefined);
    const listing = aChannelListing('backmarket');
    await channel.list(listing);
    await placeSandboxOrder(backMarket.apiUrl, listing.sku);
    const [order] = (await channel.pollOrders(start)).orders;
    if (!order) throw new Error('no order');

    // Two deliveries of the order at the same moment (both read it open), then a later repeat.
    await Promise.all([channel.cancelOrder(order, 'Sold on another channel first'), channel.cancelOrder(order, 'Sold on another channel first')]);
    await channel.cancelOrder(order, 'Sold on another channel first');
    expect(backMarket.orders().filter((line) => line.sku === listing.sku)).toEqual([expect.objectContaining({ cancelled: true })]);
    expect((await channel.pollOrders(start)).orders).toEqual([]);
  });

  it('tells a throttled or failing Back Market (worth a retry) from a refused token (not)', async () => {
    await putSandboxFaults(backMarket.apiUrl, { failNext: 1, status: 429 });
    await expect(channel.findBySku(aChannelListing('backmarket').sku)).rejects.toMatchObject({ name: 'SalesChannelUnavailable', status: 429 });
    await putSandboxFaults(backMarket.apiUrl, { errorRate: 1, status: 500 });
    await expect(channel.list(aChannelListing('backmarket'))).rejects.toBeInstanceOf(SalesChannelUnavailableError);
    await putSandboxFaults(backMarket.apiUrl, {});

    const wrongToken = new BackMarketSalesChannel({ apiUrl: backMarket.apiUrl, token: async () => 'd3Jvbmc=', config, userAgent: 'Kreislauf/0.1' });
    await expect(wrongToken.list(aChannelListing('backmarket'))).rejects.toBeInstanceOf(SalesChannelRejectedError);
  });
});
