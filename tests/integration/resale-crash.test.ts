import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startCountingProxy, type CountingProxy, type ProxiedCall } from '../../bench/counting-proxy';
import { LAMBDA_BUNDLE_OPTIONS } from '../../infra/function-bundles';
import { startBackMarketSandbox } from '../../local/sandboxes/backmarket/sandbox';
import { startEbaySandbox } from '../../local/sandboxes/ebay/sandbox';
import { startRefurbedSandbox } from '../../local/sandboxes/refurbed/sandbox';
import { startShopifySandbox } from '../../local/sandboxes/shopify/sandbox';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { listingSku } from '../../shared/domain/listing-sku';
import type { SalesChannelName } from '../../shared/domain/listings';
import { ResaleService } from '../../shared/services/resale-service';
import { newId } from '../../shared/services/tokens';
import { FileQueue } from '../support/file-queue';
import { aPassport, aQuote } from '../support/fixtures';
import type { ResaleWorkerConfig } from '../support/resale-worker';
import { type ChannelApis, sandboxChannels } from '../support/sales-channels';
import { order } from '../support/sandbox-order';
import { createTableLikeStack, localDynamoDb } from '../support/table';

// Exactly-once resale under kill -9 (DESIGN.md §9). The listing workflow, the order poller and the
// listing-sync consumer run in a child process (`tests/support/resale-worker.ts`), which is killed
// with SIGKILL when the answer to its n-th write (to DynamoDB Local or a channel sandbox) comes
// back: the write is done, and the worker never learns it. Then again and again, with n = 1, 1, 2,
// 2, 3, …, until a worker finishes. What a killed worker left undone is done by the next one, as
// on AWS by a retried step, the next poll and the queue's redelivery. DynamoDB Local, the channel
// sandboxes and the queue's file outlive the worker, as the table, the channels and SQS outlive a
// Lambda's execution environment.

const ROOT = resolve(__dirname, '../..');
const ITEMS = 4;
const CHANNELS: readonly SalesChannelName[] = ['shopify', 'ebay', 'backmarket', 'refurbed'];
/** A bound against a worker that never finishes; each test needs 20 to 30. */
const MAX_WORKERS = 80;
/** Each test took 6–9 s alone; its own timeout is against a hang on a loaded machine. */
const WORKERS_TIMEOUT = 300_000;

/**
 * The write of its own, counted from 1, at whose answer the worker of round `round` is killed: 1, 1, 2, 2, 3, …
 * Each worker redoes what its predecessor may have left undone (a listing on eBay takes three writes,
 * a poll handles again the orders after the stored cursor), so workers always killed early would never
 * finish; kills that come later and later guarantee that one does.
 */
const killPoint = (round: number) => 1 + Math.floor(round / 2);

/** A request that changes something: what it is (the DynamoDB operation, the channel call), else `undefined`. */
function writeOf(service: string, call: ProxiedCall): string | undefined {
  const operation = call.headers['x-amz-target'];
  if (typeof operation === 'string') {
    const name = operation.split('.').at(-1)!;
    return /^(Put|Update|Delete|TransactWrite|BatchWrite)/.test(name) ? `${service} ${name}` : undefined;
  }
  // Shopify's reads are GraphQL queries sent with POST too, as are Refurbed's List and Get calls.
  const body = call.body.toString('utf8');
  const isWrite = service === 'shopify' ? body.includes('"query":"mutation') : call.method !== 'GET' && !/Service\/(List|Get|Find)/.test(call.path);
  return isWrite ? `${service} ${call.method} ${call.path.split('?')[0]}` : undefined;
}

interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

