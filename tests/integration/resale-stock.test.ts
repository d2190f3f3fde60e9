import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPassportRepairRecords } from '../../shared/adapters/dynamodb/repair-network-store';
import type { BrandCatalog } from '../../shared/domain/catalog';
import { listingSku } from '../../shared/domain/listing-sku';
import type { ListingChange, SalesChannelName } from '../../shared/domain/listings';
import type { Staff } from '../../shared/http/staff';
import type { SalesChannel } from '../../shared/ports/sales-channel';
import { newId } from '../../shared/services/tokens';
import { aListedRepairedPassport, queueListingEvents, resale, type Resale } from '../support/resale';
import { type ChannelSandboxes, startChannelSandboxes } from '../support/sales-channels';
import { order } from '../support/sandbox-order';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const CHANNELS: readonly SalesChannelName[] = ['shopify', 'ebay', 'backmarket', 'refurbed'];
const OPS: Staff = { subject: 'ops-1', brand: 'demo', roles: ['ops'] };

/** The FIFO queue of listing changes, drained by the tests as the sync function would. */
class ListedChanges {
  readonly messages: ListingChange[] = [];
  async send(changes: readonly ListingChange[]): Promise<void> {
    this.messages.push(...changes);
  }
  async drain(apply: (change: ListingChange) => Promise<void>): Promise<void> {
    while (this.messages.length > 0) await apply(this.messages.shift()!);
  }
}

