import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbAggregateStore } from '../../shared/adapters/dynamodb/aggregate-store';
import { DynamoDbBrandDirectory } from '../../shared/adapters/dynamodb/brand-directory';
import { aggregatePartition, aggregateSk } from '../../shared/adapters/dynamodb/keys';
import { DynamoDbLedgerStore } from '../../shared/adapters/dynamodb/ledger-store';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { labelEntry } from '../../shared/domain/ledger';
import { PassportEventDetailSchema, type PassportEventDetail } from '../../shared/schemas/events';
import { EventAggregation } from '../../shared/services/event-aggregation';
import { impactFactors } from '../../shared/services/passport-impact';
import { ReportReconciliation } from '../../shared/services/report-reconciliation';
import { SaleReturns } from '../../shared/services/sale-returns';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { newId } from '../../shared/services/tokens';
import { aPassport, aQuote } from '../support/fixtures';
import { createTableLikeStack, localDynamoDb } from '../support/table';

/** The night of 2 December 2026: November is last month, December the current one. */
const NIGHT = new Date('2026-12-02T02:30:00.000Z');
const LABEL_COST = demoBrand.config.labelCost!.amount;

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
  });

  /** A take-back whose label was created at `at`: a LABEL ledger line, and its events as the stream delivers them. */
  async function aLabelledTakeBack(at: string, product = { sku: 'DO-PHONE-X2-128', name: 'Trailphone X2', category: 'smartphone', weightGrams: 190 }): Promise<PassportEventDetail[]> {
    const quote = aQuote({ brand, sku: product.sku });
    await store.saveQuote(quote);
    const passport = aPassport(quote, { product, createdAt: at, updatedAt: at });
    await store.createPassport(passport, {
      type: 'TakeBackRequested',
      data: { sku: product.sku, quoteId: quote.quoteId, selfAssessedGrade: 'GOOD', payoutMethod: 'VOUCHER' },
    });
    const shipmentNo = String(Date.now()) + String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
    await store.transition(passport.id, {
      to: 'LABEL_CREATED',
      at,
      event: { type: 'LabelCreated', data: { carrier: 'DHL', shipmentNo, shipBy: '2026-12-31T22:59:59.999Z' } },
      ledger: labelEntry(demoBrand.config.labelCost, shipmentNo, at),
    });
    const timeline = await store.getTimeline(passport.id);
    return timeline.map((event) => PassportEventDetailSchema.parse({ ...event, eventId: `${event.passportId}/${event.seq}` }));
  }

  it('finds no drift when the aggregates counted every event the ledger booked', async () => {
    const events = [
      ...(await aLabelledTakeBack('2026-11-10T10:00:00.000Z')),
      ...(await aLabelledTakeBack('2026-11-20T10:00:00.000Z')),
      // 1 December in Berlin, the brand's time zone, though still November in UTC.
      ...(await aLabelledTakeBack('2026-11-30T23:30:00.000Z')),
      ...(await aLabelledTakeBack('2026-12-01T08:00:00.000Z', { sku: 'DO-TAB-11', name: 'Tab 11', category: 'tablet', weightGrams: 478 })),
    ];
    await aggregation.aggregate(events);

    const { drifts } = await reconciliation.reconcile();

    expect(drifts).toEqual([]);
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
    await aggregation.aggregate([...(await aLabelledTakeBack('2026-11-10T10:00:00.000Z')), ...(await aLabelledTakeBack('2026-11-20T10:00:00.000Z'))]);
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
    await aggregation.aggregate(await aLabelledTakeBack('2026-12-01T08:00:00.000Z'));
    await aLabelledTakeBack('2026-12-01T09:00:00.000Z', { sku: 'DO-TAB-11', name: 'Tab 11', category: 'tablet', weightGrams: 478 });

    const { drifts } = await reconciliation.reconcile();

    expect(drifts).toEqual([{ brand, month: '2026-12', category: 'tablet', figure: 'labelCost', ledger: LABEL_COST, aggregates: 0 }]);
  });

  it("still checks the other brands when one brand's aggregates cannot be read", async () => {
    const broken = brand;
    await aLabelledTakeBack('2026-12-01T08:00:00.000Z');
    brand = `brand-${newId().toLowerCase()}`;
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, brand } });
    await aLabelledTakeBack('2026-12-01T09:00:00.000Z');
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
