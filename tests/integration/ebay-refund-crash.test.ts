import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SHIPPING_COST, startEbaySandbox } from '../../local/sandboxes/ebay/sandbox';
import { startShopifySandbox } from '../../local/sandboxes/shopify/sandbox';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPassportRepairRecords } from '../../shared/adapters/dynamodb/repair-network-store';
import type { BrandCatalog } from '../../shared/domain/catalog';
import { listingSku } from '../../shared/domain/listing-sku';
import { newId } from '../../shared/services/tokens';
import { FileQueue } from '../support/file-queue';
import { type KillHarness, startKillHarness } from '../support/kill-harness';
import { aListedRepairedPassport, resale } from '../support/resale';
import type { ResaleWorkerConfig } from '../support/resale-worker';
import { sandboxChannels } from '../support/sales-channels';
import { order } from '../support/sandbox-order';
import { createTableLikeStack, localDynamoDb } from '../support/table';

// An oversold eBay line in an order with another line is refunded alone (`issue_refund`), and eBay answers PENDING:
// the refund is kept and followed by the order poll until eBay settles it (docs/sales-channels.md). Here with the order
// poller and the listing-sync consumer in a worker process (`tests/support/resale-worker.ts`) that
// `tests/support/kill-harness.ts` kills with SIGKILL at the answer of its n-th write (to DynamoDB Local or a channel
// sandbox), again and again, until a worker finishes: first through the sales, the cancellations and their refunds,
// then, once eBay has settled the refunds (some made, some failed), through the polls that follow them.

const ROOT = resolve(__dirname, '../..');
/** Items sold on Shopify and also ordered on eBay, each in an order with another item of ours, which sells there. */
const PAIRS = 4;
/** Of the eBay refunds, those of the first FAILED_REFUNDS pairs fail; the others are made. */
const FAILED_REFUNDS = 2;
/** A hang on a loaded machine fails the test rather than the run. */
const WORKERS_TIMEOUT = 300_000;

/** The demo brand selling on Shopify and eBay alone, which keeps the workers' writes (and so their number) down. */
const brand: BrandCatalog = {
  ...demoBrand,
  config: { ...demoBrand.config, resale: { ...demoBrand.config.resale!, channels: { shopify: demoBrand.config.resale!.channels.shopify!, ebay: demoBrand.config.resale!.channels.ebay! } } },
};
/** The channels the brand does not sell on, which no worker calls (one that did would fail to connect, and the test). */
const UNUSED_CHANNEL = 'http://127.0.0.1:9';

