import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startBackMarketSandbox } from '../../local/sandboxes/backmarket/sandbox';
import { startEbaySandbox } from '../../local/sandboxes/ebay/sandbox';
import { startRefurbedSandbox } from '../../local/sandboxes/refurbed/sandbox';
import { startShopifySandbox } from '../../local/sandboxes/shopify/sandbox';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { listingSku } from '../../shared/domain/listing-sku';
import type { SalesChannelName } from '../../shared/domain/listings';
import { resale } from '../support/resale';
import { newId } from '../../shared/services/tokens';
import { FileQueue } from '../support/file-queue';
import { aPassport, aQuote } from '../support/fixtures';
import { type KillHarness, startKillHarness } from '../support/kill-harness';
import type { ResaleWorkerConfig } from '../support/resale-worker';
import { type ChannelApis, sandboxChannels } from '../support/sales-channels';
import { order } from '../support/sandbox-order';
import { createTableLikeStack, localDynamoDb } from '../support/table';

// Exactly-once resale under kill -9 (DESIGN.md §9), with `tests/support/kill-harness.ts`: the
// listing workflow, people's listing changes, the order poller and the listing-sync consumer run in a worker process
// (`tests/support/resale-worker.ts`) that is killed with SIGKILL at the answer of its n-th write,
// to DynamoDB Local or a channel sandbox, again and again, until a worker finishes. What a killed
// worker left undone is done by the next one, as on AWS by a retried step, the next poll and the
// queue's redelivery. The queue is a file that keeps each message until it was applied, as SQS does.

const ROOT = resolve(__dirname, '../..');
const ITEMS = 4;
const CHANNELS: readonly SalesChannelName[] = ['shopify', 'ebay', 'backmarket', 'refurbed'];
/** Each test took 6–9 s alone; its own timeout is against a hang on a loaded machine. */
const WORKERS_TIMEOUT = 300_000;

