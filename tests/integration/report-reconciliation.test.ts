import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbAggregateStore } from '../../shared/adapters/dynamodb/aggregate-store';
import { DynamoDbBrandDirectory } from '../../shared/adapters/dynamodb/brand-directory';
import { aggregatePartition, aggregateSk } from '../../shared/adapters/dynamodb/keys';
import { DynamoDbLedgerStore } from '../../shared/adapters/dynamodb/ledger-store';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbGuardedClaims, DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { labelEntry } from '../../shared/domain/ledger';
import { PassportEventDetailSchema, type PassportEventDetail } from '../../shared/schemas/events';
import type { FinanceReport } from '../../shared/schemas/reports';
import { EventAggregation } from '../../shared/services/event-aggregation';
import { impactFactors } from '../../shared/services/passport-impact';
import { Receipts } from '../../shared/services/receipt-and-grading-service';
import { ReportReconciliation } from '../../shared/services/report-reconciliation';
import { ReportsService } from '../../shared/services/reports-service';
import { SaleReturns } from '../../shared/services/sale-returns';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { StaffTakeBackCancellation } from '../../shared/services/take-back-cancellation';
import { newId } from '../../shared/services/tokens';
import type { Staff } from '../../shared/http/staff';
import { aPassport, aQuote } from '../support/fixtures';
import { fakeLabelWorkflow } from '../support/label-workflow';
import { createTableLikeStack, localDynamoDb } from '../support/table';

/** The night of 2 December 2026: November is last month, December the current one. */
const NIGHT = new Date('2026-12-02T02:30:00.000Z');
const LABEL_COST = demoBrand.config.labelCost!.amount;
const PHONE = { sku: 'DO-PHONE-X2-128', name: 'Trailphone X2', category: 'smartphone', weightGrams: 190 };
const TABLET = { sku: 'DO-TAB-11', name: 'Tab 11', category: 'tablet', weightGrams: 478 };
/** Three days before `at`: when the label of a parcel received at `at` was made. */
const daysBefore = (at: string) => new Date(Date.parse(at) - 3 * 86_400_000);