// The stock a channel shows must never go back up over a buyer's order, and a channel the brand switched off must
// neither keep offering its items nor lose the orders placed there (docs/sales-channels.md).
describe('the stock on the channels', () => {
  const tableName = `resale-stock-${newId()}`;
  const client = localDynamoDb(inject('dynamodbEndpoint'));
  const store = new DynamoDbSeedingPassportStore(tableName, client);
  const listings = new DynamoDbListingStore(tableName, client);
  const ledgers = new DynamoDbPassportRepairRecords(tableName, client);
  const queue = new ListedChanges();
  let sandboxes: ChannelSandboxes;
  let channelForTest: (catalog: BrandCatalog, channel: SalesChannelName) => Promise<SalesChannel>;
  let service: Resale;

  beforeAll(async () => {
    await createTableLikeStack(client, tableName);
    await store.putCatalog(demoBrand);
    ({ sandboxes, channelFor: channelForTest } = await startChannelSandboxes());
    service = resale({ ledgers, store, listings, queue, channelFor: channelForTest, now: () => new Date() });
  });
  afterAll(async () => {
    await Promise.all(Object.values(sandboxes).map((sandbox) => sandbox.stop()));
  });

  const origin = (channel: SalesChannelName) => (channel === 'shopify' ? sandboxes.shopify.origin : sandboxes[channel].apiUrl);
  const stockOn = (channel: SalesChannelName, id: string) =>
    sandboxes[channel]
      .listings()
      .filter((listing) => listing.sku === listingSku('demo', id))
      .reduce((stock, listing) => stock + listing.quantity, 0);
  const priceOn = (channel: SalesChannelName, id: string) => sandboxes[channel].listings().find((listing) => listing.sku === listingSku('demo', id))?.price;

  const aListedPassport = () => aListedRepairedPassport(store, service);

  /** The demo brand's configuration with one channel switched on or off. */
  async function switchChannel(channel: SalesChannelName, enabled: boolean): Promise<void> {
    const catalog = (await store.getCatalog('demo'))!;
    const resaleConfig = catalog.config.resale!;
    await store.putCatalog({ ...catalog, config: { ...catalog.config, resale: { ...resaleConfig, channels: { ...resaleConfig.channels, [channel]: { ...resaleConfig.channels[channel]!, enabled } } } } });
  }

  it("changes only the price on every channel, so a buyer's order that lands while the new price is sent keeps the stock at zero", async () => {
    for (const channel of CHANNELS) {
      const id = await aListedPassport();
      const sku = listingSku('demo', id);
      // The buyer orders between the sync's read of the channel and its write.
      let ordered = false;
      const orderingDuringSync = resale({
        ledgers,
        store,
        listings,
        queue,
        now: () => new Date(),
        channelFor: async (catalog, name) => {
          const adapter = await channelForTest(catalog, name);
          const findBySku = adapter.findBySku.bind(adapter);
          adapter.findBySku = async (asked) => {
            const shown = await findBySku(asked);
            if (!ordered) {
              ordered = true;
              expect(await order(origin(name), sku)).toBe(201);
            }
            return shown;
          };
          return adapter;
        },
      });
      const price = { amount: 49_900, currency: 'EUR' };
      await service.changeListing(OPS, id, channel, { action: 'price', price });

      await orderingDuringSync.syncListing({ passportId: id, channel });

      expect(ordered).toBe(true);
      expect({ channel, stock: stockOn(channel, id), secondBuyer: await order(origin(channel), sku) }).toEqual({ channel, stock: 0, secondBuyer: 409 });
      expect(Number(priceOn(channel, id))).toBe(499);
      await service.pollOrders();
      expect((await store.getTimeline(id)).filter((event) => event.type === 'Sold')).toEqual([expect.objectContaining({ data: expect.objectContaining({ channel }) })]);
      expect((await store.getTimeline(id)).filter((event) => event.type === 'OversoldCancelled')).toEqual([]);
    }
  });

  it('ends the offer of a sold item that its channel still offers, when the reconciliation finds it', async () => {
    const id = await aListedPassport();
    const sku = listingSku('demo', id);
    expect(await order(origin('ebay'), sku)).toBe(201);
    await service.pollOrders();
    expect((await listings.get(id, 'ebay'))!.state).toBe('SOLD');
    // A write that crossed the order put the sold item back on sale on eBay (the whole listing, stock 1).
    const sold = (await listings.get(id, 'ebay'))!;
    await (await channelForTest((await store.getCatalog('demo'))!, 'ebay')).list(sold.content);
    expect(stockOn('ebay', id)).toBe(1);
    queue.messages.length = 0;

    const { repaired } = await service.reconcile();
    await queue.drain((change) => service.syncListing(change));

    expect(repaired).toBeGreaterThan(0);
    expect(stockOn('ebay', id)).toBe(0);
    expect(await order(origin('ebay'), sku)).toBe(409);
    expect((await service.reconcile()).repaired).toBe(0);
  });

  it('records the sale of an order placed on a channel after it was switched off, and withdraws the item elsewhere', async () => {
    const id = await aListedPassport();
    const sku = listingSku('demo', id);
    await switchChannel('refurbed', false);
    try {
      // Switched off, and not yet withdrawn there: a buyer orders on Refurbed.
      expect(await order(origin('refurbed'), sku)).toBe(201);
      const since = (await store.getTimeline(id)).length;

      await service.pollOrders();

      expect((await listings.get(id, 'refurbed'))!.state).toBe('SOLD');
      expect((await store.getTimeline(id)).filter((event) => event.type === 'Sold')).toEqual([expect.objectContaining({ data: expect.objectContaining({ channel: 'refurbed' }) })]);
      await queueListingEvents(store, id, since, queue);
      await queue.drain((change) => service.syncListing(change));
      expect(await order(origin('shopify'), sku)).toBe(409);
    } finally {
      await switchChannel('refurbed', true);
    }
  });

  it("takes a switched-off channel's listings off sale there and lists nothing new on it, and offers them there again once it is switched back on", async () => {
    const id = await aListedPassport();
    const sku = listingSku('demo', id);
    await switchChannel('refurbed', false);
    try {
      queue.messages.length = 0;
      await service.reconcile();
      await queue.drain((change) => service.syncListing(change));

      expect(stockOn('refurbed', id)).toBe(0);
      expect(await order(origin('refurbed'), sku)).toBe(409);
      expect(CHANNELS.filter((channel) => channel !== 'refurbed').map((channel) => stockOn(channel, id))).toEqual([1, 1, 1]);
      expect((await service.reconcile()).repaired).toBe(0);
      const later = await aListedPassport();
      expect((await listings.listingsOf(later)).map((listing) => listing.channel).sort()).toEqual(['backmarket', 'ebay', 'shopify']);
    } finally {
      await switchChannel('refurbed', true);
    }

    await service.reconcile();
    await queue.drain((change) => service.syncListing(change));

    expect(stockOn('refurbed', id)).toBe(1);
  });
});
