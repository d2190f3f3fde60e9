import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { demoResale } from '../../local/seed/demo-resale';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import type { BrandCatalog, Grade } from '../../shared/domain/catalog';
import { NoChannelTakesItemError } from '../../shared/domain/channel-listing';
import type { BrandResaleConfig } from '../../shared/schemas/resale';
import type { Staff } from '../../shared/http/staff';
import { ListingFailures } from '../../shared/services/listing-failures';
import { RouteOverrides } from '../../shared/services/receipt-and-grading-service';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { ListingPreparation } from '../../shared/services/resale-service';
import { newId } from '../../shared/services/tokens';
import { aPassport, aQuote } from '../support/fixtures';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const at = '2026-12-07T10:00:00.000Z';
/** A jacket: in the demo catalogue without a GTIN. */
const JACKET = 'DO-JKT-ALPENGLOW-M';
const PHONE = 'DO-PHONE-X2-128';

/** The demo resale configuration with only `on` switched on. */
function sellingOn(...on: (keyof BrandResaleConfig['channels'])[]): BrandResaleConfig {
  const channels = Object.fromEntries(Object.entries(demoResale.channels).map(([channel, settings]) => [channel, { ...settings, enabled: on.includes(channel as never) }]));
  return { ...demoResale, channels };
}