describe('the nightly reconciliation against DynamoDB Local', () => {
  let tableName: string;
  let doc: DynamoDBDocumentClient;
  let store: DynamoDbSeedingPassportStore;
  let aggregation: EventAggregation;
  let reconciliation: ReportReconciliation;
  let brand: string;
  let aggregates: DynamoDbAggregateStore;
  let ledger: DynamoDbLedgerStore;
  let directory: DynamoDbBrandDirectory;
  let claims: DynamoDbGuardedClaims;
  let passports: WorkQueueService;
  let reports: ReportsService;

  beforeEach(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    tableName = `reconciliation-${newId()}`;
    await createTableLikeStack(client, tableName);
    doc = DynamoDBDocumentClient.from(client);
    store = new DynamoDbSeedingPassportStore(tableName, client);
    brand = `brand-${newId().toLowerCase()}`;
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, brand } });
    const brandConfig = async (of: string) => (await store.getCatalog(of))?.config;
    aggregates = new DynamoDbAggregateStore(tableName, client);
    aggregation = new EventAggregation({ aggregates, brandConfig, factors: impactFactors() });
    ledger = new DynamoDbLedgerStore(tableName, client);
    directory = new DynamoDbBrandDirectory(tableName, client);
    reconciliation = new ReportReconciliation({ brands: directory, catalogs: store, ledger, aggregates, now: () => NIGHT });
    claims = new DynamoDbGuardedClaims(tableName, client);
    passports = new WorkQueueService({ store, network: new DynamoDbRepairNetworkStore(tableName, store, client) });
    reports = new ReportsService({ aggregates, brandConfig, factors: impactFactors(), now: () => NIGHT, renderImpactPdf: async () => new Uint8Array() });
  });

  const staff = (): Staff => ({ subject: 'ops-1', brand, roles: ['ops'] });
  /** A take-back requested at `at`, and its events as the stream delivers them, once `act` has moved it on. */
  async function aTakeBack(at: Date, product: typeof PHONE, act: (id: string) => Promise<unknown>): Promise<PassportEventDetail[]> {
    const quote = aQuote({ brand, sku: product.sku });
    await store.saveQuote(quote);
    const passport = aPassport(quote, { product, createdAt: at.toISOString(), updatedAt: at.toISOString() });
    await store.createPassport(passport, {
      type: 'TakeBackRequested',
      data: { sku: product.sku, quoteId: quote.quoteId, selfAssessedGrade: 'GOOD', payoutMethod: 'VOUCHER' },
    });
    await act(passport.id);
    const timeline = await store.getTimeline(passport.id);
    return timeline.map((event) => PassportEventDetailSchema.parse({ ...event, eventId: `${event.passportId}/${event.seq}` }));
  }

  /** A take-back whose label was made three days before its parcel was received at `at`, which books the label. */
  const aReceivedTakeBack = (at: string, product = PHONE) =>
    aTakeBack(daysBefore(at), product, async (id) => {
      await labelled(id, daysBefore(at));
      await receive(id, at);
    });

  const labelled = (id: string, at: Date) => fakeLabelWorkflow(store, { claims, now: () => at }).createLabel(id);
  const receive = (id: string, at: string) => new Receipts({ store, passports, now: () => new Date(at) }).receive(staff(), id, {});

  /**
   * A take-back whose label was made at `at` as the label step made it until 7 December 2026: recorded without its cost,
   * booked with the label (a LABEL ledger line), its LabelCreated saying nothing of when its cost is booked; its parcel
   * received at `receivedAt`.
   */
  const aTakeBackLabelledBefore7December = (at: string, receivedAt: string) =>
    aTakeBack(new Date(at), PHONE, async (id) => {
      const shipmentNo = '00340434161094099902';
      const label = { carrier: 'DHL' as const, shipmentNo, pdfKey: 'p', qrKey: 'q', createdAt: at, shipBy: '2026-12-31T22:59:59.999Z' };
      await store.transition(id, {
        to: 'LABEL_CREATED',
        at,
        set: { label },
        event: { type: 'LabelCreated', data: { carrier: 'DHL', shipmentNo, shipBy: label.shipBy } },
        ledger: labelEntry(demoBrand.config.labelCost, shipmentNo, at),
      });
      await receive(id, receivedAt);
    });

  it('finds no drift when the aggregates counted every event the ledger booked', async () => {
    const events = [
      ...(await aReceivedTakeBack('2026-11-10T10:00:00.000Z')),
      ...(await aReceivedTakeBack('2026-11-20T10:00:00.000Z')),
      // 1 December in Berlin, the brand's time zone, though still November in UTC.
      ...(await aReceivedTakeBack('2026-11-30T23:30:00.000Z')),
      ...(await aReceivedTakeBack('2026-12-01T08:00:00.000Z', TABLET)),
    ];
    await aggregation.aggregate(events);

    const { drifts } = await reconciliation.reconcile();

    expect(drifts).toEqual([]);
  });

  /** The finance report's label cost of a month, by category as the reconciliation reads it. */
  const labelCostOf = async (month: string) => ((await reports.report(brand, 'finance', { from: month, to: month, groupBy: 'category' })) as FinanceReport).totals.labelCost;

  it('books and reports no label cost for take-backs cancelled or expired before their parcel came, and one for a parcel that came all the same', async () => {
    const labelledAt = new Date('2026-11-10T10:00:00.000Z');
    const cancel = (id: string) => new StaffTakeBackCancellation({ store, passports, now: () => new Date('2026-11-12T10:00:00.000Z') }).cancel(staff(), id, { reason: 'Customer keeps it' });
    const events = [
      ...(await aTakeBack(labelledAt, PHONE, async (id) => {
        await labelled(id, labelledAt);
        await cancel(id);
      })),
      ...(await aTakeBack(labelledAt, PHONE, async (id) => {
        await labelled(id, labelledAt);
        const { label } = (await store.getPassport(id))!;
        await store.transition(id, { to: 'EXPIRED', at: '2026-11-25T10:00:00.000Z', event: { type: 'TakeBackExpired', data: { shipBy: label!.shipBy } } });
      })),
      ...(await aTakeBack(labelledAt, PHONE, async (id) => {
        await labelled(id, labelledAt);
        await cancel(id);
        await receive(id, '2026-11-20T10:00:00.000Z');
      })),
    ];
    await aggregation.aggregate(events);

    const lines = await ledger.ledgerLines(brand, { from: '2026-10-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    expect(lines.map((line) => [line.kind, line.amount.amount, line.at])).toEqual([['LABEL', LABEL_COST, '2026-11-20T10:00:00.000Z']]);
    expect(await labelCostOf('2026-11')).toBe(LABEL_COST);
    expect((await reconciliation.reconcile()).drifts).toEqual([]);
  });

  it('books and reports the cost of a label made before 7 December 2026 once, when it was made, not again at its receipt', async () => {
    await aggregation.aggregate(await aTakeBackLabelledBefore7December('2026-11-28T10:00:00.000Z', '2026-12-01T10:00:00.000Z'));

    const lines = await ledger.ledgerLines(brand, { from: '2026-10-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    expect(lines.map((line) => [line.kind, line.amount.amount, line.at])).toEqual([['LABEL', LABEL_COST, '2026-11-28T10:00:00.000Z']]);
    expect([await labelCostOf('2026-11'), await labelCostOf('2026-12')]).toEqual([LABEL_COST, 0]);
    expect((await reconciliation.reconcile()).drifts).toEqual([]);
  });

  it('finds no drift when a sale of November was sent back by its buyer in December, with part of the fee credited back', async () => {
    const quote = aQuote({ brand });
    await store.saveQuote(quote);
    const passport = aPassport(quote, { state: 'LISTED' });
    await store.createPassport(passport, { type: 'TakeBackRequested', data: { sku: quote.sku, quoteId: quote.quoteId, selfAssessedGrade: 'GOOD', payoutMethod: 'VOUCHER' } });
    const eur = (amount: number) => ({ amount, currency: 'EUR' });
    const soldAt = '2026-11-20T10:00:00.000Z';
    const line = (kind: 'SALE' | 'CHANNEL_FEE' | 'SHIPPING', direction: 'COST' | 'REVENUE', amount: number) =>
      ({ entryId: `${kind}#ebay#o1`, kind, direction, amount: eur(amount), description: kind, at: soldAt, sale: { channel: 'ebay', orderId: 'o1' } });
    await store.transition(passport.id, {
      to: 'SOLD',
      at: soldAt,
      set: { sale: { channel: 'ebay', orderId: 'o1', price: eur(24_900), at: soldAt } },
      event: { type: 'Sold', data: { channel: 'ebay', orderId: 'o1', price: eur(24_900), fee: eur(2_988), shipping: eur(499) } },
      ledger: [line('SALE', 'REVENUE', 24_900), line('CHANNEL_FEE', 'COST', 2_988), line('SHIPPING', 'REVENUE', 499)],
    });
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const returns = new SaleReturns({
      store,
      listings: new DynamoDbListingStore(tableName, client),
      passports: new WorkQueueService({ store, network: new DynamoDbRepairNetworkStore(tableName, store, client) }),
      now: () => new Date('2026-12-01T09:00:00.000Z'),
    });
    await returns.recordReturn({ subject: 'ops-1', brand, roles: ['ops'] }, passport.id, { reason: 'NOT_AS_DESCRIBED', route: 'RESELL', refund: eur(20_000), feeRefunded: eur(2_000) });
    const timeline = await store.getTimeline(passport.id);
    await aggregation.aggregate(timeline.map((event) => PassportEventDetailSchema.parse({ ...event, eventId: `${event.passportId}/${event.seq}` })));

    const { drifts } = await reconciliation.reconcile();

    expect(drifts).toEqual([]);
    // What was compared: the return and its refund in December, the fee net of what was credited back.
    const december = (await aggregates.read(brand, 'category', '2026-12', '2026-12')).find((item) => item.value === 'smartphone');
    expect(december?.counters).toMatchObject({ buyerReturns: 1, refunds: 20_000, fees: -2_000 });
  });

  it('finds a counter planted in the aggregates, naming the brand, month, category, figure and both values', async () => {
    await aggregation.aggregate([...(await aReceivedTakeBack('2026-11-10T10:00:00.000Z')), ...(await aReceivedTakeBack('2026-11-20T10:00:00.000Z'))]);
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK: aggregatePartition(brand), SK: aggregateSk('category', '2026-11', 'smartphone') },
        UpdateExpression: 'ADD labelCost :planted',
        ExpressionAttributeValues: { ':planted': 100 },
      }),
    );

    const { drifts } = await reconciliation.reconcile();

    expect(drifts).toEqual([{ brand, month: '2026-11', category: 'smartphone', figure: 'labelCost', ledger: 2 * LABEL_COST, aggregates: 2 * LABEL_COST + 100 }]);
  });

  it('finds a booked label whose events never reached the aggregates, in the current month', async () => {
    await aggregation.aggregate(await aReceivedTakeBack('2026-12-01T08:00:00.000Z'));
    await aReceivedTakeBack('2026-12-01T09:00:00.000Z', TABLET);

    const { drifts } = await reconciliation.reconcile();

    expect(drifts).toEqual([{ brand, month: '2026-12', category: 'tablet', figure: 'labelCost', ledger: LABEL_COST, aggregates: 0 }]);
  });

  it("still checks the other brands when one brand's aggregates cannot be read", async () => {
    const broken = brand;
    await aReceivedTakeBack('2026-12-01T08:00:00.000Z');
    brand = `brand-${newId().toLowerCase()}`;
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, brand } });
    await aReceivedTakeBack('2026-12-01T09:00:00.000Z');
    const failingForOne = new ReportReconciliation({
      brands: directory,
      catalogs: store,
      ledger,
      aggregates: {
        read: async (of, dimension, from, to) => {
          if (of === broken) throw new Error('the aggregates cannot be read');
          return aggregates.read(of, dimension, from, to);
        },
      },
      now: () => NIGHT,
    });

    const { drifts, failed } = await failingForOne.reconcile();

    expect(failed.map((failure) => failure.brand)).toEqual([broken]);
    expect(drifts).toEqual([{ brand, month: '2026-12', category: 'smartphone', figure: 'labelCost', ledger: LABEL_COST, aggregates: 0 }]);
  });
});
