import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { demoRouting } from '../../local/seed/repair-network';
import { DynamoDbAggregateStore } from '../../shared/adapters/dynamodb/aggregate-store';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import type { ImpactFactor } from '../../shared/domain/impact';
import type { Staff } from '../../shared/http/staff';
import type { PassportEventDetail } from '../../shared/schemas/events';
import type { ImpactReport } from '../../shared/schemas/reports';
import { EventAggregation } from '../../shared/services/event-aggregation';
import { impactFactors } from '../../shared/services/passport-impact';
import { ReportsService } from '../../shared/services/reports-service';
import { TakeBackTracking } from '../../shared/services/take-back-service';
import { newId, trackingTokenFor } from '../../shared/services/tokens';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { aPassport, aQuote } from '../support/fixtures';
import { type ReceiptAndGrading, receiptAndGrading } from '../support/receipt-and-grading';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const TRACKING_SECRET = 'tracking-secret-for-tests';
const opsOf = (brand: string): Staff => ({ subject: 'ops-1', brand, roles: ['ops'] });
const ADEME = "ADEME, Évaluation de l'impact environnemental d'un ensemble de produits reconditionnés (September 2022)";

/** The brand's own factor for its phones, saved after an item was graded. */
const brandFactor = (avoidedKgCo2e: number): ImpactFactor => ({
  category: 'smartphone',
  avoidedKgCo2e,
  basis: 'per item reused',
  unit: 'kg CO2e / item',
  year: 2026,
  source: 'Probe factor',
  confidence: 'medium',
  note: 'The brand changed its factor after the first phone was graded.',
});

