import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPassportRepairRecords } from '../../shared/adapters/dynamodb/repair-network-store';
import { listingSku } from '../../shared/domain/listing-sku';
import type { SalesChannelName } from '../../shared/domain/listings';
import type { ChannelOrder } from '../../shared/ports/sales-channel';
import { newId } from '../../shared/services/tokens';
import { aListedRepairedPassport, type Resale, resale } from '../support/resale';
import { type ChannelSandboxes, type sandboxChannels, startChannelSandboxes } from '../support/sales-channels';
import { order } from '../support/sandbox-order';
import { createTableLikeStack, localDynamoDb } from '../support/table';

// eBay refunds an oversold line of an order with other lines (`issue_refund`) later: it answers PENDING, and the
// order's `paymentSummary.refunds` says later whether the refund was made or failed. The scheduled order poll follows it.
describe('an eBay refund of an oversold order line, which eBay settles later', () => {
  const tableName = `ebay-refunds-${newId()}`;
  const client = localDynamoDb(inject('dynamodbEndpoint'));
  const store = new DynamoDbSeedingPassportStore(tableName, client);
  const listings = new DynamoDbListingStore(tableName, client);
  const ledgers = new DynamoDbPassportRepairRecords(tableName, client);
  const queue = { send: async () => {} };
  const logged: Record<string, unknown>[] = [];
  let sandboxes: ChannelSandboxes;
  let service: Resale;
  let channelFor: ReturnType<typeof sandboxChannels>;

  beforeAll(async () => {
    await createTableLikeStack(client, tableName);
    await store.putCatalog(demoBrand);
    ({ sandboxes, channelFor } = await startChannelSandboxes());
    service = resale({ ledgers, store, listings, queue, channelFor, now: () => new Date(), log: (message, details) => logged.push({ message, ...details }) });
  });
  afterAll(async () => {
    await Promise.all(Object.values(sandboxes).map((sandbox) => sandbox.stop()));
  });
  afterEach(() => sandboxes.ebay.setFaults({}));

  const aListedPassport = () => aListedRepairedPassport(store, service);

  async function polledLine(channel: SalesChannelName, sku: string): Promise<ChannelOrder> {
    const { orders } = await (await channelFor((await store.getCatalog('demo'))!, channel)).pollOrders(undefined);
    return orders.find((candidate) => candidate.sku === sku) ?? expect.fail(`no order of ${sku} on ${channel}`);
  }

  /**
   * An item sold on Back Market first, then ordered on eBay in one order with another item; the order poll records the
   * eBay order, and eBay answers the oversold line's refund PENDING and holds it so.
   */
  async function anOversoldLineWhoseRefundIsPending() {
    const [kept, oversold] = [await aListedPassport(), await aListedPassport()];
    const [keptSku, oversoldSku] = [listingSku('demo', kept), listingSku('demo', oversold)];
    expect(await order(sandboxes.backmarket.apiUrl, oversoldSku)).toBe(201);
    expect(await service.recordSale('backmarket', await polledLine('backmarket', oversoldSku), { brand: 'demo' })).toBe('SOLD');
    expect(await order(sandboxes.ebay.apiUrl, [keptSku, oversoldSku])).toBe(201);
    sandboxes.ebay.setFaults({ holdRefunds: 1 });

    expect((await service.pollOrders()).failedChannels).toEqual([]);

    const line = await polledLine('ebay', oversoldSku);
    const ebayLines = () => sandboxes.ebay.orders().filter((candidate) => candidate.orderId === line.orderId);
    expect(ebayLines()).toEqual([expect.objectContaining({ sku: keptSku, cancelled: false }), expect.objectContaining({ sku: oversoldSku, cancelled: true })]);
    expect(await store.getPassport(kept)).toMatchObject({ state: 'SOLD', sale: { channel: 'ebay' } });
    const timeline = await store.getTimeline(oversold);
    expect(timeline.filter((event) => event.type === 'OversoldCancelled')).toEqual([expect.objectContaining({ data: expect.objectContaining({ channel: 'ebay', orderId: line.orderId }) })]);
    expect(timeline.filter((event) => event.type === 'OversoldCancellationRefused')).toEqual([]);
    return { oversold, line, ebayLines };
  }

  const refusals = async (passportId: string) => (await store.getTimeline(passportId)).filter((event) => event.type === 'OversoldCancellationRefused');
  const pendingOf = async (passportId: string) => (await listings.pendingRefunds('demo', 'ebay')).filter((refund) => refund.passportId === passportId);

  it('a refund eBay fails after answering PENDING is left to a person once, also when two polls follow it at once, and is not asked again', async () => {
    const { oversold, line, ebayLines } = await anOversoldLineWhoseRefundIsPending();
    expect(await pendingOf(oversold)).toEqual([expect.objectContaining({ orderId: line.orderId, lineId: line.lineId })]);

    const [failed] = sandboxes.ebay.settleRefunds('FAILED');
    const polls = await Promise.all([service.pollOrders(), service.pollOrders()]);

    expect(polls.map((poll) => poll.failedChannels)).toEqual([[], []]);
    expect(await refusals(oversold)).toEqual([
      expect.objectContaining({ data: { channel: 'ebay', orderId: line.orderId, lineId: line.lineId, reason: expect.stringContaining(`refund ${failed} of line ${line.lineId}`) } }),
    ]);
    expect(logged).toContainEqual(expect.objectContaining({ message: 'the channel refused to cancel an oversold order; cancel it there by hand', channel: 'ebay', orderId: line.orderId, passportId: oversold }));
    expect(await pendingOf(oversold)).toEqual([]);
    // The person refunds the buyer on eBay: the platform asks eBay for no other refund behind their back.
    await service.pollOrders();
    expect(ebayLines().map((candidate) => candidate.cancelled)).toEqual([false, false]);
    expect(await refusals(oversold)).toHaveLength(1);
  });

  it('a refund eBay fails is not asked again when its order is read before the poll follows the refund', async () => {
    const { oversold, line, ebayLines } = await anOversoldLineWhoseRefundIsPending();
    // Another item sells on eBay: its sync finds eBay without stock and records eBay's orders before it lists again.
    const other = await aListedPassport();
    expect(await order(sandboxes.ebay.apiUrl, listingSku('demo', other))).toBe(201);
    const [failed] = sandboxes.ebay.settleRefunds('FAILED');

    await service.syncListing({ passportId: other, channel: 'ebay' });

    expect(await store.getPassport(other)).toMatchObject({ state: 'SOLD', sale: { channel: 'ebay' } });
    const refundsOfLine = () => sandboxes.ebay.refunds().filter((refund) => refund.lineItemId === line.lineId);
    expect(refundsOfLine()).toEqual([expect.objectContaining({ refundId: failed, refundStatus: 'FAILED' })]);
    expect(await refusals(oversold)).toEqual([expect.objectContaining({ data: expect.objectContaining({ reason: expect.stringContaining(`refund ${failed} of line ${line.lineId}`) }) })]);
    expect(await pendingOf(oversold)).toEqual([]);
    expect((await service.pollOrders()).failedChannels).toEqual([]);
    expect(refundsOfLine()).toHaveLength(1);
    expect(await refusals(oversold)).toHaveLength(1);
    expect(ebayLines().map((candidate) => candidate.cancelled)).toEqual([false, false]);
  });

  it('a refund eBay makes after answering PENDING is forgotten, and nothing is left to a person', async () => {
    const { oversold, ebayLines } = await anOversoldLineWhoseRefundIsPending();
    expect(await pendingOf(oversold)).toHaveLength(1);

    sandboxes.ebay.settleRefunds('REFUNDED');
    expect((await service.pollOrders()).failedChannels).toEqual([]);
    await service.pollOrders();

    expect(await pendingOf(oversold)).toEqual([]);
    expect(await refusals(oversold)).toEqual([]);
    expect(ebayLines().map((candidate) => candidate.cancelled)).toEqual([false, true]);
  });
});
