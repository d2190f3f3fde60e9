import { randomInt } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { demoRouting } from '../../local/seed/repair-network';
import { DHL_SENDER_COUNTRIES } from '../../shared/adapters/dhl/sender-countries';
import { DynamoDbBrandConfigStore } from '../../shared/adapters/dynamodb/brand-config-store';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbWorkQueue } from '../../shared/adapters/dynamodb/work-queue';
import type { BrandCatalog } from '../../shared/domain/catalog';
import { dhlAccountIdsOf, DhlAccountTakenError, MAX_SENDER_DOMAIN_LABELS, SenderDomainTakenError, senderDomainOf } from '../../shared/domain/brand-config';
import { problemFor } from '../../shared/http/problem';
import { ConflictError, UnprocessableError, ValidationError } from '../../shared/domain/errors';
import { BankAccounts } from '../../shared/services/bank-accounts';
import { BrandConfiguration } from '../../shared/services/brand-configuration';
import { FieldCipher } from '../../shared/services/field-cipher';
import { TakeBackOffers } from '../../shared/services/take-back-offers';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import type { Listing } from '../../shared/domain/listings';
import { TakeBackService } from '../../shared/services/take-back-service';
import { newId } from '../../shared/services/tokens';
import { aRequestedPassport } from '../support/fixtures';
import { createTableLikeStack, localDynamoDb } from '../support/table';

// The brand configuration's saves over the real table: concurrent saves, and what the brand has taken back.

/** DHL ids of a brand's own, as the deployment's one DHL account keeps them for each brand: receivers, a sender reference, billing numbers. */
const ownDhl = (): BrandCatalog['config']['carrier'] => {
  const suffix = newId().toLowerCase().slice(-12);
  // A billing number is the customer number (EKP, 10 digits), the product's procedure and the participation.
  const ekp = String(randomInt(1e9, 1e10));
  return {
    dhl: {
      receiverId: `deu-${suffix}`,
      receiverIds: { AT: `aut-${suffix}` },
      parcels: { ...demoBrand.config.carrier.dhl.parcels!, shipperRef: `warehouse-${suffix}`, billingNumbers: { V01PAK: `${ekp}0102`, V53WPAK: `${ekp}5301` } },
    },
  };
};
/** A brand like the demo brand, sending from a domain of its own, with DHL ids of its own. */
const aBrand = (): BrandCatalog => {
  const brand = `cfg-${newId().toLowerCase().slice(-12)}`;
  return { ...demoBrand, config: { ...demoBrand.config, brand, senderEmail: `take-back@shop-${newId().toLowerCase().slice(-12)}.example`, carrier: ownDhl() } };
};
const shippingWith = (catalog: BrandCatalog, carrier: BrandCatalog['config']['carrier']): BrandCatalog => ({ ...catalog, config: { ...catalog.config, carrier } });
const sendingFrom = (catalog: BrandCatalog, senderEmail: string): BrandCatalog => ({ ...catalog, config: { ...catalog.config, senderEmail } });
const renamed = (catalog: BrandCatalog, name: string): BrandCatalog => ({ ...catalog, config: { ...catalog.config, name } });
/** The brand with every amount in Swiss francs, and without the SEPA account only euros are paid from. */
const inFrancs = (catalog: BrandCatalog): BrandCatalog =>
  JSON.parse(JSON.stringify({ ...catalog, config: { ...catalog.config, payouts: { ...catalog.config.payouts!, sepaDebtor: undefined } } }).replaceAll('"EUR"', '"CHF"'));