describe("a passport's CO2e once its customer was told it, against DynamoDB Local", () => {
  let store: DynamoDbSeedingPassportStore;
  let service: ReceiptAndGrading;
  let tracking: TakeBackTracking;
  let aggregation: EventAggregation;
  let reports: ReportsService;
  let clock = Date.parse('2026-11-20T10:00:00.000Z');
  const now = () => new Date((clock += 1_000));

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const tableName = `fixed-impact-${newId()}`;
    await createTableLikeStack(client, tableName);
    store = new DynamoDbSeedingPassportStore(tableName, client);
    const network = new DynamoDbRepairNetworkStore(tableName, store, client);
    const workQueue = new WorkQueueService({ store, network });
    service = receiptAndGrading({ store, passports: workQueue, now, trackingSecret: async () => TRACKING_SECRET });
    tracking = new TakeBackTracking({ store, catalogs: store, trackingSecret: async () => TRACKING_SECRET, payouts: { getPayout: async () => undefined } });
    const brandConfig = async (brand: string) => (await store.getCatalog(brand))?.config;
    const aggregates = new DynamoDbAggregateStore(tableName, client);
    aggregation = new EventAggregation({ aggregates, brandConfig, factors: impactFactors() });
    reports = new ReportsService({ aggregates, brandConfig, factors: impactFactors(), now, renderImpactPdf: async () => new Uint8Array() });
  });

  /** A brand of its own, as the demo brand, with the published factors. */
  async function aBrand(): Promise<string> {
    const brand = `b-${newId().toLowerCase()}`;
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, brand, routing: demoRouting } });
    return brand;
  }

  /** The brand's phone factor from now on. */
  async function brandFactorNow(brand: string, avoidedKgCo2e: number) {
    const catalog = (await store.getCatalog(brand))!;
    await store.putCatalog({ ...catalog, config: { ...catalog.config, impactOverrides: [brandFactor(avoidedKgCo2e)] } });
  }

  /** A take-back of the demo phone (190 g), received and graded GOOD: resold. */
  async function aGradedPhone(brand: string): Promise<string> {
    const quote = aQuote({ brand });
    await store.saveQuote(quote);
    const passport = aPassport(quote);
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    for (const to of ['LABEL_CREATED', 'RECEIVED'] as const) {
      await store.transition(passport.id, { to, at: now().toISOString(), event: { type: to === 'RECEIVED' ? 'ParcelReceived' : 'LabelCreated', data: {} } });
    }
    expect((await service.grade(opsOf(brand), passport.id, { grade: 'GOOD' })).route?.route).toBe('RESELL');
    return passport.id;
  }

  const impactOn = async (id: string) => (await tracking.status(id, trackingTokenFor(id, TRACKING_SECRET), 'https://api.test')).impact;

  /** The stream's `Sold` event of the passport, counted by the aggregation. */
  async function sell(brand: string, id: string) {
    const sold = { eventId: `${id}/9`, passportId: id, brand, seq: 9, at: now().toISOString(), state: 'SOLD', type: 'Sold', data: { channel: 'ebay', orderId: `O-${id}`, price: { amount: 24_900, currency: 'EUR' }, fee: { amount: 2_988, currency: 'EUR' } } };
    expect((await aggregation.aggregate([sold as PassportEventDetail])).failed).toEqual([]);
  }

  const impactReportOf = async (brand: string) => (await reports.report(brand, 'impact', { from: '2026-11', to: '2026-11', groupBy: 'month' })) as ImpactReport;

  it("keeps the figure a customer was shown at grading on the tracking page, and counts and lists the same in the report, when the brand's factor changes after", async () => {
    const brand = await aBrand();
    const id = await aGradedPhone(brand);
    expect(await impactOn(id)).toMatchObject({ avoidedKgCo2e: 24.5, grossKgCo2e: 24.6, factor: { origin: 'kreislauf', source: ADEME } });

    await brandFactorNow(brand, 50);
    expect(await impactOn(id)).toMatchObject({ avoidedKgCo2e: 24.5, grossKgCo2e: 24.6, factor: { origin: 'kreislauf', source: ADEME } });
    await sell(brand, id);

    const report = await impactReportOf(brand);
    expect(report.totals).toMatchObject({ itemsKeptInUse: 1, kgCo2eGross: 24.6, kgCo2eNet: 24.5 });
    // What the docs promise: the report's net is the sum of the net figures its customers are shown.
    expect(report.totals.kgCo2eNet).toBe((await impactOn(id))!.avoidedKgCo2e);
    // The factor the figure used, not the brand's factor of the day the report is made.
    expect(report.factors).toEqual([{ category: 'smartphone', origin: 'kreislauf', kgCo2ePerItem: 24.6, source: ADEME, year: 2022, note: expect.any(String), items: 1 }]);
  });

  it('lists both factors of a category whose factor changed within the month, each with the items it counted, and sums what the customers are shown', async () => {
    const brand = await aBrand();
    const before = await aGradedPhone(brand);
    await brandFactorNow(brand, 50);
    const after = await aGradedPhone(brand);
    await sell(brand, before);
    await sell(brand, after);

    const shown = [(await impactOn(before))!.avoidedKgCo2e!, (await impactOn(after))!.avoidedKgCo2e!];
    expect(shown).toEqual([24.5, 49.9]);
    const report = await impactReportOf(brand);
    expect(report.totals).toMatchObject({ itemsKeptInUse: 2, kgCo2eGross: 74.6, kgCo2eNet: 74.4 });
    expect(report.totals.kgCo2eNet).toBeCloseTo(shown[0]! + shown[1]!, 9);
    // Both were first counted in November: their order there is not the order they were counted in.
    const listed = report.factors.map(({ category, origin, kgCo2ePerItem, source, items }) => ({ category, origin, kgCo2ePerItem, source, items }));
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(
      expect.arrayContaining([
        { category: 'smartphone', origin: 'kreislauf', kgCo2ePerItem: 24.6, source: ADEME, items: 1 },
        { category: 'smartphone', origin: 'brand', kgCo2ePerItem: 50, source: 'Probe factor', items: 1 },
      ]),
    );
  });
});
