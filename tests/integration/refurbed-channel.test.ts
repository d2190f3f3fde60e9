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

  it('lists an item online with quantity one at its price, once however often it is listed', async () => {
    const listing = aChannelListing('refurbed');
    const { externalId } = await channel.list(listing);
    expect(await channel.list(listing)).toEqual({ externalId });
    expect(await listed(listing.sku)).toEqual([{ sku: listing.sku, externalId, price: '419.99', currency: 'EUR', quantity: 1, state: 'IN_STOCK' }]);
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