describe('BrandConfiguration against DynamoDB Local', () => {
  let configs: DynamoDbBrandConfigStore;
  let takeBacks: DynamoDbSeedingPassportStore;
  let queues: DynamoDbWorkQueue;
  let service: BrandConfiguration;
  let listings: DynamoDbListingStore;
  const adminOf = (brand: string, subject = 'anna') => ({ subject, brand, roles: ['admin' as const] });
  /** An item of the brand listed on the channel, as the listing store keeps it. */
  const aListingOn = async (brand: string, channel: Listing['channel']): Promise<Listing> => {
    const passportId = newId();
    const listing: Listing = {
      passportId,
      brand,
      channel,
      sku: `${brand}-${passportId}`,
      price: { amount: 30_000, currency: 'EUR' },
      fee: { amount: 3_000, currency: 'EUR' },
      state: 'LISTED',
      content: {} as Listing['content'],
      updatedAt: '2026-12-07T10:00:00.000Z',
    };
    await listings.save(listing);
    return listing;
  };

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const tableName = `brand-configuration-${newId()}`;
    await createTableLikeStack(client, tableName);
    configs = new DynamoDbBrandConfigStore(tableName, client);
    takeBacks = new DynamoDbSeedingPassportStore(tableName, client);
    queues = new DynamoDbWorkQueue(tableName, client);
    listings = new DynamoDbListingStore(tableName, client);
    service = new BrandConfiguration({ configs, queues, now: () => new Date(), urlPolicy: { allowLocalHttp: false }, listings });
  });

  it('refuses to remove the settings of a channel the brand has items listed on, and lets it be switched off or removed once nothing is listed there', async () => {
    const catalog = aBrand();
    const brand = catalog.config.brand;
    const resale = catalog.config.resale!;
    await service.save(adminOf(brand), catalog, { ifNoneMatch: '*' });
    const listed = await aListingOn(brand, 'backmarket');
    const { backmarket, ...others } = resale.channels;
    const withoutBackMarket: BrandCatalog = { ...catalog, config: { ...catalog.config, resale: { ...resale, channels: others } } };
    const withoutResale: BrandCatalog = { ...catalog, config: { ...catalog.config, resale: undefined } };

    for (const removing of [withoutBackMarket, withoutResale]) {
      const refusal = service.save(adminOf(brand), removing, { ifMatch: '"v1"' });
      await expect(refusal).rejects.toBeInstanceOf(UnprocessableError);
      await expect(refusal).rejects.toMatchObject({ issues: [{ path: removing.config.resale ? ['config', 'resale', 'channels', 'backmarket'] : ['config', 'resale'] }] });
    }
    expect((await configs.current(brand))?.version).toBe(1);

    // Switched off, its orders are still read through its settings.
    const switchedOff: BrandCatalog = { ...catalog, config: { ...catalog.config, resale: { ...resale, channels: { ...resale.channels, backmarket: { ...backmarket!, enabled: false } } } } };
    expect((await service.save(adminOf(brand), switchedOff, { ifMatch: '"v1"' })).etag).toBe('"v2"');
    // Once its item sold elsewhere (the listing withdrawn there), the settings may go.
    await listings.save({ ...listed, state: 'WITHDRAWN' });
    expect((await service.save(adminOf(brand), withoutBackMarket, { ifMatch: '"v2"' })).etag).toBe('"v3"');
  });

  it('refuses to point a channel with items listed there at another shop, location or marketplace, and saves it once they are withdrawn', async () => {
    const catalog = aBrand();
    const brand = catalog.config.brand;
    const resale = catalog.config.resale!;
    const { shopify, ebay } = resale.channels;
    await service.save(adminOf(brand), catalog, { ifNoneMatch: '*' });
    const listedOn = (channel: 'shopify' | 'ebay') => aListingOn(brand, channel);
    const onShopify = await listedOn('shopify');
    const onEbay = await listedOn('ebay');
    const repointed = (channels: Partial<typeof resale.channels>): BrandCatalog => ({ ...catalog, config: { ...catalog.config, resale: { ...resale, channels: { ...resale.channels, ...channels } } } });
    const otherShop = repointed({ shopify: { ...shopify!, shopDomain: 'another-shop.myshopify.com', locationId: 'gid://shopify/Location/999' }, ebay: { ...ebay!, marketplaceId: 'EBAY_AT' } });

    const refused = await service.save(adminOf(brand), otherShop, { ifMatch: '"v1"' }).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(UnprocessableError);
    expect((refused as UnprocessableError).issues).toEqual([
      {
        in: 'body',
        path: ['config', 'resale', 'channels', 'shopify', 'shopDomain'],
        message: `must stay ${shopify!.shopDomain} while shopify has items listed: withdraw them there first, so that their orders are still read and they can be taken off sale`,
      },
      expect.objectContaining({ path: ['config', 'resale', 'channels', 'shopify', 'locationId'] }),
      expect.objectContaining({ path: ['config', 'resale', 'channels', 'ebay', 'marketplaceId'] }),
    ]);
    // Switched off, the channel's listings are still LISTED here: its old shop's orders would go unread all the same.
    const switchedOff = repointed({ shopify: { ...shopify!, enabled: false, shopDomain: 'another-shop.myshopify.com' } });
    await expect(service.save(adminOf(brand), switchedOff, { ifMatch: '"v1"' })).rejects.toMatchObject({ issues: [{ path: ['config', 'resale', 'channels', 'shopify', 'shopDomain'] }] });
    expect((await configs.current(brand))?.version).toBe(1);
    // Its other settings change freely, and once its items are withdrawn, so may the shop and the marketplace.
    expect((await service.save(adminOf(brand), repointed({ ebay: { ...ebay!, merchantLocationKey: 'another-warehouse' } }), { ifMatch: '"v1"' })).etag).toBe('"v2"');
    await listings.save({ ...onShopify, state: 'WITHDRAWN' });
    await listings.save({ ...onEbay, state: 'WITHDRAWN' });
    expect((await service.save(adminOf(brand), otherShop, { ifMatch: '"v2"' })).etag).toBe('"v3"');
  });

  it('saves each of twenty concurrent changes with If-Match: *, each as its own version, recorded once', async () => {
    const catalog = aBrand();
    const brand = catalog.config.brand;
    await service.save(adminOf(brand), catalog, { ifNoneMatch: '*' });

    const answers = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) => service.save(adminOf(brand, `writer-${n}`), renamed(catalog, `Writer ${n}`), { ifMatch: '*' })),
    );

    expect(answers.filter((answer) => answer.status === 'rejected')).toEqual([]);
    const etags = answers.map((answer) => (answer as PromiseFulfilledResult<{ etag: string }>).value.etag);
    expect(etags.toSorted()).toEqual(Array.from({ length: 20 }, (_, n) => `"v${n + 2}"`).toSorted());
    const { versions } = await configs.history(brand, { limit: 50 });
    expect(versions.map((entry) => entry.version)).toEqual(Array.from({ length: 21 }, (_, n) => 21 - n));
    expect(versions.slice(0, 20).map((entry) => entry.by).toSorted()).toEqual(Array.from({ length: 20 }, (_, n) => `writer-${n}`).toSorted());
    const last = versions[0]!.by;
    expect((await configs.current(brand))?.catalog.config.name).toBe(`Writer ${last.slice('writer-'.length)}`);
  });

  it('refuses a new currency with 422 at config.currency once the brand has taken an item back, and saves nothing', async () => {
    const catalog = aBrand();
    const brand = catalog.config.brand;
    await service.save(adminOf(brand), catalog, { ifNoneMatch: '*' });
    await aRequestedPassport(takeBacks, { brand });

    const refused = await service.save(adminOf(brand), inFrancs(catalog), { ifMatch: '"v1"' }).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(UnprocessableError);
    expect((refused as UnprocessableError).issues).toEqual([{ in: 'body', path: ['config', 'currency'], message: 'must stay EUR: the brand has taken items back in it' }]);
    expect(await configs.current(brand)).toMatchObject({ version: 1, catalog: { config: { currency: 'EUR' } } });
  });

  it('saves a new currency for a brand that has taken nothing back, whatever other brands have', async () => {
    const catalog = aBrand();
    const brand = catalog.config.brand;
    await service.save(adminOf(brand), catalog, { ifNoneMatch: '*' });
    await aRequestedPassport(takeBacks, { brand: `${brand}x` });

    expect((await service.save(adminOf(brand), inFrancs(catalog), { ifMatch: '"v1"' })).etag).toBe('"v2"');
    expect((await configs.current(brand))?.catalog.config.currency).toBe('CHF');
  });

  it('refuses with 409 a take-back on a quote made before the brand changed its currency, writing no passport, and takes one on a new quote', async () => {
    const unrouted = aBrand();
    const catalog: BrandCatalog = { ...unrouted, config: { ...unrouted.config, routing: demoRouting } };
    const brand = catalog.config.brand;
    await service.save(adminOf(brand), catalog, { ifNoneMatch: '*' });
    const now = () => new Date();
    const offers = new TakeBackOffers({ store: takeBacks, now, newId });
    const requests = new TakeBackService({
      store: takeBacks,
      now,
      newId,
      trackingSecret: async () => 'tracking-secret-for-tests',
      bankAccounts: new BankAccounts(new FieldCipher(async () => 'field-key-for-tests')),
    });
    const smartphone = demoBrand.products.find((product) => product.category === 'smartphone')!;
    const answers = Object.fromEntries(demoBrand.questions.filter((question) => question.category === 'smartphone').map((question) => [question.id, question.options[0]!.id]));
    const aRequest = (quoteId: string) => ({
      quoteId,
      customer: { name: 'Erika Mustermann', email: 'erika@example.org' },
      address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' },
      payout: { method: 'VOUCHER' as const },
    });
    const inEuros = await offers.quote(brand, { sku: smartphone.sku, answers });
    await service.save(adminOf(brand), inFrancs(catalog), { ifMatch: '"v1"' });

    const refused = await requests.request(brand, aRequest(inEuros.quoteId)).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).message).toBe('This quote is in EUR, and Demo Outfitters now takes items back in CHF: ask for a new quote.');
    // No passport written: a take-back would be in the brand's REQUESTED queue.
    expect((await queues.passportsIn(brand, 'REQUESTED', { limit: 1 })).passports).toEqual([]);
    const inFrancsQuote = await offers.quote(brand, { sku: smartphone.sku, answers });
    expect(inFrancsQuote.value.currency).toBe('CHF');
    const created = await requests.request(brand, aRequest(inFrancsQuote.quoteId));
    expect((await takeBacks.getPassport(created.id))?.offer.value.currency).toBe('CHF');
  });

  describe("a brand's sender domain", () => {
    it("refuses another brand's domain in any case, at any address and subdomain, with 422 at config.senderEmail, not naming it, and saves nothing", async () => {
      const first = aBrand();
      await service.save(adminOf(first.config.brand), first, { ifNoneMatch: '*' });
      const second = aBrand();
      await service.save(adminOf(second.config.brand), second, { ifNoneMatch: '*' });
      const domain = senderDomainOf(first.config.senderEmail);

      for (const address of [`take-back@${domain}`, `Hello@${domain.toUpperCase()}`, `news@mail.${domain}`]) {
        const refused = await service.save(adminOf(second.config.brand), sendingFrom(second, address), { ifMatch: '"v1"' }).catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(SenderDomainTakenError);
        expect((refused as SenderDomainTakenError).issues).toEqual([
          { in: 'body', path: ['config', 'senderEmail'], message: `must be an address of your own domain: ${senderDomainOf(address)} is used by another brand` },
        ]);
        expect(JSON.stringify(problemFor(refused))).not.toContain(first.config.brand);
      }
      expect(await configs.current(second.config.brand)).toMatchObject({ version: 1, catalog: { config: { senderEmail: second.config.senderEmail } } });
      // A new configuration is held to it too; the brand holding it sends from any of its addresses.
      const third = aBrand();
      await expect(service.save(adminOf(third.config.brand), sendingFrom(third, `x@${domain}`), { ifNoneMatch: '*' })).rejects.toBeInstanceOf(SenderDomainTakenError);
      expect((await service.save(adminOf(first.config.brand), sendingFrom(first, `returns@${domain}`), { ifMatch: '"v1"' })).etag).toBe('"v2"');
    });

    it('refuses with 400 at config.senderEmail a domain of more labels than a save can hold, and saves a deep one within the bound', async () => {
      // Each domain above the sender's is marked in the save's transaction (a brand's claim below it); until the evening of
      // 7 December 2026 a domain of 50 labels took the save past DynamoDB's 100 items in a transaction: a 500.
      const brand = aBrand();
      const root = `deep-${newId().toLowerCase()}.example`;
      const deep = (labels: number) => `returns@${Array.from({ length: labels - 2 }, (_, index) => `l${index}`).join('.')}.${root}`;
      const refused = await service.save(adminOf(brand.config.brand), sendingFrom(brand, deep(50)), { ifNoneMatch: '*' }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).issues).toEqual([
        { in: 'body', path: ['config', 'senderEmail'], message: `must be an address of a domain of at most ${MAX_SENDER_DOMAIN_LABELS} labels` },
      ]);
      expect(await configs.current(brand.config.brand)).toBeUndefined();
      expect((await service.save(adminOf(brand.config.brand), sendingFrom(brand, deep(MAX_SENDER_DOMAIN_LABELS)), { ifNoneMatch: '*' })).etag).toBe('"v1"');
      // Leaving it for another as deep releases it and marks the other's in one save.
      expect((await service.save(adminOf(brand.config.brand), sendingFrom(brand, deep(MAX_SENDER_DOMAIN_LABELS).replace('returns@l0.', 'returns@m0.')), { ifMatch: '"v1"' })).etag).toBe('"v2"');
    });

    it("refuses a domain above another brand's, and gives a domain up when its brand sends from another", async () => {
      const [child, parent] = [aBrand(), aBrand()];
      const root = `company-${newId().toLowerCase()}.example`;
      await service.save(adminOf(child.config.brand), sendingFrom(child, `returns@shop.${root}`), { ifNoneMatch: '*' });
      // The parent's claim would shut the child's brand out of its own subdomains (a public suffix such as co.uk too).
      await service.save(adminOf(parent.config.brand), parent, { ifNoneMatch: '*' });
      // (DynamoDB Local writes the index with the item; in AWS it follows within a second, the window docs/brand-config.md names.)
      await expect(service.save(adminOf(parent.config.brand), sendingFrom(parent, `x@${root}`), { ifMatch: '"v1"' })).rejects.toBeInstanceOf(SenderDomainTakenError);
      expect(await configs.senderDomainHolder(root)).toBeUndefined();
      // The child moves to a domain of its own: the old one is given up in the same save, and another brand may have it.
      await service.save(adminOf(child.config.brand), sendingFrom(child, `returns@other-${newId().toLowerCase()}.example`), { ifMatch: '"v1"' });
      expect(await configs.senderDomainHolder(`shop.${root}`)).toBeUndefined();
      expect(await configs.brandsHoldingWithin(root)).toEqual([]);
      expect((await service.save(adminOf(parent.config.brand), sendingFrom(parent, `x@${root}`), { ifMatch: '"v1"' })).etag).toBe('"v2"');
      expect(await configs.senderDomainHolder(root)).toBe(parent.config.brand);
      // Into a subdomain of its own domain and back, each in one save: the domain left is given up, the new one held.
      expect((await service.save(adminOf(parent.config.brand), sendingFrom(parent, `x@mail.${root}`), { ifMatch: '"v2"' })).etag).toBe('"v3"');
      expect([await configs.senderDomainHolder(root), await configs.senderDomainHolder(`mail.${root}`)]).toEqual([undefined, parent.config.brand]);
      expect((await service.save(adminOf(parent.config.brand), sendingFrom(parent, `x@${root}`), { ifMatch: '"v3"' })).etag).toBe('"v4"');
      expect([await configs.senderDomainHolder(root), await configs.senderDomainHolder(`mail.${root}`)]).toEqual([parent.config.brand, undefined]);
    });

    it('lets one of two brands claiming the same new domain at once have it, and refuses the other', async () => {
      const brands = [aBrand(), aBrand()];
      for (const catalog of brands) await service.save(adminOf(catalog.config.brand), catalog, { ifNoneMatch: '*' });
      const domain = `shared-${newId().toLowerCase()}.example`;

      const answers = await Promise.allSettled(brands.map((catalog) => service.save(adminOf(catalog.config.brand), sendingFrom(catalog, `take-back@${domain}`), { ifMatch: '"v1"' })));

      expect(answers.map((answer) => answer.status).toSorted()).toEqual(['fulfilled', 'rejected']);
      expect(answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason] : []))).toEqual([expect.any(SenderDomainTakenError)]);
      const holder = brands[answers.findIndex((answer) => answer.status === 'fulfilled')]!.config.brand;
      expect(await configs.senderDomainHolder(domain)).toBe(holder);
    });

    it('refuses in the save itself a subdomain of a domain another brand came to hold after the read', async () => {
      const holder = aBrand();
      await service.save(adminOf(holder.config.brand), holder, { ifNoneMatch: '*' });
      const late = aBrand();
      const subdomain = `mail.${senderDomainOf(holder.config.senderEmail)}`;

      const refused = configs.save(sendingFrom(late, `x@${subdomain}`), { expectedVersion: 0, by: 'anna', at: '2026-12-01T09:00:00.000Z', changed: [], claimSenderDomain: subdomain });

      await expect(refused).rejects.toBeInstanceOf(SenderDomainTakenError);
      expect(await configs.current(late.config.brand)).toBeUndefined();
      expect(await configs.senderDomainHolder(subdomain)).toBeUndefined();
    });

    it('refuses in the save itself a domain above one another brand came to hold after the read', async () => {
      const child = aBrand();
      const root = `company-${newId().toLowerCase()}.example`;
      await service.save(adminOf(child.config.brand), sendingFrom(child, `a@shop.${root}`), { ifNoneMatch: '*' });
      const late = aBrand();

      const refused = configs.save(sendingFrom(late, `a@${root}`), { expectedVersion: 0, by: 'anna', at: '2026-12-01T09:00:00.000Z', changed: [], claimSenderDomain: root });

      await expect(refused).rejects.toBeInstanceOf(SenderDomainTakenError);
      expect(await configs.current(late.config.brand)).toBeUndefined();
      expect(await configs.senderDomainHolder(root)).toBeUndefined();
    });

    it('lets one of a parent and a child domain claimed at once by two brands be held, in each of 12 rounds', async () => {
      for (let round = 0; round < 12; round++) {
        const [parent, child] = [aBrand(), aBrand()];
        for (const catalog of [parent, child]) await service.save(adminOf(catalog.config.brand), catalog, { ifNoneMatch: '*' });
        const root = `storm-${newId().toLowerCase()}.example`;

        const answers = await Promise.allSettled([
          service.save(adminOf(child.config.brand), sendingFrom(child, `a@shop.${root}`), { ifMatch: '"v1"' }),
          service.save(adminOf(parent.config.brand), sendingFrom(parent, `a@${root}`), { ifMatch: '"v1"' }),
        ]);

        expect(answers.map((answer) => answer.status).toSorted()).toEqual(['fulfilled', 'rejected']);
        expect(answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason] : []))).toEqual([expect.any(SenderDomainTakenError)]);
        const held = [await configs.senderDomainHolder(`shop.${root}`), await configs.senderDomainHolder(root)];
        expect(held).toEqual(answers[0].status === 'fulfilled' ? [child.config.brand, undefined] : [undefined, parent.config.brand]);
      }
    });

    it("leaves a brand the domain its configuration had before domains were held, when another brand holds it, and saves its other changes", async () => {
      const holder = aBrand();
      await configs.seed(holder, '2026-12-01T09:00:00.000Z');
      // Saved before the check, with the holder's sender: as the local cloud's brands copied from the demo brand are.
      const sharing = sendingFrom(aBrand(), holder.config.senderEmail);
      await configs.seed(sharing, '2026-12-01T09:00:00.000Z');
      expect(await configs.senderDomainHolder(senderDomainOf(holder.config.senderEmail))).toBe(holder.config.brand);

      expect((await service.save(adminOf(sharing.config.brand), renamed(sharing, 'Sharing GmbH'), { ifMatch: '"v1"' })).etag).toBe('"v2"');
      expect(await configs.senderDomainHolder(senderDomainOf(holder.config.senderEmail))).toBe(holder.config.brand);
    });

    it('claims the domain of a configuration saved before domains were held at its next save, where no brand holds it', async () => {
      const catalog = aBrand();
      await configs.save(catalog, { expectedVersion: 0, by: 'kreislauf', at: '2026-12-01T09:00:00.000Z', changed: [] });
      const domain = senderDomainOf(catalog.config.senderEmail);
      expect(await configs.senderDomainHolder(domain)).toBeUndefined();

      await service.save(adminOf(catalog.config.brand), renamed(catalog, 'Renamed'), { ifMatch: '"v1"' });

      expect(await configs.senderDomainHolder(domain)).toBe(catalog.config.brand);
      const other = aBrand();
      await service.save(adminOf(other.config.brand), other, { ifNoneMatch: '*' });
      await expect(service.save(adminOf(other.config.brand), sendingFrom(other, catalog.config.senderEmail), { ifMatch: '"v1"' })).rejects.toBeInstanceOf(SenderDomainTakenError);
    });
  });

  describe("a brand's DHL ids", () => {
    const dhl = ['config', 'carrier', 'dhl'];
    const holdersOf = (catalog: BrandCatalog) => configs.dhlIdHolders(dhlAccountIdsOf(catalog.config));
    /** A receiver for each of `count` countries (AA, AB, …), each of its own. */
    /** A receiver for each country DHL takes returns from (30), and made-up countries past them. */
    const receivers = (prefix: string, count: number = DHL_SENDER_COUNTRIES.length) =>
      Object.fromEntries(
        Array.from({ length: count }, (_, n) => [DHL_SENDER_COUNTRIES[n] ?? `Z${String.fromCharCode(65 + n - DHL_SENDER_COUNTRIES.length)}`, `${prefix}-${n}`]),
      );

    it("refuses a new brand naming the demo brand's receivers, sender reference and billing numbers, in any case, with 422 at each field, not naming it, and saves nothing", async () => {
      await configs.seed(demoBrand, '2026-12-01T09:00:00.000Z');
      const copying = shippingWith(aBrand(), demoBrand.config.carrier);

      const refused = await service.save(adminOf(copying.config.brand), copying, { ifNoneMatch: '*' }).catch((error: unknown) => error);

      expect(refused).toBeInstanceOf(DhlAccountTakenError);
      expect((refused as DhlAccountTakenError).issues.map((issue) => issue.path)).toEqual([
        [...dhl, 'receiverId'],
        [...dhl, 'receiverIds', 'AT'],
        [...dhl, 'parcels', 'shipperRef'],
        [...dhl, 'parcels', 'billingNumbers', 'V01PAK'],
        [...dhl, 'parcels', 'billingNumbers', 'V53WPAK'],
      ]);
      expect((refused as DhlAccountTakenError).issues[0]).toEqual({ in: 'body', path: [...dhl, 'receiverId'], message: 'must be a DHL return receiver of your own: this one is used by another brand' });
      expect(problemFor(refused).status).toBe(422);
      expect(JSON.stringify(problemFor(refused))).not.toMatch(/"demo"|Demo Outfitters/);
      expect(await configs.current(copying.config.brand)).toBeUndefined();
      expect(await holdersOf(demoBrand)).toEqual(dhlAccountIdsOf(demoBrand.config).map(() => 'demo'));

      // A brand with a configuration of its own is held to it as well, one field at a time and whatever the case.
      const own = aBrand();
      await service.save(adminOf(own.config.brand), own, { ifNoneMatch: '*' });
      const { receiverIds, parcels } = own.config.carrier.dhl;
      const changes: [BrandCatalog['config']['carrier'], (string | number)[]][] = [
        [{ dhl: { ...own.config.carrier.dhl, receiverId: 'DEU' } }, [...dhl, 'receiverId']],
        [{ dhl: { ...own.config.carrier.dhl, receiverIds: { ...receiverIds, CH: 'Aut' } } }, [...dhl, 'receiverIds', 'CH']],
        [{ dhl: { ...own.config.carrier.dhl, parcels: { ...parcels!, shipperRef: 'Kreislauf-Demo-Warehouse' } } }, [...dhl, 'parcels', 'shipperRef']],
        [{ dhl: { ...own.config.carrier.dhl, parcels: { ...parcels!, billingNumbers: { ...parcels!.billingNumbers, V01PAK: '33333333330102' } } } }, [...dhl, 'parcels', 'billingNumbers', 'V01PAK']],
      ];
      for (const [carrier, path] of changes) {
        const change = service.save(adminOf(own.config.brand), shippingWith(own, carrier), { ifMatch: '"v1"' });
        await expect(change).rejects.toMatchObject({ name: 'DhlAccountTakenError', issues: [expect.objectContaining({ path })] });
      }
      expect((await configs.current(own.config.brand))?.version).toBe(1);
    });

    it('lets one of two brands claiming the same new receiver at once have it, and refuses the other', async () => {
      const brands = [aBrand(), aBrand()];
      for (const catalog of brands) await service.save(adminOf(catalog.config.brand), catalog, { ifNoneMatch: '*' });
      const receiverId = `shared-${newId().toLowerCase().slice(-12)}`;

      const answers = await Promise.allSettled(
        brands.map((catalog) => service.save(adminOf(catalog.config.brand), shippingWith(catalog, { dhl: { ...catalog.config.carrier.dhl, receiverId } }), { ifMatch: '"v1"' })),
      );

      expect(answers.map((answer) => answer.status).toSorted()).toEqual(['fulfilled', 'rejected']);
      expect(answers.flatMap((answer) => (answer.status === 'rejected' ? [answer.reason] : []))).toEqual([expect.any(DhlAccountTakenError)]);
      const winner = brands[answers.findIndex((answer) => answer.status === 'fulfilled')]!.config.brand;
      expect(await configs.dhlIdHolders([{ kind: 'receiver', id: receiverId, paths: [] }])).toEqual([winner]);
    });

    it('refuses in the save itself a receiver another brand came to hold after the read, and saves nothing', async () => {
      const holder = aBrand();
      await service.save(adminOf(holder.config.brand), holder, { ifNoneMatch: '*' });
      const late = shippingWith(aBrand(), { dhl: { ...aBrand().config.carrier.dhl, receiverId: holder.config.carrier.dhl.receiverId } });

      const refused = configs.save(late, { expectedVersion: 0, by: 'anna', at: '2026-12-01T09:00:00.000Z', changed: [], claimDhlIds: dhlAccountIdsOf(late.config) });

      await expect(refused).rejects.toMatchObject({ name: 'DhlAccountTakenError', issues: [{ path: [...dhl, 'receiverId'] }] });
      expect(await configs.current(late.config.brand)).toBeUndefined();
      expect(await holdersOf(late)).toEqual([holder.config.brand, undefined, undefined, undefined, undefined]);
    });

    it('gives up every DHL id a brand leaves in the save that leaves them, and claims the new ones, all in one save', async () => {
      const first = aBrand();
      const moving = shippingWith(first, { dhl: { ...first.config.carrier.dhl, receiverIds: receivers(`old-${newId().toLowerCase().slice(-8)}`) } });
      await service.save(adminOf(moving.config.brand), moving, { ifNoneMatch: '*' });
      expect(new Set(await holdersOf(moving))).toEqual(new Set([moving.config.brand]));
      // Every receiver, the sender reference, both billing numbers and the sender's domain, each to another, in one save.
      const moved: BrandCatalog = {
        ...moving,
        config: { ...moving.config, senderEmail: `returns@mail.moved-${newId().toLowerCase()}.example`, carrier: { dhl: { ...ownDhl().dhl, receiverIds: receivers(`new-${newId().toLowerCase().slice(-8)}`) } } },
      };

      expect((await service.save(adminOf(moving.config.brand), moved, { ifMatch: '"v1"' })).etag).toBe('"v2"');

      expect(new Set(await holdersOf(moving))).toEqual(new Set([undefined]));
      expect(new Set(await holdersOf(moved))).toEqual(new Set([moving.config.brand]));
      // What it gave up, another brand may have.
      const next = shippingWith(aBrand(), moving.config.carrier);
      expect((await service.save(adminOf(next.config.brand), next, { ifNoneMatch: '*' })).etag).toBe('"v1"');
      expect(new Set(await holdersOf(next))).toEqual(new Set([next.config.brand]));
    });

    it('refuses more than 30 receivers in a save that changes them with 400 at receiverIds, and saves nothing', async () => {
      const catalog = aBrand();
      await service.save(adminOf(catalog.config.brand), catalog, { ifNoneMatch: '*' });

      const refused = await service
        .save(adminOf(catalog.config.brand), shippingWith(catalog, { dhl: { ...catalog.config.carrier.dhl, receiverIds: receivers(`many-${newId().toLowerCase().slice(-8)}`, 31) } }), { ifMatch: '"v1"' })
        .catch((error: unknown) => error);

      expect(refused).toBeInstanceOf(ValidationError);
      expect((refused as ValidationError).issues).toEqual([{ in: 'body', path: [...dhl, 'receiverIds'], message: 'must name at most 30 receivers' }]);
      expect((await configs.current(catalog.config.brand))?.version).toBe(1);
    });

    it("leaves a brand the DHL ids its configuration had before ids were held, when another brand holds them, and saves its other changes", async () => {
      await configs.seed(demoBrand, '2026-12-01T09:00:00.000Z');
      // Seeded as a copy of the demo brand, as the local cloud's and the tests' brands are.
      const copy: BrandCatalog = { ...demoBrand, config: { ...demoBrand.config, brand: `copy-${newId().toLowerCase().slice(-12)}` } };
      await configs.seed(copy, '2026-12-01T09:00:00.000Z');
      expect(new Set(await holdersOf(copy))).toEqual(new Set(['demo']));

      expect((await service.save(adminOf(copy.config.brand), renamed(copy, 'Copy GmbH'), { ifMatch: '"v1"' })).etag).toBe('"v2"');
      // Leaving one of them gives up nothing of the demo brand's.
      const leaving = shippingWith(renamed(copy, 'Copy GmbH'), { dhl: { ...copy.config.carrier.dhl, receiverIds: { AT: `aut-${newId().toLowerCase().slice(-12)}` } } });
      expect((await service.save(adminOf(copy.config.brand), leaving, { ifMatch: '"v2"' })).etag).toBe('"v3"');
      expect(await holdersOf(demoBrand)).toEqual(dhlAccountIdsOf(demoBrand.config).map(() => 'demo'));
      expect(await configs.dhlIdHolders([{ kind: 'receiver', id: leaving.config.carrier.dhl.receiverIds!.AT!, paths: [] }])).toEqual([copy.config.brand]);
    });

    it('claims the DHL ids of a configuration saved before ids were held at its next save, where no brand holds them', async () => {
      const catalog = aBrand();
      await configs.save(catalog, { expectedVersion: 0, by: 'kreislauf', at: '2026-12-01T09:00:00.000Z', changed: [] });
      expect(new Set(await holdersOf(catalog))).toEqual(new Set([undefined]));

      await service.save(adminOf(catalog.config.brand), renamed(catalog, 'Renamed'), { ifMatch: '"v1"' });

      expect(new Set(await holdersOf(catalog))).toEqual(new Set([catalog.config.brand]));
      const other = aBrand();
      await expect(service.save(adminOf(other.config.brand), shippingWith(other, catalog.config.carrier), { ifNoneMatch: '*' })).rejects.toBeInstanceOf(DhlAccountTakenError);
    });
  });
});