describe('resale when its worker is killed with SIGKILL again and again', () => {
  const tableName = `resale-crash-${newId()}`;
  const dynamodbEndpoint = inject('dynamodbEndpoint');
  const client = localDynamoDb(dynamodbEndpoint);
  const store = new DynamoDbSeedingPassportStore(tableName, client);
  const listings = new DynamoDbListingStore(tableName, client);
  let harness: KillHarness;
  let sandboxes: {
    shopify: Awaited<ReturnType<typeof startShopifySandbox>>;
    ebay: Awaited<ReturnType<typeof startEbaySandbox>>;
    backmarket: Awaited<ReturnType<typeof startBackMarketSandbox>>;
    refurbed: Awaited<ReturnType<typeof startRefurbedSandbox>>;
  };
  const origin = (channel: SalesChannelName) => (channel === 'shopify' ? sandboxes.shopify.origin : sandboxes[channel].apiUrl);

  beforeAll(async () => {
    harness = await startKillHarness(join(ROOT, 'tests/support/resale-worker.ts'));
    await createTableLikeStack(client, tableName);
    await store.putCatalog(demoBrand);
    const [shopify, ebay, backmarket, refurbed] = await Promise.all([startShopifySandbox(), startEbaySandbox(), startBackMarketSandbox(), startRefurbedSandbox()]);
    sandboxes = { shopify, ebay, backmarket, refurbed };
    direct = { shopify: shopify.adminApiUrl, ebay: ebay.apiUrl, backmarket: backmarket.apiUrl, refurbed: refurbed.apiUrl };
  });
  afterAll(async () => {
    await Promise.all([harness?.stop(), ...Object.values(sandboxes ?? {}).map((sandbox) => sandbox.stop())]);
  });

  /** The channels without the harness's proxies, for the checks. */
  let direct: ChannelApis;
  /** What the listing test lists, and the selling test sells: the second test runs on the first's items. */
  let config: ResaleWorkerConfig;
  const items: { id: string; sku: string }[] = [];
  const shownOn = (channel: SalesChannelName, sku: string) => sandboxes[channel].listings().filter((listing) => listing.sku === sku);

  it('lists each repaired item once on each channel', async () => {
    for (let index = 0; index < ITEMS; index++) {
      const quote = aQuote();
      await store.saveQuote(quote);
      const passport = aPassport(quote, { state: 'REPAIRED', grading: { grade: 'LIKE_NEW', by: 'grader', at: '2026-11-02T10:00:00.000Z' } });
      await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
      items.push({ id: passport.id, sku: listingSku('demo', passport.id) });
    }
    config = {
      dynamodbEndpoint: await harness.proxyTo(dynamodbEndpoint, 'DynamoDB'),
      tableName,
      channels: {
        shopify: `${await harness.proxyTo(sandboxes.shopify.origin, 'shopify')}${new URL(sandboxes.shopify.adminApiUrl).pathname}`,
        ebay: await harness.proxyTo(sandboxes.ebay.apiUrl, 'ebay'),
        backmarket: await harness.proxyTo(sandboxes.backmarket.apiUrl, 'backmarket'),
        refurbed: await harness.proxyTo(sandboxes.refurbed.apiUrl, 'refurbed'),
      },
      queueFile: join(harness.home, 'listing-changes.jsonl'),
      prepare: items.map(({ id }) => id),
      stepsFile: join(harness.home, 'listing-steps.txt'),
    };

    const kills = await harness.killedUntilFinished(config);

    // The kills hit the listing's transaction and the channels' creating writes.
    expect(kills.length, kills.join(', ')).toBeGreaterThanOrEqual(5);
    expect(kills, kills.join(', ')).toContain('DynamoDB TransactWriteItems');
    expect(kills.some((at) => !at.startsWith('DynamoDB')), kills.join(', ')).toBe(true);
    expect(new FileQueue(config.queueFile).pending()).toEqual([]);
    for (const { id, sku } of items) {
      expect((await store.getPassport(id))?.state, id).toBe('LISTED');
      for (const listing of await listings.listingsOf(id)) {
        expect(listing.state, `${id} on ${listing.channel}`).toBe('LISTED');
        // One listing on the channel (eBay makes a second offer for a second create), the one we recorded.
        expect(shownOn(listing.channel, sku).map(({ externalId, quantity }) => ({ externalId, quantity })), `${sku} on ${listing.channel}`).toEqual([
          { externalId: listing.listingId, quantity: 1 },
        ]);
      }
      expect((await listings.listingsOf(id)).map((listing) => listing.channel).sort(), id).toEqual([...CHANNELS].sort());
    }
  }, WORKERS_TIMEOUT);

  it("makes each person's withdrawal and relisting once, and the channel follows from the recorded events alone", async () => {
    expect(items, 'the items the listing test listed').toHaveLength(ITEMS);
    const eventsOf = async (id: string, type: string) => (await store.getTimeline(id)).filter((event) => event.type === type && 'by' in event.data);
    for (const [action, state, event] of [['withdraw', 'WITHDRAWN', 'ListingWithdrawn'], ['relist', 'LISTED', 'Listed']] as const) {
      const changes = items.map(({ id }) => ({ passportId: id, channel: 'ebay' as const, action }));

      const kills = await harness.killedUntilFinished({ ...config, prepare: [], changes });

      // The kills hit the changes' transactions and the channel's writes.
      expect(kills, kills.join(', ')).toContain('DynamoDB TransactWriteItems');
      expect(kills.some((at) => at.startsWith('ebay')), kills.join(', ')).toBe(true);
      expect(new FileQueue(config.queueFile).pending()).toEqual([]);
      for (const { id, sku } of items) {
        expect((await listings.get(id, 'ebay'))?.state, id).toBe(state);
        expect(await eventsOf(id, event), id).toHaveLength(1);
        expect(shownOn('ebay', sku).filter((listing) => listing.quantity > 0), `${sku} on eBay`).toHaveLength(action === 'withdraw' ? 0 : 1);
        expect(shownOn('shopify', sku).filter((listing) => listing.quantity > 0), `${sku} on Shopify`).toHaveLength(1);
      }
    }
  }, WORKERS_TIMEOUT);

  it('sells each item ordered on two channels once, cancels the other order, and leaves no channel selling it', async () => {
    expect(items, 'the items the listing test listed').toHaveLength(ITEMS);
    // Each item is ordered on two channels at once.
    const ordered = new Map<string, SalesChannelName[]>();
    for (const [index, { id, sku }] of items.entries()) {
      const pair = [CHANNELS[index % CHANNELS.length]!, CHANNELS[(index + 1) % CHANNELS.length]!];
      expect(await Promise.all(pair.map((channel) => order(origin(channel), sku)))).toEqual([201, 201]);
      ordered.set(id, pair);
    }

    // The sales' withdrawals of the other listings reach the channels from the recorded `Sold` events alone.
    const kills = await harness.killedUntilFinished({ ...config, prepare: [], relay: items.map(({ id }) => id) });

    // The kills hit the sale's transaction and writes to the channels (a withdrawal, a cancellation).
    expect(kills.length, kills.join(', ')).toBeGreaterThanOrEqual(5);
    expect(kills, kills.join(', ')).toContain('DynamoDB TransactWriteItems');
    expect(kills.some((at) => !at.startsWith('DynamoDB')), kills.join(', ')).toBe(true);
    expect(new FileQueue(config.queueFile).pending()).toEqual([]);
    const ledgers = new DynamoDbRepairNetworkStore(tableName, store, client);
    for (const { id, sku } of items) {
      const passport = await store.getPassport(id);
      expect(passport?.state, id).toBe('SOLD');
      const soldOn = passport!.sale!.channel;
      const cancelledOn = ordered.get(id)!.find((channel) => channel !== soldOn)!;
      expect(ordered.get(id), id).toContain(soldOn);
      const timeline = await store.getTimeline(id);
      expect(timeline.filter((event) => event.type === 'Sold'), id).toHaveLength(1);
      expect(timeline.filter((event) => event.type === 'OversoldCancelled').map((event) => event.data), id).toEqual([expect.objectContaining({ channel: cancelledOn, soldOn })]);
      expect((await ledgers.ledgerOf(id)).filter((entry) => entry.kind === 'SALE'), id).toHaveLength(1);
      const states = Object.fromEntries((await listings.listingsOf(id)).map((listing) => [listing.channel, listing.state]));
      expect(states, id).toEqual(Object.fromEntries(CHANNELS.map((channel) => [channel, channel === soldOn ? 'SOLD' : channel === cancelledOn ? 'CANCELLED' : 'WITHDRAWN'])));
      for (const channel of CHANNELS) {
        expect(shownOn(channel, sku).filter((listing) => listing.quantity > 0), `${channel} still sells ${sku}`).toEqual([]);
        const lines = sandboxes[channel].orders().filter((line) => line.sku === sku);
        expect(lines.map((line) => line.cancelled), `${channel}'s orders of ${sku}`).toEqual(channel === soldOn ? [false] : channel === cancelledOn ? [true] : []);
      }
    }
    const checker = resale({ store, listings, ledgers, queue: { send: async () => undefined }, channelFor: sandboxChannels(direct), now: () => new Date() });
    // Every listing, the sold ones among them (sold within the week the reconciliation checks them).
    expect(await checker.reconcile()).toEqual({ checked: ITEMS * CHANNELS.length, repaired: 0, failedChannels: [] });
  }, WORKERS_TIMEOUT);
});
