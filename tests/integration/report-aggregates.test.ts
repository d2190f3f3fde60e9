import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { eventsOf, type ItemLife, passportItemOf } from '../../bench/report-events';
import { DynamoDbAggregateStore } from '../../shared/adapters/dynamodb/aggregate-store';
import type { BrandConfig } from '../../shared/domain/catalog';
import type { PassportEventDetail } from '../../shared/schemas/events';
import type { FinanceReport, ImpactReport, ReportKind, ReturnsReport } from '../../shared/schemas/reports';
import { EventAggregation } from '../../shared/services/event-aggregation';
import { impactFactors } from '../../shared/services/passport-impact';
import { ReportsService } from '../../shared/services/reports-service';
import { newId } from '../../shared/services/tokens';
import { demoBrand } from '../../local/seed/demo-brand';
import { createTableLikeStack, localDynamoDb, transactionsConflicting } from '../support/table';

const phone = { sku: 'DO-PHONE-X2-128', name: 'Trailphone X2 128 GB', category: 'smartphone', weightGrams: 192 };
const tablet = { sku: 'DO-TAB-11', name: 'Tab 11', category: 'tablet', weightGrams: 478 };

/** Three items of one brand: resold, repaired and resold, recycled. */
function livesOf(brand: string): ItemLife[] {
  const requestedAt = new Date('2026-11-03T09:00:00Z');
  return [
    { passportId: newId(), brand, requestedAt, product: phone, returnReason: 'upgrade', route: 'RESELL', voucher: 20_000, labelCost: 549, sale: { channel: 'ebay', price: 30_000, fee: 3_600, shipping: 490 } },
    { passportId: newId(), brand, requestedAt, product: phone, returnReason: 'defect', route: 'REPAIR', voucher: 8_000, labelCost: 549, repairCost: 4_500, sale: { channel: 'shopify', price: 19_900, fee: 600 } },
    { passportId: newId(), brand, requestedAt, product: tablet, returnReason: 'defect', route: 'RECYCLE', voucher: 1_000, labelCost: 549 },
  ];
}