describe('an oversold eBay line whose refund eBay answers PENDING, when the worker is killed with SIGKILL again and again', () => {
  const tableName = `ebay-refund-crash-${newId()}`;
  const dynamodbEndpoint = inject('dynamodbEndpoint');
  const client = localDynamoDb(dynamodbEndpoint);
  const store = new DynamoDbSeedingPassportStore(tableName, client);
  const listings = new DynamoDbListingStore(tableName, client);
  const ledgers = new DynamoDbPassportRepairRecords(tableName, client);
  let harness: KillHarness;
  let shopify: Awaited<ReturnType<typeof startShopifySandbox>>;
  let ebay: Awaited<ReturnType<typeof startEbaySandbox>>;

  beforeAll(async () => {
    harness = await startKillHarness(join(ROOT, 'tests/support/resale-worker.ts'));
    await createTableLikeStack(client, tableName);
    await store.putCatalog(brand);
    [shopify, ebay] = await Promise.all([startShopifySandbox(), startEbaySandbox()]);
  });
  afterAll(async () => {
    await Promise.all([harness?.stop(), shopify?.stop(), ebay?.stop()]);
  });

  it('refunds each line once, records each failed refund once and forgets the made ones', async () => {
    // Listed without kills (the listing under kill -9 is resale-crash.test.ts's): each pair's items on both channels.
    const channelFor = sandboxChannels({ shopify: shopify.adminApiUrl, ebay: ebay.apiUrl, backmarket: UNUSED_CHANNEL, refurbed: UNUSED_CHANNEL });
    const lister = resale({ store, listings, ledgers, queue: { send: async () => undefined }, channelFor, now: () => new Date() });
    const pairs: { oversold: string; kept: string }[] = [];
    for (let index = 0; index < PAIRS; index++) pairs.push({ oversold: await aListedRepairedPassport(store, lister), kept: await aListedRepairedPassport(store, lister) });
    const ids = pairs.flatMap(({ oversold, kept }) => [oversold, kept]);
    const sku = (id: string) => listingSku('demo', id);

    // Each oversold item is ordered on Shopify, which the poll reads before eBay, and on eBay with its pair's other item.
    for (const { oversold, kept } of pairs) {
      expect(await order(shopify.origin, sku(oversold))).toBe(201);
      expect(await order(ebay.apiUrl, [sku(kept), sku(oversold)])).toBe(201);
    }
    ebay.setFaults({ holdRefunds: PAIRS });
    const config: ResaleWorkerConfig = {
      dynamodbEndpoint: await harness.proxyTo(dynamodbEndpoint, 'DynamoDB'),
      tableName,
      channels: {
        shopify: `${await harness.proxyTo(shopify.origin, 'shopify')}${new URL(shopify.adminApiUrl).pathname}`,
        ebay: await harness.proxyTo(ebay.apiUrl, 'ebay'),
        backmarket: UNUSED_CHANNEL,
        refurbed: UNUSED_CHANNEL,
      },
      queueFile: join(harness.home, 'listing-changes.jsonl'),
      prepare: [],
      relay: ids,
      stepsFile: join(harness.home, 'steps.txt'),
    };

    const refundsOf = (id: string) => ebay.refunds().filter((refund) => refund.sku === sku(id));
    const eventsOf = async (id: string, type: string) => (await store.getTimeline(id)).filter((event) => event.type === type);
    const pending = () => listings.pendingRefunds('demo', 'ebay');
    /** What the buyer paid for an oversold line: our eBay listing's price and the line's shipping. */
    const owed = async (id: string) => {
      const price = (await listings.get(id, 'ebay'))!.price;
      return { value: ((price.amount + Math.round(Number(SHIPPING_COST) * 100)) / 100).toFixed(2), currency: price.currency };
    };
    const expectSoldOnce = async () => {
      for (const { oversold, kept } of pairs) {
        expect(await store.getPassport(oversold), oversold).toMatchObject({ state: 'SOLD', sale: { channel: 'shopify' } });
        expect(await store.getPassport(kept), kept).toMatchObject({ state: 'SOLD', sale: { channel: 'ebay' } });
        for (const id of [oversold, kept]) {
          expect(await eventsOf(id, 'Sold'), id).toHaveLength(1);
          expect((await ledgers.ledgerOf(id)).filter((entry) => entry.kind === 'SALE'), id).toHaveLength(1);
        }
        expect((await eventsOf(oversold, 'OversoldCancelled')).map((event) => event.data), oversold).toEqual([expect.objectContaining({ channel: 'ebay', soldOn: 'shopify' })]);
        expect(await eventsOf(kept, 'OversoldCancelled'), kept).toEqual([]);
        expect(refundsOf(kept), `refunds of ${kept}`).toEqual([]);
      }
    };

    // The sales, the cancellations refunded alone (eBay holds the refunds PENDING), and the polls that find them pending.
    const selling = await harness.killedUntilFinished(config);

    expect(selling, selling.join(', ')).toContain('DynamoDB TransactWriteItems');
    expect(selling.some((at) => /^ebay POST \/sell\/fulfillment\/v1\/order\/[^/]+\/issue_refund$/.test(at)), selling.join(', ')).toBe(true);
    expect(new FileQueue(config.queueFile).pending()).toEqual([]);
    await expectSoldOnce();
    for (const { oversold } of pairs) {
      expect(refundsOf(oversold).map(({ amount, refundStatus }) => ({ amount, refundStatus })), `refunds of ${oversold}`).toEqual([{ amount: await owed(oversold), refundStatus: 'PENDING' }]);
      expect(await eventsOf(oversold, 'OversoldCancellationRefused'), oversold).toEqual([]);
    }
    // Each refund kept once, for the poll to follow, under the id eBay gave it.
    expect((await pending()).map(({ passportId, refundId }) => ({ passportId, refundId })).sort((a, b) => a.passportId.localeCompare(b.passportId))).toEqual(
      pairs.map(({ oversold }) => ({ passportId: oversold, refundId: refundsOf(oversold)[0]!.refundId })).sort((a, b) => a.passportId.localeCompare(b.passportId)),
    );

    // eBay settles the first pairs' refunds as failed and the others as made; the polls that follow them are killed.
    const failing = pairs.slice(0, FAILED_REFUNDS).map(({ oversold }) => refundsOf(oversold)[0]!.refundId);
    expect(ebay.settleRefunds('FAILED', failing)).toEqual(failing);
    expect(ebay.settleRefunds('REFUNDED')).toHaveLength(PAIRS - FAILED_REFUNDS);
    const following = await harness.killedUntilFinished(config);

    // The kills hit the failed refunds' transactions (event, mark, record's deletion) and the made ones' deletions.
    expect(following, following.join(', ')).toContain('DynamoDB TransactWriteItems');
    expect(following, following.join(', ')).toContain('DynamoDB DeleteItem');
    expect(new FileQueue(config.queueFile).pending()).toEqual([]);
    await expectSoldOnce();
    expect(await pending()).toEqual([]);
    for (const [index, { oversold }] of pairs.entries()) {
      const failed = index < FAILED_REFUNDS;
      const [refund] = refundsOf(oversold);
      // Still one refund of the line: none asked again after the failed one, which a person settles on eBay.
      expect(refundsOf(oversold).map(({ amount, refundStatus }) => ({ amount, refundStatus })), `refunds of ${oversold}`).toEqual([{ amount: await owed(oversold), refundStatus: failed ? 'FAILED' : 'REFUNDED' }]);
      expect((await eventsOf(oversold, 'OversoldCancellationRefused')).map((event) => event.data), oversold).toEqual(
        failed ? [{ channel: 'ebay', orderId: refund!.orderId, lineId: refund!.lineItemId, reason: expect.stringContaining(`refund ${refund!.refundId} of line ${refund!.lineItemId}`) }] : [],
      );
      expect(ebay.orders().filter((line) => line.orderId === refund!.orderId).map((line) => ({ sku: line.sku, cancelled: line.cancelled })), `eBay's order ${refund!.orderId}`).toEqual(
        expect.arrayContaining([{ sku: sku(oversold), cancelled: !failed }, { sku: sku(pairs[index]!.kept), cancelled: false }]),
      );
    }
  }, WORKERS_TIMEOUT);
});
