import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPassportRepairRecords, DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import type { BrandCatalog } from '../../shared/domain/catalog';
import { listingSku } from '../../shared/domain/listing-sku';
import type { ListingChange, SalesChannelName } from '../../shared/domain/listings';
import type { Staff } from '../../shared/http/staff';
import type { ChannelOrder, SalesChannel } from '../../shared/ports/sales-channel';
import { newId } from '../../shared/services/tokens';
import { changedAfterFirstCall } from '../support/racing-store';
import { aListedRepairedPassport, queueListingEvents, type Resale, resale } from '../support/resale';
import { type ChannelSandboxes, startChannelSandboxes } from '../support/sales-channels';
import { order } from '../support/sandbox-order';
import { createTableLikeStack, localDynamoDb } from '../support/table';

// A buyer's order that crosses a person's withdrawal of its listing (since 8 December 2026): the buyer ordered on a
// channel, and before the order poll read the order, staff withdrew the item there. Until then every such order was
// cancelled as oversold, and its listing left CANCELLED for good, though the item was unsold.
const CHANNELS: readonly SalesChannelName[] = ['shopify', 'ebay', 'backmarket', 'refurbed'];
const DEMO = { brand: 'demo' };
const OPS: Staff = { subject: 'ops-1', brand: 'demo', roles: ['ops'] };

class Fifo {
  readonly messages: ListingChange[] = [];
  async send(changes: readonly ListingChange[]): Promise<void> {
    this.messages.push(...changes);
  }
  async drain(apply: (change: ListingChange) => Promise<void>): Promise<void> {
    while (this.messages.length > 0) await apply(this.messages.shift()!);
  }
}