describe('the report aggregates against DynamoDB Local', () => {
  let aggregation: EventAggregation;
  let reports: ReportsService;
  let doc: DynamoDBDocumentClient;
  let tableName: string;
  const config: BrandConfig = { ...demoBrand.config, brand: 'aggregates' };
  /** A brand's configuration where a test changed it. */
  const configs = new Map<string, BrandConfig>();

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    tableName = `aggregates-${newId()}`;
    await createTableLikeStack(client, tableName);
    doc = DynamoDBDocumentClient.from(client);
    const aggregates = new DynamoDbAggregateStore(tableName, client);
    const brandConfig = async (brand: string) => configs.get(brand) ?? config;
    aggregation = new EventAggregation({ aggregates, brandConfig, factors: impactFactors() });
    reports = new ReportsService({
      aggregates,
      brandConfig,
      factors: impactFactors(),
      now: () => new Date('2026-12-01T00:00:00Z'),
      renderImpactPdf: async () => new Uint8Array(),
    });
  });

  /** A brand of its own with the three items' passports stored, and their events. */
  async function aBrandWithItems(): Promise<{ brand: string; events: PassportEventDetail[] }> {
    const brand = `b-${newId().toLowerCase()}`;
    const lives = livesOf(brand);
    await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: lives.map((life) => ({ PutRequest: { Item: passportItemOf(life) } })) } }));
    return { brand, events: lives.flatMap(eventsOf) };
  }

  async function deliver(events: PassportEventDetail[], batchSize: number) {
    for (let start = 0; start < events.length; start += batchSize) {
      const outcome = await aggregation.aggregate(events.slice(start, start + batchSize));
      expect(outcome.failed).toEqual([]);
    }
  }

  async function allReports(brand: string) {
    const query = (groupBy: 'month' | 'category' | 'channel') => ({ from: '2026-10', to: '2026-12', groupBy });
    const kinds: [ReportKind, 'month' | 'category' | 'channel'][] = [
      ['impact', 'month'],
      ['impact', 'category'],
      ['finance', 'month'],
      ['finance', 'channel'],
      ['returns', 'category'],
    ];
    return Promise.all(kinds.map(async ([kind, groupBy]) => ({ ...(await reports.report(brand, kind, query(groupBy))), brand: 'any' })));
  }

  it('counts the events of three items into exactly their figures', async () => {
    const { brand, events } = await aBrandWithItems();
    await deliver(events, 50);

    const [impact, , finance, byChannel, returns] = (await allReports(brand)) as [ImpactReport, ImpactReport, FinanceReport, FinanceReport, ReturnsReport];
    expect(finance.totals).toMatchObject({
      itemsPaid: 3,
      payouts: 29_000,
      // Vouchers at the demo brand's cost ratio 0.6, three labels at 5.49 €, booked as their parcels were received.
      payoutCost: 17_400,
      labelCost: 1_647,
      repairCost: 4_500,
      fees: 4_200,
      itemsSold: 2,
      revenue: 50_390,
      costs: 27_747,
      margin: 22_643,
    });
    expect(byChannel.rows.map((row) => [row.key, row.revenue, row.payouts])).toEqual([
      ['ebay', 30_490, 0],
      ['none', 0, 29_000],
      ['shopify', 19_900, 0],
    ]);
    // Two phones kept in use at 24.6 kg each, less their parcels; the tablet recycled.
    expect(impact.totals).toMatchObject({ itemsKeptInUse: 2, itemsRecycled: 1, kgDiverted: 0.862, kgCo2eGross: 49.2 });
    expect(returns.totals).toMatchObject({ requested: 3, received: 3, graded: 3, sold: 2, recycled: 1, routeMix: { RESELL: 1, REPAIR: 1, RECYCLE: 1 } });
    expect(returns.totals.cycleTimes.requestToReceipt).toEqual({ count: 3, p50Hours: 60, p90Hours: 69.6 });
    expect(returns.products).toEqual([
      expect.objectContaining({ sku: phone.sku, requested: 2, resellable: 2, topReturnReasons: [{ code: 'defect', label: 'Defective or worn out', count: 1 }, { code: 'upgrade', label: 'Bought a newer model', count: 1 }] }),
      expect.objectContaining({ sku: tablet.sku, requested: 1, resellable: 0, resellableShare: 0 }),
    ]);
  });

  it("names the categories a report shows by the brand's names for them, and no others", async () => {
    const { brand, events } = await aBrandWithItems();
    configs.set(brand, { ...config, brand, categoryNames: { smartphone: 'Handys', headphones: 'Kopfhörer' } });
    await deliver(events, 50);

    const [impactByMonth, impactByCategory, financeByMonth, byChannel, returns] = await allReports(brand);
    // The phones' category is shown by its rows or (by month) its factor; the tablet's is not named; headphones are not shown.
    expect(impactByCategory!.rows.map((row) => row.key)).toEqual(['smartphone', 'tablet']);
    expect(impactByCategory!.categoryNames).toEqual({ smartphone: 'Handys' });
    expect(impactByMonth!.categoryNames).toEqual({ smartphone: 'Handys' });
    expect(returns!.categoryNames).toEqual({ smartphone: 'Handys' });
    expect(financeByMonth!).not.toHaveProperty('categoryNames');
    expect(byChannel!).not.toHaveProperty('categoryNames');
    const financeByCategory = await reports.report(brand, 'finance', { from: '2026-10', to: '2026-12', groupBy: 'category' });
    expect(financeByCategory.categoryNames).toEqual({ smartphone: 'Handys' });
    const unnamed = await aBrandWithItems();
    await deliver(unnamed.events, 50);
    expect(await reports.report(unnamed.brand, 'impact', { from: '2026-10', to: '2026-12', groupBy: 'category' })).not.toHaveProperty('categoryNames');
  });

  /**
   * One item of a brand of its own, its passport stored, with its first events (requested, labelled, and the parcel
   * received after the label e-mail) and a maker of its later events: `eventOf(seq, at, state, type, data)`.
   */
  async function anItemOfItsOwnBrand() {
    const brand = `b-${newId().toLowerCase()}`;
    const life = livesOf(brand)[0]!;
    await doc.send(new BatchWriteCommand({ RequestItems: { [tableName]: [{ PutRequest: { Item: passportItemOf(life) } }] } }));
    const [requested, labelled, , received] = eventsOf(life);
    const eventOf = (seq: number, at: string, state: string, type: string, data: Record<string, unknown>) =>
      ({ ...requested!, eventId: `${life.passportId}/${seq}`, seq, at, state, type, data }) as PassportEventDetail;
    return { brand, requested: requested!, labelled: labelled!, received: received!, eventOf };
  }

  it('counts a take-back cancelled before its parcel arrived, once however often the stream delivers it, and no cost of its label', async () => {
    const { brand, requested, labelled, eventOf } = await anItemOfItsOwnBrand();
    const cancelled = eventOf(3, '2026-11-04T10:00:00.000Z', 'CANCELLED', 'TakeBackCancelled', { from: 'LABEL_CREATED' });

    await deliver([requested, labelled, cancelled, cancelled], 50);
    await deliver([cancelled], 50);

    const returns = (await reports.report(brand, 'returns', { from: '2026-10', to: '2026-12', groupBy: 'category' })) as ReturnsReport;
    expect(returns.totals).toMatchObject({ requested: 1, cancelled: 1, received: 0, graded: 0 });
    expect(returns.products).toEqual([expect.objectContaining({ sku: phone.sku, requested: 1, cancelled: 1, graded: 0 })]);
    // DHL bills a return label once its parcel is posted; this one never was (until 7 December 2026 it counted 5.49 €).
    const finance = (await reports.report(brand, 'finance', { from: '2026-10', to: '2026-12', groupBy: 'category' })) as FinanceReport;
    expect(finance.totals).toMatchObject({ labelCost: 0, costs: 0 });
  });

  it('counts an item sent back and its parcel as label cost, once however often the stream delivers it', async () => {
    const { brand, requested, labelled, received, eventOf } = await anItemOfItsOwnBrand();
    const sentBack = eventOf(7, '2026-11-06T10:00:00.000Z', 'RETURNED', 'ReturnedToCustomer', { carrier: 'DHL', shipmentNo: '340434310428091700', product: 'V01PAK', by: 'ops-1', cost: { amount: 439, currency: 'EUR' } });

    await deliver([requested, labelled, received, sentBack, sentBack], 50);
    await deliver([sentBack], 50);

    const returns = (await reports.report(brand, 'returns', { from: '2026-10', to: '2026-12', groupBy: 'category' })) as ReturnsReport;
    const finance = (await reports.report(brand, 'finance', { from: '2026-10', to: '2026-12', groupBy: 'category' })) as FinanceReport;
    expect(returns.totals).toMatchObject({ requested: 1, sentBack: 1 });
    // The return label (the demo brand's 5.49 €, booked at the parcel's receipt) and the parcel back (4.39 €).
    expect(finance.totals.labelCost).toBe(549 + 439);
  });

  it("takes a declined item out of the route mix and the recovery rate's recovered items, once however often the stream delivers it", async () => {
    const { brand, requested, eventOf } = await anItemOfItsOwnBrand();
    const settlement = { outcome: 'COUNTER_OFFER' as const, payout: { amount: 2_900, currency: 'EUR' }, offered: { amount: 14_900, currency: 'EUR' } };
    const graded = eventOf(4, '2026-11-05T10:00:00.000Z', 'COUNTER_OFFERED', 'Graded', { grade: 'DEFECTIVE', route: 'REPAIR', settlement, by: 'ops-1' });
    const declined = eventOf(5, '2026-11-06T10:00:00.000Z', 'RETURN_TO_CUSTOMER', 'CounterOfferAnswered', { accepted: false, payout: settlement.payout, route: 'REPAIR' });

    await deliver([requested, graded, declined, declined], 50);
    await deliver([declined], 50);

    const returns = (await reports.report(brand, 'returns', { from: '2026-10', to: '2026-12', groupBy: 'category' })) as ReturnsReport;
    expect(returns.totals).toMatchObject({ graded: 1, routeMix: { RESELL: 0, REPAIR: 0, RECYCLE: 0 }, recoveryRate: 0 });
    expect(returns.products).toEqual([expect.objectContaining({ graded: 1, resellable: 0 })]);
  });

  describe('a sale its buyer sent back after the brand changed its factors', () => {
    const sale = { channel: 'ebay', orderId: '27-11111-22222', price: { amount: 30_000, currency: 'EUR' }, fee: { amount: 3_600, currency: 'EUR' } };
    const returnOf = (eventOf: Awaited<ReturnType<typeof anItemOfItsOwnBrand>>['eventOf']) =>
      eventOf(9, '2026-12-02T10:00:00.000Z', 'GRADED', 'SaleReturned', {
        ...sale,
        reason: 'CHANGED_MIND',
        refund: { amount: 30_000, currency: 'EUR' },
        feeRefunded: { amount: 3_000, currency: 'EUR' },
        route: 'RESELL',
        soldAt: '2026-11-10T10:00:00.000Z',
        by: 'ops-1',
      });
    /** The brand's own factor for phones, 60 kg CO2e instead of the published 24.6 kg. */
    const ownPhoneFactor = { ...config, impactOverrides: [{ category: 'smartphone', avoidedKgCo2e: 60, basis: 'per item reused', unit: 'kg CO2e / item' as const, year: 2026, source: 'own LCA', confidence: 'medium' as const, note: 'n' }] };
    const impactOf = async (brand: string) => (await reports.report(brand, 'impact', { from: '2026-10', to: '2026-12', groupBy: 'month' })) as ImpactReport;

    it('takes back exactly what the sale counted, once however often the stream delivers it', async () => {
      const { brand, requested, eventOf } = await anItemOfItsOwnBrand();
      await deliver([requested, eventOf(8, '2026-11-10T10:00:00.000Z', 'SOLD', 'Sold', sale)], 50);
      expect((await impactOf(brand)).totals).toMatchObject({ itemsKeptInUse: 1, kgCo2eGross: 24.6 });

      configs.set(brand, { ...ownPhoneFactor, brand });
      const returned = returnOf(eventOf);
      await deliver([returned, returned], 50);
      await deliver([returned], 50);

      const impact = await impactOf(brand);
      expect(impact.rows.find((row) => row.key === '2026-11')).toMatchObject({ itemsKeptInUse: 0, kgDiverted: 0, kgCo2eGross: 0, kgCo2eTransport: 0, kgCo2eNet: 0 });
      expect(impact.totals).toMatchObject({ itemsKeptInUse: 0, kgCo2eGross: 0, kgCo2eNet: 0 });
      const finance = (await reports.report(brand, 'finance', { from: '2026-10', to: '2026-12', groupBy: 'month' })) as FinanceReport;
      expect(finance.totals).toMatchObject({ itemsSold: 1, buyerReturns: 1, refunds: 30_000 });
    });

    it('counts a sale and its return once each when ten deliveries of each arrive at the same moment', async () => {
      const { brand, requested, eventOf } = await anItemOfItsOwnBrand();
      await deliver([requested], 50);
      const sold = eventOf(8, '2026-11-10T10:00:00.000Z', 'SOLD', 'Sold', sale);
      const returned = returnOf(eventOf);
      /** Ten at once; a delivery that lost every conflict retry fails, and its queue delivers it again afterwards. */
      const storm = async (event: PassportEventDetail) => {
        await Promise.allSettled(Array.from({ length: 10 }, () => aggregation.aggregate([event])));
        await deliver([event], 50);
      };

      await storm(sold);
      configs.set(brand, { ...ownPhoneFactor, brand });
      await storm(returned);

      const impact = await impactOf(brand);
      expect(impact.rows.find((row) => row.key === '2026-11')).toMatchObject({ itemsKeptInUse: 0, kgDiverted: 0, kgCo2eGross: 0, kgCo2eNet: 0 });
      const finance = (await reports.report(brand, 'finance', { from: '2026-10', to: '2026-12', groupBy: 'month' })) as FinanceReport;
      expect(finance.totals).toMatchObject({ itemsSold: 1, revenue: 30_000, buyerReturns: 1, refunds: 30_000 });
    });

    it('does not count a return whose kept impact does not parse, and counts the rest of its batch', async () => {
      const { brand, requested, eventOf } = await anItemOfItsOwnBrand();
      await deliver([eventOf(8, '2026-11-10T10:00:00.000Z', 'SOLD', 'Sold', sale)], 50);
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { PK: `P#${requested.passportId}`, SK: `SALE_IMPACT#ebay#${sale.orderId}` },
          UpdateExpression: 'SET #counters.#gross = :text',
          ExpressionAttributeNames: { '#counters': 'counters', '#gross': 'gCo2eGross' },
          ExpressionAttributeValues: { ':text': 'lots' },
        }),
      );

      const returned = returnOf(eventOf);
      const outcome = await aggregation.aggregate([requested, returned]);

      expect(outcome).toEqual({ counted: [requested.eventId], duplicates: [], failed: [returned.eventId] });
      expect((await impactOf(brand)).totals).toMatchObject({ itemsKeptInUse: 1, kgCo2eGross: 24.6 });
    });
  });

  it('counts each event once when the stream delivers every event twice', async () => {
    const once = await aBrandWithItems();
    await deliver(once.events, 50);
    const twice = await aBrandWithItems();
    // A repeat within one batch, and the whole stream again later.
    await deliver([...twice.events.slice(0, 5), ...twice.events], 50);
    const again = await aggregation.aggregate(twice.events);

    expect(again.counted).toEqual([]);
    expect(again.duplicates.length).toBeGreaterThan(0);
    expect(await allReports(twice.brand)).toEqual(await allReports(once.brand));
  });

  /**
   * A brand counted undisturbed (`calm`), a brand of the same items yet to count (`busy`), and an
   * aggregation whose first `conflicts` transactions DynamoDB cancels for a conflict.
   */
  async function contended(conflicts: number) {
    const calm = await aBrandWithItems();
    await deliver(calm.events, 50);
    const busy = await aBrandWithItems();
    const conflicting = transactionsConflicting(inject('dynamodbEndpoint'), conflicts);
    const aggregates = new DynamoDbAggregateStore(tableName, conflicting.client);
    return { calm, busy, conflicting, aggregation: new EventAggregation({ aggregates, brandConfig: async () => config, factors: impactFactors() }) };
  }

  it('counts each event once when DynamoDB cancels its transactions for a conflict with another writer of the same counters', async () => {
    // Cancelled three times, then written: the counters' transactions try again.
    const { calm, busy, conflicting, aggregation: contendedAggregation } = await contended(3);

    const outcome = await contendedAggregation.aggregate(busy.events);

    expect(conflicting.cancelled()).toBe(3);
    expect(outcome.failed).toEqual([]);
    expect(await allReports(busy.brand)).toEqual(await allReports(calm.brand));
  });

  it('gives up on a batch whose transactions keep conflicting, so that the queue delivers it again, and then counts each event once', async () => {
    const { calm, busy, conflicting, aggregation: contendedAggregation } = await contended(1_000);

    await expect(contendedAggregation.aggregate(busy.events)).rejects.toBeInstanceOf(TransactionCanceledException);

    expect(conflicting.cancelled()).toBeGreaterThan(1);
    await deliver(busy.events, 50);
    expect(await allReports(busy.brand)).toEqual(await allReports(calm.brand));
  });

  it('gives the same totals when the events arrive out of order', async () => {
    const inOrder = await aBrandWithItems();
    await deliver(inOrder.events, 50);
    const shuffled = await aBrandWithItems();
    const reversed = [...shuffled.events].reverse();
    await deliver(reversed, 4);

    expect(await allReports(shuffled.brand)).toEqual(await allReports(inOrder.brand));
  });
});