describe('the ListingWorkflow finding no channel that takes a resellable item, against DynamoDB Local', () => {
  const tableName = `listing-no-channel-${newId()}`;
  const client = localDynamoDb(inject('dynamodbEndpoint'));
  const store = new DynamoDbSeedingPassportStore(tableName, client);
  const listings = new DynamoDbListingStore(tableName, client);
  const network = new DynamoDbRepairNetworkStore(tableName, store, client);
  const preparation = new ListingPreparation({ store, listings, ledgers: network, now: () => new Date(at) });
  const failures = new ListingFailures({ store, now: () => new Date(at) });
  const receipts = new RouteOverrides({ store, passports: new WorkQueueService({ store, network }), repairs: network, now: () => new Date(at) });

  beforeAll(() => createTableLikeStack(client, tableName));

  /** A brand like the demo brand, with its own resale configuration (or none) and its own products. */
  async function aBrand(resale: BrandResaleConfig | undefined, products = demoBrand.products): Promise<string> {
    const brand = `no-channel-${newId().slice(-8).toLowerCase()}`;
    await store.putCatalog(catalogOf(brand, resale, products));
    return brand;
  }

  function catalogOf(brand: string, resale: BrandResaleConfig | undefined, products: BrandCatalog['products']): BrandCatalog {
    const { resale: _, ...config } = demoBrand.config;
    return { ...demoBrand, config: { ...config, brand, ...(resale ? { resale } : {}) }, products };
  }

  /** An item of `sku` graded `grade`, its customer paid, back from its repair: resellable. */
  async function aRepairedItem(brand: string, sku: string, grade: Grade = 'GOOD'): Promise<string> {
    const quote = aQuote({ brand, sku });
    await store.saveQuote(quote);
    const passport = aPassport(quote, {
      state: 'IN_REPAIR',
      grading: { grade, by: 'grader', at: '2026-12-01T10:00:00.000Z' },
      route: { route: 'REPAIR', reason: 'A repair recovers the most', decidedAt: '2026-12-01T10:00:00.000Z' },
    });
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    // Its customer was paid at grading, as every item sent to repair is.
    await store.amend(passport.id, { in: ['IN_REPAIR'], at: '2026-12-01T10:01:00.000Z', event: { type: 'VoucherIssued', data: {} } });
    await store.transition(passport.id, { from: ['IN_REPAIR'], to: 'REPAIRED', at, event: { type: 'Repaired', data: { jobId: 'J1', partnerId: 'rp-1' } } });
    return passport.id;
  }

  async function recordOf(id: string) {
    return { passport: await store.getPassport(id), timeline: await store.getTimeline(id), listings: await listings.listingsOf(id) };
  }

  it('refuses an item none of the brand’s channels takes, naming each channel and why, and writes nothing', async () => {
    const brand = await aBrand(sellingOn('backmarket', 'refurbed'));
    const id = await aRepairedItem(brand, JACKET);
    const before = await recordOf(id);

    const refusal = preparation.prepareListings(id);

    await expect(refusal).rejects.toBeInstanceOf(NoChannelTakesItemError);
    await expect(refusal).rejects.toMatchObject({
      status: 422,
      extensions: { sku: JACKET, grade: 'GOOD', refusals: [{ channel: 'backmarket', refusal: 'NO_GTIN' }, { channel: 'refurbed', refusal: 'NO_GTIN' }] },
    });
    const { message } = (await refusal.catch((error: unknown) => error)) as Error;
    expect(message).toBe(
      `None of the brand's channels takes the item: backmarket needs the product's GTIN, and ${JACKET} has none in the brand's catalogue; refurbed needs the product's GTIN, and ${JACKET} has none in the brand's catalogue. Mend the catalogue or switch on a channel that takes it, then route the item to RESELL again; or route it elsewhere`,
    );
    expect(await recordOf(id)).toEqual(before);
  });

  it("names a grade a channel does not sell, and a product gone from the brand's catalogue", async () => {
    const brand = await aBrand(sellingOn('backmarket'));
    const defective = await aRepairedItem(brand, PHONE, 'DEFECTIVE');
    await expect(preparation.prepareListings(defective)).rejects.toMatchObject({
      name: 'NoChannelTakesItemError',
      message: expect.stringMatching(/^None of the brand's channels takes the item: backmarket does not sell items of grade DEFECTIVE\. /),
    });

    const gone = await aBrand(sellingOn('shopify'), demoBrand.products.filter((product) => product.sku !== PHONE));
    const orphan = await aRepairedItem(gone, PHONE);
    await expect(preparation.prepareListings(orphan)).rejects.toMatchObject({
      name: 'NoChannelTakesItemError',
      extensions: { sku: PHONE, notInCatalogue: true },
      message: expect.stringMatching(/^The item's product DO-PHONE-X2-128 is no longer in the brand's catalogue/),
    });
    expect((await store.getPassport(orphan))?.state).toBe('REPAIRED');
  });

  it('lists the item on the channels that take it when one does, as before', async () => {
    const brand = await aBrand(sellingOn('ebay', 'backmarket', 'refurbed'));
    const id = await aRepairedItem(brand, JACKET);

    expect(await preparation.prepareListings(id)).toEqual({ outcome: 'LISTED', changes: [{ passportId: id, channel: 'ebay' }] });
  });

  it('leaves the item of a brand that sells on no channel of the platform waiting, unflagged: no resale configuration, or every channel off', async () => {
    for (const resale of [undefined, sellingOn()]) {
      const brand = await aBrand(resale);
      const id = await aRepairedItem(brand, JACKET);
      const before = await recordOf(id);

      expect(await preparation.prepareListings(id)).toEqual({ outcome: 'NO_CHANNEL', changes: [] });
      expect(await recordOf(id)).toEqual(before);
    }
  });

  it('leaves a refused item to a person with the reason, who lists it once the catalogue has its GTIN and it is routed to RESELL again', async () => {
    const brand = await aBrand(sellingOn('backmarket'));
    const id = await aRepairedItem(brand, JACKET);
    const failure = (await preparation.prepareListings(id).catch((error: unknown) => error)) as NoChannelTakesItemError;
    expect(failure).toBeInstanceOf(NoChannelTakesItemError);
    // The workflow's flag step, as Step Functions hands it the failure.
    const cause = JSON.stringify({ errorType: failure.name, errorMessage: failure.message });
    expect(await failures.flagListingFailure(id, { error: failure.name, cause })).toEqual({ flagged: true });
    expect(await store.getPassport(id)).toMatchObject({
      state: 'NEEDS_ATTENTION',
      attention: {
        basis: { kind: 'STEP_FAILED', step: 'LISTING', error: 'NoChannelTakesItemError', message: failure.message },
        reason: `Listing failed (NoChannelTakesItemError): ${failure.message}. Check the brand's channels and price rules, then route the item to RESELL again.`,
      },
    });

    const products = demoBrand.products.map((product) => (product.sku === JACKET ? { ...product, gtin: '4260123450090' } : product));
    await store.putCatalog(catalogOf(brand, sellingOn('backmarket'), products));
    const ops: Staff = { subject: 'ops-1', brand, roles: ['ops'] };
    expect(await receipts.overrideRoute(ops, id, { route: 'RESELL', reason: 'GTIN added to the catalogue' })).toMatchObject({ state: 'GRADED' });

    expect(await preparation.prepareListings(id)).toEqual({ outcome: 'LISTED', changes: [{ passportId: id, channel: 'backmarket' }] });
    expect((await listings.get(id, 'backmarket'))?.content.product.gtin).toBe('4260123450090');
  });
});