describe("an order that crosses a person's withdrawal of its listing", () => {
  const tableName = `withdrawn-orders-${newId()}`;
  const client = localDynamoDb(inject('dynamodbEndpoint'));
  const store = new DynamoDbSeedingPassportStore(tableName, client);
  const listings = new DynamoDbListingStore(tableName, client);
  const ledgers = new DynamoDbPassportRepairRecords(tableName, client);
  const queue = new Fifo();
  let sandboxes: ChannelSandboxes;
  let service: Resale;
  let channelFor: (catalog: BrandCatalog, channel: SalesChannelName) => Promise<SalesChannel>;

  beforeAll(async () => {
    await createTableLikeStack(client, tableName);
    await store.putCatalog(demoBrand);
    ({ sandboxes, channelFor } = await startChannelSandboxes());
    service = resale({ ledgers, store, listings, queue, channelFor, now: () => new Date() });
  });
  afterAll(async () => {
    await Promise.all(Object.values(sandboxes).map((sandbox) => sandbox.stop()));
  });

  const origin = (channel: SalesChannelName) => (channel === 'shopify' ? sandboxes.shopify.origin : sandboxes[channel].apiUrl);
  const aListedPassport = () => aListedRepairedPassport(store, service);
  const ledgerOf = (id: string) => new DynamoDbRepairNetworkStore(tableName, store, client).ledgerOf(id);
  const onSale = (channel: SalesChannelName, sku: string) => sandboxes[channel].listings().filter((listing) => listing.sku === sku && listing.quantity > 0);

  /** A buyer's order of `sku` on `channel`, as the channel's poll reports it. */
  async function anOrderOn(channel: SalesChannelName, sku: string): Promise<ChannelOrder> {
    expect(await order(origin(channel), sku)).toBe(201);
    const { orders: polled } = await (await channelFor((await store.getCatalog('demo'))!, channel)).pollOrders(undefined);
    return polled.find((candidate) => candidate.sku === sku)!;
  }

  /** A person's withdrawal of the listing, and its sync, which takes it off sale on the channel. */
  async function withdraw(id: string, channel: SalesChannelName): Promise<void> {
    await expect(service.changeListing(OPS, id, channel, { action: 'withdraw' })).resolves.toMatchObject({ state: 'WITHDRAWN' });
    await service.syncListing({ passportId: id, channel });
  }

  it.each(['backmarket', 'ebay'] as const)(
    'records an order on %s placed before a person withdrew the item there as the sale, when the item is still listed on the other channels',
    async (channel) => {
      const id = await aListedPassport();
      const sku = listingSku('demo', id);
      expect(await order(origin(channel), sku)).toBe(201);
      await withdraw(id, channel);
      const since = (await store.getTimeline(id)).length;

      await service.pollOrders();
      // The poll reads the same order again, and so does a listing's sync.
      await service.pollOrders();

      expect(await store.getPassport(id)).toMatchObject({ state: 'SOLD', sale: { channel } });
      const states = new Map((await listings.listingsOf(id)).map((listing) => [listing.channel, listing.state]));
      expect(Object.fromEntries(states)).toEqual({ ...Object.fromEntries(CHANNELS.map((other) => [other, 'WITHDRAWN'])), [channel]: 'SOLD' });
      const events = (await store.getTimeline(id)).slice(since);
      expect(events.map((event) => event.type)).toEqual(['Sold']);
      expect([...(events[0]!.data.withdrawn as string[])].sort()).toEqual(CHANNELS.filter((other) => other !== channel).sort());
      const ledger = await ledgerOf(id);
      expect(ledger.filter((entry) => entry.kind === 'SALE')).toHaveLength(1);
      expect(ledger.filter((entry) => entry.kind === 'CHANNEL_FEE')).toHaveLength(1);
      // The buyer's order stands.
      expect(sandboxes[channel].orders().filter((line) => line.sku === sku)).toEqual([expect.objectContaining({ cancelled: false })]);

      // The sale's event withdraws the other channels.
      const queued = new Fifo();
      expect(await queueListingEvents(store, id, since, queued)).toBe(1);
      await queued.drain((change) => service.syncListing(change));
      for (const other of CHANNELS) expect(onSale(other, sku), other).toEqual([]);
      // A withdrawn listing of a sold item is not listed again.
      await expect(service.changeListing(OPS, id, channel, { action: 'relist' })).rejects.toMatchObject({ name: 'ConflictError' });
    },
  );

  it('cancels an order placed before a person withdrew the item from every channel, not as oversold, and the listing can be listed again', async () => {
    const id = await aListedPassport();
    const sku = listingSku('demo', id);
    const placed = await anOrderOn('backmarket', sku);
    for (const channel of CHANNELS) await withdraw(id, channel);
    const since = (await store.getTimeline(id)).length;

    // Back Market is down when the order is first read: recorded, not cancelled there yet; its repeats cancel it, saying why.
    const reasons: string[] = [];
    const telling = (fails: boolean) =>
      resale({
        ledgers,
        store,
        listings,
        queue,
        now: () => new Date(),
        channelFor: async (catalog, channel) => {
          const adapter = await channelFor(catalog, channel);
          const cancelOrder = adapter.cancelOrder.bind(adapter);
          return Object.assign(adapter, {
            cancelOrder: async (line: ChannelOrder, reason: string) => {
              reasons.push(reason);
              return fails ? Promise.reject(new Error('Back Market unavailable')) : cancelOrder(line, reason);
            },
          });
        },
      });
    await expect(telling(true).recordSale('backmarket', placed, DEMO)).rejects.toThrow('Back Market unavailable');
    expect(sandboxes.backmarket.orders().filter((line) => line.sku === sku)).toEqual([expect.objectContaining({ cancelled: false })]);
    await service.pollOrders();
    expect(await Promise.all(Array.from({ length: 5 }, () => telling(false).recordSale('backmarket', placed, DEMO)))).toEqual(Array(5).fill('CANCELLED'));
    expect(new Set(reasons)).toEqual(new Set(['The seller withdrew the item from sale.']));

    const events = (await store.getTimeline(id)).slice(since);
    expect(events).toEqual([expect.objectContaining({ type: 'OversoldCancelled', data: { channel: 'backmarket', orderId: placed.orderId, listingWithdrawn: true } })]);
    expect(await store.getPassport(id)).toMatchObject({ state: 'LISTED' });
    expect(await listings.get(id, 'backmarket')).toMatchObject({ state: 'WITHDRAWN' });
    expect((await ledgerOf(id)).filter((entry) => entry.kind === 'SALE')).toEqual([]);
    expect(sandboxes.backmarket.orders().filter((line) => line.sku === sku)).toEqual([expect.objectContaining({ cancelled: true })]);

    // Staff may offer the item there again, and a later buyer buys it.
    await expect(service.changeListing(OPS, id, 'backmarket', { action: 'relist' })).resolves.toMatchObject({ state: 'LISTED' });
    await service.syncListing({ passportId: id, channel: 'backmarket' });
    expect(onSale('backmarket', sku)).toHaveLength(1);
    await service.pollOrders();
    expect(await service.recordSale('backmarket', await anOrderOn('backmarket', sku), DEMO)).toBe('SOLD');
    expect(await store.getPassport(id)).toMatchObject({ state: 'SOLD', sale: { channel: 'backmarket' } });
  });

  it('sells an item once when an order on a withdrawn channel and one on a listed channel are recorded at the same moment', async () => {
    const items = await Promise.all(Array.from({ length: 6 }, () => aListedPassport()));
    const raced = await Promise.all(
      items.map(async (id) => {
        const sku = listingSku('demo', id);
        const withdrawn = await anOrderOn('backmarket', sku);
        await withdraw(id, 'backmarket');
        return { id, sku, withdrawn, listed: await anOrderOn('refurbed', sku) };
      }),
    );

    const outcomes = await Promise.all(
      raced.map(({ withdrawn, listed }) => Promise.all([service.recordSale('backmarket', withdrawn, DEMO), service.recordSale('refurbed', listed, DEMO)])),
    );

    for (const [index, { id, sku }] of raced.entries()) {
      expect([...outcomes[index]!].sort(), id).toEqual(['CANCELLED', 'SOLD']);
      const [winner, loser] = outcomes[index]![0] === 'SOLD' ? (['backmarket', 'refurbed'] as const) : (['refurbed', 'backmarket'] as const);
      const timeline = await store.getTimeline(id);
      expect(timeline.filter((event) => event.type === 'Sold'), id).toEqual([expect.objectContaining({ data: expect.objectContaining({ channel: winner }) })]);
      // The order that lost was oversold: the item was sold to the other buyer.
      expect(timeline.filter((event) => event.type === 'OversoldCancelled'), id).toEqual([expect.objectContaining({ data: expect.objectContaining({ channel: loser, soldOn: winner }) })]);
      expect(timeline.find((event) => event.type === 'OversoldCancelled')!.data, id).not.toHaveProperty('listingWithdrawn');
      expect((await ledgerOf(id)).filter((entry) => entry.kind === 'SALE'), id).toHaveLength(1);
      expect(await listings.get(id, winner), id).toMatchObject({ state: 'SOLD' });
      expect(await listings.get(id, loser), id).toMatchObject({ state: 'CANCELLED' });
      expect(sandboxes[loser].orders().filter((line) => line.sku === sku), id).toEqual([expect.objectContaining({ cancelled: true })]);
      expect(sandboxes[winner].orders().filter((line) => line.sku === sku), id).toEqual([expect.objectContaining({ cancelled: false })]);
    }
  });

  it("decides again when a person withdraws the item's last listing, or relists one, while such an order is being recorded", async () => {
    // Listed on Refurbed alone; a Back Market order from before its withdrawal; Refurbed withdrawn right after the
    // recording read the listings: the item is on sale nowhere when the order is written, so it is cancelled.
    const last = await aListedPassport();
    const lastOrder = await anOrderOn('backmarket', listingSku('demo', last));
    for (const channel of ['shopify', 'ebay', 'backmarket'] as const) await withdraw(last, channel);
    const withdrawing = changedAfterFirstCall(listings, 'listingsOf', () => service.changeListing(OPS, last, 'refurbed', { action: 'withdraw' }));
    const recordingWhileWithdrawn = resale({ ledgers, store, listings: withdrawing.racing, queue, channelFor, now: () => new Date() });

    expect(await recordingWhileWithdrawn.recordSale('backmarket', lastOrder, DEMO)).toBe('CANCELLED');
    expect(withdrawing.changed()).toBe(true);
    expect(await store.getPassport(last)).toMatchObject({ state: 'LISTED' });
    expect((await store.getTimeline(last)).filter((event) => event.type === 'OversoldCancelled')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ channel: 'backmarket', listingWithdrawn: true }) }),
    ]);
    expect(Object.fromEntries((await listings.listingsOf(last)).map((listing) => [listing.channel, listing.state]))).toEqual(Object.fromEntries(CHANNELS.map((channel) => [channel, 'WITHDRAWN'])));

    // Withdrawn everywhere; Shopify relisted right after the recording read the listings: the item is on sale again, so
    // the order is the sale and the relisted channel is withdrawn with it.
    const relisted = await aListedPassport();
    const relistedOrder = await anOrderOn('backmarket', listingSku('demo', relisted));
    for (const channel of CHANNELS) await withdraw(relisted, channel);
    const relisting = changedAfterFirstCall(listings, 'listingsOf', () => service.changeListing(OPS, relisted, 'shopify', { action: 'relist' }));
    const recordingWhileRelisted = resale({ ledgers, store, listings: relisting.racing, queue, channelFor, now: () => new Date() });

    expect(await recordingWhileRelisted.recordSale('backmarket', relistedOrder, DEMO)).toBe('SOLD');
    expect(relisting.changed()).toBe(true);
    expect(await store.getPassport(relisted)).toMatchObject({ state: 'SOLD', sale: { channel: 'backmarket' } });
    expect((await store.getTimeline(relisted)).filter((event) => event.type === 'Sold')).toEqual([expect.objectContaining({ data: expect.objectContaining({ withdrawn: ['shopify'] }) })]);
    expect((await store.getTimeline(relisted)).filter((event) => event.type === 'OversoldCancelled')).toEqual([]);
  });
});
