import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { ConflictError, NotFoundError, UnprocessableError } from '../../shared/domain/errors';
import { listingSku } from '../../shared/domain/listing-sku';
import type { Staff } from '../../shared/http/staff';
import type { ChannelOrder } from '../../shared/ports/sales-channel';
import type { SaleReturnRequest } from '../../shared/schemas/staff';
import { SaleReturns } from '../../shared/services/sale-returns';
import { newId } from '../../shared/services/tokens';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { aPassportToResell, resale } from '../support/resale';
import { startKillHarness } from '../support/kill-harness';
import type { SaleReturnWorkerConfig } from '../support/sale-return-worker';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const ops: Staff = { subject: 'ops-1', brand: 'demo', roles: ['ops'] };
/** The demo brand's channel accounts, where these orders are polled from. */
const DEMO = { brand: 'demo' };
const returned: SaleReturnRequest = { reason: 'CHANGED_MIND', route: 'RESELL', notes: 'Unused, in its box' };

describe('a sold item its buyer sent back', () => {
  const tableName = `sale-returns-${newId()}`;
  const client = localDynamoDb(inject('dynamodbEndpoint'));
  const store = new DynamoDbSeedingPassportStore(tableName, client);
  const listings = new DynamoDbListingStore(tableName, client);
  const network = new DynamoDbRepairNetworkStore(tableName, store, client);
  const queued: string[] = [];
  // No channel is called: listing, selling and returning are records; the channels follow from the queue.
  const service = resale({
    store,
    listings,
    ledgers: network,
    queue: { send: async (changes) => void queued.push(...changes.map(({ channel }) => channel)) },
    channelFor: async () => {
      throw new Error('no channel is called here');
    },
    now: () => new Date(),
  });
  const returns = new SaleReturns({ store, listings, passports: new WorkQueueService({ store, network }), now: () => new Date() });

  beforeAll(async () => {
    await createTableLikeStack(client, tableName);
    await store.putCatalog(demoBrand);
  });

  /** A phone graded for resale and paid, listed on the demo brand's channels, sold on eBay. */
  async function aSoldPassport(orderId = `o-${newId()}`): Promise<{ id: string; sold: ChannelOrder }> {
    const id = await aPassportToResell(store);
    expect(await service.prepareListings(id)).toMatchObject({ outcome: 'LISTED' });
    const sold: ChannelOrder = { orderId, lineId: '1', sku: listingSku('demo', id), price: eur(24_900), shipping: eur(499), fee: eur(2_988), orderedAt: new Date().toISOString() };
    expect(await service.recordSale('ebay', sold, DEMO)).toBe('SOLD');
    return { id, sold };
  }

  const ledgerKinds = async (id: string) => (await network.ledgerOf(id)).map((entry) => entry.kind).sort();
  const eventsOf = async (id: string, type: string) => (await store.getTimeline(id)).filter((event) => event.type === type);

  it('routes the item again, books the refund and the fee credited back, and clears the sale, in one move', async () => {
    const { id, sold } = await aSoldPassport();

    const detail = await returns.recordReturn(ops, id, { ...returned, feeRefunded: eur(2_490) });

    expect(detail).toMatchObject({
      state: 'GRADED',
      route: { route: 'RESELL', overriddenBy: 'ops-1' },
      saleReturn: { channel: 'ebay', orderId: sold.orderId, reason: 'CHANGED_MIND', refund: eur(25_399), feeRefunded: eur(2_490), route: 'RESELL', notes: 'Unused, in its box', by: 'ops-1' },
      economics: { margin: expect.any(Number) },
    });
    const passport = (await store.getPassport(id))!;
    expect(passport.sale).toBeUndefined();
    expect(await ledgerKinds(id)).toEqual(['CHANNEL_FEE', 'FEE_REFUND', 'SALE', 'SALE_REFUND', 'SHIPPING']);
    const [event] = await eventsOf(id, 'SaleReturned');
    expect(event).toMatchObject({ state: 'GRADED', data: { channel: 'ebay', orderId: sold.orderId, refund: eur(25_399), feeRefunded: eur(2_490), route: 'RESELL', by: 'ops-1' } });
    expect(event!.data.soldAt).toBe((await eventsOf(id, 'Sold'))[0]!.at);
  });

  it('lists the item again on every channel, and its next sale is booked apart and tells no customer again', async () => {
    const { id, sold } = await aSoldPassport();
    const before = (await listings.listingsOf(id)).map(({ channel }) => channel).sort();
    await returns.recordReturn(ops, id, returned);

    expect(await service.prepareListings(id)).toMatchObject({ outcome: 'LISTED' });
    expect((await listings.listingsOf(id)).map(({ channel, state }) => [channel, state])).toEqual(before.map((channel) => [channel, 'LISTED']));
    // The returned order seen again (a poll after the channel refunded it) changes nothing.
    expect(await service.recordSale('ebay', sold, DEMO)).toBe('SOLD');
    expect((await store.getPassport(id))!.state).toBe('LISTED');

    const elsewhere = before.find((channel) => channel !== 'ebay')!;
    const again: ChannelOrder = { ...sold, orderId: `${sold.orderId}-2` };
    expect(await service.recordSale(elsewhere, again, DEMO)).toBe('SOLD');
    const sales = await eventsOf(id, 'Sold');
    expect(sales.map((sale) => [sale.data.channel, sale.data.afterReturn])).toEqual([
      ['ebay', undefined],
      [elsewhere, true],
    ]);
    expect((await network.ledgerOf(id)).filter((entry) => entry.kind === 'SALE').map((entry) => entry.entryId).sort()).toEqual(
      [`SALE#ebay#${sold.orderId}`, `SALE#${elsewhere}#${again.orderId}`].sort(),
    );
  });

  it.each(['RECYCLE', 'REPAIR'] as const)('takes the sold listing off SOLD, with the return, when the item goes to %s', async (route) => {
    const { id } = await aSoldPassport();

    await returns.recordReturn(ops, id, { ...returned, route });

    expect(await listings.get(id, 'ebay')).toMatchObject({ state: 'WITHDRAWN' });
    expect((await listings.listingsOf(id)).map((listing) => listing.state)).not.toContain('SOLD');
    expect((await listings.allInState('demo', 'SOLD')).map((listing) => listing.passportId)).not.toContain(id);
    // The reports move the item from the route it was sold on to the one the return chose.
    expect((await eventsOf(id, 'SaleReturned'))[0]).toMatchObject({ data: { from: 'RESELL', route } });
  });

  it('shows on the sold listing what its buyer paid, not a price a person set between the order and its recording', async () => {
    const id = await aPassportToResell(store);
    await service.prepareListings(id);
    const order: ChannelOrder = { orderId: `o-${newId()}`, lineId: '1', sku: listingSku('demo', id), price: eur(38_700), fee: eur(4_644), orderedAt: new Date().toISOString() };
    await service.changeListing(ops, id, 'ebay', { action: 'price', price: eur(37_500), acceptLoss: { reason: 'a test' } });

    expect(await service.recordSale('ebay', order, DEMO)).toBe('SOLD');

    expect(await listings.get(id, 'ebay')).toMatchObject({ state: 'SOLD', price: eur(38_700), fee: eur(4_644) });
    expect((await network.ledgerOf(id)).find((entry) => entry.kind === 'SALE')?.amount).toEqual(eur(38_700));
  });

  it('records one return when the same person sends it ten times at once, and answers each as it stands', async () => {
    const { id } = await aSoldPassport();

    const answers = await Promise.allSettled(Array.from({ length: 10 }, () => returns.recordReturn(ops, id, returned)));

    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill('fulfilled'));
    expect(await eventsOf(id, 'SaleReturned')).toHaveLength(1);
    expect((await ledgerKinds(id)).filter((kind) => kind === 'SALE_REFUND')).toHaveLength(1);
    expect(await listings.get(id, 'ebay')).toMatchObject({ state: 'WITHDRAWN' });
  });

  it('lets one of two different returns at once win, and refuses the other as a conflict', async () => {
    const { id } = await aSoldPassport();

    const answers = await Promise.allSettled([
      returns.recordReturn(ops, id, returned),
      returns.recordReturn({ ...ops, subject: 'ops-2' }, id, { reason: 'DEFECTIVE', route: 'REPAIR' }),
    ]);

    expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(1);
    const [refused] = answers.filter((answer) => answer.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await eventsOf(id, 'SaleReturned')).toHaveLength(1);
  });

  it('refuses an item that is not sold, another brand, and a refund above what the buyer paid, writing nothing', async () => {
    const { id } = await aSoldPassport();
    const version = (await store.getPassport(id))!.version;

    await expect(returns.recordReturn(ops, id, { ...returned, refund: eur(25_400) })).rejects.toBeInstanceOf(UnprocessableError);
    await expect(returns.recordReturn({ ...ops, brand: 'other' }, id, returned)).rejects.toBeInstanceOf(NotFoundError);
    expect((await store.getPassport(id))!.version).toBe(version);

    const { id: listed } = await aSoldPassport();
    await returns.recordReturn(ops, listed, returned);
    await service.prepareListings(listed);
    await expect(returns.recordReturn({ ...ops, subject: 'ops-2' }, listed, returned)).rejects.toMatchObject({ extensions: { currentState: 'LISTED' } });
  });

  // Under kill -9 (DESIGN.md §9, `tests/support/kill-harness.ts`): the route's service in a worker process
  // (`tests/support/sale-return-worker.ts`) killed with SIGKILL at the answer of its n-th write to DynamoDB
  // Local, again and again, until a worker finishes. A worker killed when its transaction has committed never
  // answers; the next one, asked the same, must find the return recorded and write nothing more.
  describe('when its request is killed with SIGKILL again and again', () => {
    let harness: Awaited<ReturnType<typeof startKillHarness>>;
    beforeAll(async () => {
      harness = await startKillHarness(join(new URL('../..', import.meta.url).pathname, 'tests/support/sale-return-worker.ts'));
    });
    afterAll(() => harness?.stop());

    it('records each return once, with one refund line and one fee line each', async () => {
      const ids = [(await aSoldPassport()).id, (await aSoldPassport()).id, (await aSoldPassport()).id];
      const config: SaleReturnWorkerConfig = {
        dynamodbEndpoint: await harness.proxyTo(inject('dynamodbEndpoint'), 'DynamoDB'),
        tableName,
        passports: ids,
        request: { reason: 'DEFECTIVE', route: 'REPAIR', refund: eur(20_000), feeRefunded: eur(1_000) },
      };

      const kills = await harness.killedUntilFinished(config);

      // Each return is one transaction: the kills hit them after they committed.
      expect(kills, kills.join(', ')).toContain('DynamoDB TransactWriteItems');
      for (const id of ids) {
        expect(await store.getPassport(id)).toMatchObject({ state: 'GRADED', saleReturn: { reason: 'DEFECTIVE', refund: eur(20_000), feeRefunded: eur(1_000) } });
        expect(await eventsOf(id, 'SaleReturned')).toHaveLength(1);
        const lines = await network.ledgerOf(id);
        expect(lines.filter((line) => line.kind === 'SALE_REFUND').map((line) => line.amount)).toEqual([eur(20_000)]);
        expect(lines.filter((line) => line.kind === 'FEE_REFUND').map((line) => line.amount)).toEqual([eur(1_000)]);
      }
    });
  });
});