describe('resale when its worker is killed with SIGKILL again and again', () => {
  const tableName = `resale-crash-${newId()}`;
  const dynamodbEndpoint = inject('dynamodbEndpoint');
  const client = localDynamoDb(dynamodbEndpoint);
  const store = new DynamoDbPassportStore(tableName, client);
  const listings = new DynamoDbListingStore(tableName, client);
  let home = '';
  let workerBundle = '';
  let sandboxes: {
    shopify: Awaited<ReturnType<typeof startShopifySandbox>>;
    ebay: Awaited<ReturnType<typeof startEbaySandbox>>;
    backmarket: Awaited<ReturnType<typeof startBackMarketSandbox>>;
    refurbed: Awaited<ReturnType<typeof startRefurbedSandbox>>;
  };
  const proxies: CountingProxy[] = [];
  let worker: ChildProcess | undefined;
  /** The workers' writes so far, and the one whose answer kills the running worker. */
  let writes = 0;
  let killAt = Number.POSITIVE_INFINITY;
  const killedAt: string[] = [];

  const origin = (channel: SalesChannelName) => (channel === 'shopify' ? sandboxes.shopify.origin : sandboxes[channel].apiUrl);

  /** A proxy in front of `target`: the worker's every request goes through one, and the write at `killAt` kills it. */
  async function proxyTo(target: string, name: string): Promise<string> {
    const proxy = await startCountingProxy({
      record: (call: ProxiedCall) => {
        const write = writeOf(name, call);
        if (!write) return;
        writes += 1;
        if (writes !== killAt || !worker) return;
        worker.kill('SIGKILL');
        killedAt.push(write);
      },
    });
    proxy.target = target;
    proxies.push(proxy);
    return proxy.url;
  }

  function runWorker(config: ResaleWorkerConfig): Promise<WorkerExit> {
    let stderr = '';
    const child = spawn(process.execPath, [workerBundle], {
      env: { ...process.env, RESALE_WORKER: JSON.stringify(config) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    worker = child;
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-6000);
    });
    return new Promise((done) => child.once('close', (code, signal) => done({ code, signal, stderr })));
  }

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'kreislauf-resale-crash-'));
    // Bundled once, as a Lambda's code is, so that each worker starts in a fraction of a second.
    workerBundle = join(home, 'resale-worker.cjs');
    await build({ ...LAMBDA_BUNDLE_OPTIONS, entryPoints: [join(ROOT, 'tests/support/resale-worker.ts')], outfile: workerBundle });
    await createTableLikeStack(client, tableName);
    await store.putCatalog(demoBrand);
    const [shopify, ebay, backmarket, refurbed] = await Promise.all([startShopifySandbox(), startEbaySandbox(), startBackMarketSandbox(), startRefurbedSandbox()]);
    sandboxes = { shopify, ebay, backmarket, refurbed };
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await Promise.all([...proxies.map((proxy) => proxy.stop()), ...Object.values(sandboxes ?? {}).map((sandbox) => sandbox.stop())]);
    if (home) await rm(home, { recursive: true, force: true });
  });

  /** Workers killed at the answer of one of their first writes each, until one finishes; the kills, by what they hit. */
  async function killedUntilFinished(config: ResaleWorkerConfig): Promise<string[]> {
    const from = killedAt.length;
    for (let round = 0; round < MAX_WORKERS; round++) {
      killAt = writes + killPoint(round);
      const exit = await runWorker(config);
      if (exit.code === 0) return killedAt.slice(from);
      expect(exit.signal, `worker ${round} failed (${exit.code}):\n${exit.stderr}`).toBe('SIGKILL');
    }
    throw new Error(`no worker finished; killed at ${killedAt.slice(from).join(', ')}`);
  }

  let config: ResaleWorkerConfig;
  let direct: ChannelApis;
  const items: { id: string; sku: string }[] = [];
  const shownOn = (channel: SalesChannelName, sku: string) => sandboxes[channel].listings().filter((listing) => listing.sku === sku);

  it('lists each repaired item once on each channel', async () => {
    direct = { shopify: sandboxes.shopify.adminApiUrl, ebay: sandboxes.ebay.apiUrl, backmarket: sandboxes.backmarket.apiUrl, refurbed: sandboxes.refurbed.apiUrl };
    for (let index = 0; index < ITEMS; index++) {
      const quote = aQuote();
      await store.saveQuote(quote);
      const passport = aPassport(quote, { state: 'REPAIRED', grading: { grade: 'LIKE_NEW', by: 'grader', at: '2026-11-02T10:00:00.000Z' } });
      await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
      items.push({ id: passport.id, sku: listingSku('demo', passport.id) });
    }
    config = {
      dynamodbEndpoint: await proxyTo(dynamodbEndpoint, 'DynamoDB'),
      tableName,
      channels: {
        shopify: `${await proxyTo(sandboxes.shopify.origin, 'shopify')}${new URL(sandboxes.shopify.adminApiUrl).pathname}`,
        ebay: await proxyTo(sandboxes.ebay.apiUrl, 'ebay'),
        backmarket: await proxyTo(sandboxes.backmarket.apiUrl, 'backmarket'),
        refurbed: await proxyTo(sandboxes.refurbed.apiUrl, 'refurbed'),
      },
      queueFile: join(home, 'listing-changes.jsonl'),
      prepare: items.map(({ id }) => id),
      stepsFile: join(home, 'listing-steps.txt'),
    };

    const kills = await killedUntilFinished(config);

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

  it('sells each item ordered on two channels once, cancels the other order, and leaves no channel selling it', async () => {
    // Each item is ordered on two channels at once.
    const ordered = new Map<string, SalesChannelName[]>();
    for (const [index, { id, sku }] of items.entries()) {
      const pair = [CHANNELS[index % CHANNELS.length]!, CHANNELS[(index + 1) % CHANNELS.length]!];
      expect(await Promise.all(pair.map((channel) => order(origin(channel), sku)))).toEqual([201, 201]);
      ordered.set(id, pair);
    }

    const kills = await killedUntilFinished({ ...config, prepare: [] });

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
    const checker = new ResaleService({ store, listings, queue: { send: async () => undefined }, channelFor: sandboxChannels(direct), now: () => new Date() });
    expect(await checker.reconcile()).toEqual({ checked: ITEMS * 3, repaired: 0 });
  }, WORKERS_TIMEOUT);
});
