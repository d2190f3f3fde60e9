import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { demoBrand, demoRepairPartners } from '../../local/seed/demo-brand';
import { DynamoDbBrandConfigStore } from '../../shared/adapters/dynamodb/brand-config-store';
import { brandConfigKey, brandConfigVersionKey, repairPartnerKey } from '../../shared/adapters/dynamodb/keys';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { BrandConfigUnreadableError, canonicalJson, PreconditionFailedError } from '../../shared/domain/brand-config';
import type { BrandCatalog } from '../../shared/domain/catalog';
import { UnprocessableError } from '../../shared/domain/errors';
import { BrandCatalogSchema } from '../../shared/schemas/brand-config';
import { newId } from '../../shared/services/tokens';
import { createTableLikeStack, localDynamoDb, transactionsConflicting } from '../support/table';

const aBrand = (): BrandCatalog => ({ ...demoBrand, config: { ...demoBrand.config, brand: `cfg-${newId().toLowerCase().slice(-12)}` } });
const renamed = (catalog: BrandCatalog, name: string): BrandCatalog => ({ ...catalog, config: { ...catalog.config, name } });

describe('DynamoDbBrandConfigStore against DynamoDB Local', () => {
  let tableName: string;
  let doc: DynamoDBDocumentClient;
  let configs: DynamoDbBrandConfigStore;
  let passports: DynamoDbSeedingPassportStore;
  let network: DynamoDbRepairNetworkStore;

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    tableName = `brand-config-${newId()}`;
    await createTableLikeStack(client, tableName);
    doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    configs = new DynamoDbBrandConfigStore(tableName, client);
    passports = new DynamoDbSeedingPassportStore(tableName, client);
    network = new DynamoDbRepairNetworkStore(tableName, passports, client);
  });

  it('saves each change as the next version and lists the versions newest first with who, when and what changed', async () => {
    const catalog = aBrand();
    const first = await configs.save(catalog, { expectedVersion: 0, by: 'anna', at: '2026-12-01T09:00:00.000Z', changed: ['identity', 'products'] });
    const second = await configs.save(renamed(catalog, 'Demo GmbH'), { expectedVersion: 1, by: 'ben', at: '2026-12-01T10:00:00.000Z', changed: ['identity'] });

    expect([first, second]).toEqual([1, 2]);
    expect(await configs.current(catalog.config.brand)).toEqual({ catalog: renamed(catalog, 'Demo GmbH'), version: 2, by: 'ben', at: '2026-12-01T10:00:00.000Z' });
    expect((await configs.history(catalog.config.brand, { limit: 10 })).versions).toEqual([
      { version: 2, by: 'ben', at: '2026-12-01T10:00:00.000Z', changed: ['identity'] },
      { version: 1, by: 'anna', at: '2026-12-01T09:00:00.000Z', changed: ['identity', 'products'] },
    ]);
  });

  it('pages through the history with an opaque cursor', async () => {
    const catalog = aBrand();
    for (let version = 1; version <= 3; version++) {
      await configs.save(renamed(catalog, `Name ${version}`), { expectedVersion: version - 1, by: 'anna', at: '2026-12-01T09:00:00.000Z', changed: ['identity'] });
    }
    const page = await configs.history(catalog.config.brand, { limit: 2 });
    const rest = await configs.history(catalog.config.brand, { limit: 2, cursor: page.cursor! });
    expect([...page.versions, ...rest.versions].map((entry) => entry.version)).toEqual([3, 2, 1]);
  });

  it('lets exactly one of ten concurrent saves from the same version win, and refuses the others', async () => {
    const catalog = aBrand();
    await configs.save(catalog, { expectedVersion: 0, by: 'anna', at: '2026-12-01T09:00:00.000Z', changed: [] });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, n) =>
        configs.save(renamed(catalog, `Writer ${n}`), { expectedVersion: 1, by: `writer-${n}`, at: '2026-12-01T10:00:00.000Z', changed: ['identity'] }),
      ),
    );

    const won = outcomes.flatMap((outcome, n) => (outcome.status === 'fulfilled' ? [n] : []));
    expect(won).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected').map((outcome) => (outcome as PromiseRejectedResult).reason)).toEqual(
      Array.from({ length: 9 }, () => expect.any(PreconditionFailedError)),
    );
    expect((await configs.current(catalog.config.brand))?.catalog.config.name).toBe(`Writer ${won[0]}`);
    expect((await configs.history(catalog.config.brand, { limit: 10 })).versions.map((entry) => entry.by)).toEqual([`writer-${won[0]}`, 'anna']);
  });

  it('saves once when DynamoDB cancels the save for a conflict with another writer, as it does while two saves meet', async () => {
    const catalog = aBrand();
    const conflicting = transactionsConflicting(inject('dynamodbEndpoint'), 2);
    const contended = new DynamoDbBrandConfigStore(tableName, conflicting.client);

    const version = await contended.save(catalog, { expectedVersion: 0, by: 'anna', at: '2026-12-01T09:00:00.000Z', changed: ['identity'] });

    expect(conflicting.cancelled()).toBe(2);
    expect(version).toBe(1);
    expect((await configs.current(catalog.config.brand))?.version).toBe(1);
    expect((await configs.history(catalog.config.brand, { limit: 10 })).versions).toHaveLength(1);
  });

  it('refuses a configuration too large for one item with 422, before it writes anything', async () => {
    const catalog = aBrand();
    await configs.save(catalog, { expectedVersion: 0, by: 'anna', at: '2026-12-01T09:00:00.000Z', changed: [] });
    // Names that do not compress: 4,000 products of 150 random characters are about 1.2 MB of JSON, 0.5 MB gzipped.
    const noise = () => randomBytes(113).toString('base64').slice(0, 150);
    const products = Array.from({ length: 4_000 }, (_, index) => ({ ...demoBrand.products[0]!, sku: `BULK-${index}`, name: noise() }));
    const huge = { ...catalog, products };

    const refused = configs.save(huge, { expectedVersion: 1, by: 'ben', at: '2026-12-01T10:00:00.000Z', changed: ['products'] });
    await expect(refused).rejects.toBeInstanceOf(UnprocessableError);
    await expect(refused).rejects.toThrow(/^The configuration is too large to store: \d+ KB compressed, at most 380 KB/);
    expect(await configs.current(catalog.config.brand)).toMatchObject({ catalog, version: 1 });
    expect((await configs.history(catalog.config.brand, { limit: 10 })).versions.map((entry) => entry.version)).toEqual([1]);
    // Just under the limit it is stored, as one item each.
    const fits = { ...catalog, products: products.slice(0, 1_500) };
    expect(await configs.save(fits, { expectedVersion: 1, by: 'ben', at: '2026-12-01T10:00:00.000Z', changed: ['products'] })).toBe(2);
  });

  it("refuses with 422 a configuration that compresses well but would not fit Lambda's answer, before it writes anything", async () => {
    const catalog = aBrand();
    await configs.save(catalog, { expectedVersion: 0, by: 'anna', at: '2026-12-01T09:00:00.000Z', changed: [] });
    // The same product again and again: 5.1 MB of JSON (5.9 MB as the API answers it) that gzips to 0.1 MB.
    const products = Array.from({ length: 30_000 }, (_, index) => ({ ...demoBrand.products[0]!, sku: `BULK-${index}` }));
    const huge = { ...catalog, products };
    expect(gzipSync(canonicalJson(huge)).byteLength).toBeLessThan(380_000);

    const refused = configs.save(huge, { expectedVersion: 1, by: 'ben', at: '2026-12-01T10:00:00.000Z', changed: ['products'] });
    await expect(refused).rejects.toBeInstanceOf(UnprocessableError);
    await expect(refused).rejects.toThrow(/^The configuration is too large to serve: \d+ KB as the API answers it, at most 5243 KB/);
    expect(await configs.current(catalog.config.brand)).toMatchObject({ catalog, version: 1 });
    // Under the limit it is stored, and read back.
    const fits = { ...catalog, products: products.slice(0, 8_000) };
    expect(await configs.save(fits, { expectedVersion: 1, by: 'ben', at: '2026-12-01T10:00:00.000Z', changed: ['products'] })).toBe(2);
    expect((await configs.current(catalog.config.brand))?.catalog.products).toHaveLength(8_000);
  });

  it('writes nothing when one item of a save cannot be written', async () => {
    const catalog = aBrand();
    await configs.save(catalog, { expectedVersion: 0, by: 'anna', at: '2026-12-01T09:00:00.000Z', changed: [] });
    // A version 2 that is there already makes the second item of the next save fail its condition.
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...brandConfigVersionKey(catalog.config.brand, 2), entity: 'BrandConfigVersion' } }));

    await expect(
      configs.save(renamed(catalog, 'Never saved'), { expectedVersion: 1, by: 'ben', at: '2026-12-01T10:00:00.000Z', changed: ['identity'] }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(await configs.current(catalog.config.brand)).toMatchObject({ version: 1, by: 'anna', catalog: { config: { name: catalog.config.name } } });
  });

  it('refuses a stored configuration that does not parse instead of handing it out, for that brand only', async () => {
    const broken = aBrand();
    const healthy = aBrand();
    await passports.putCatalog(healthy);
    const tampered = { ...broken, config: { ...broken.config, offerRules: { ...broken.config.offerRules, smartphone: { LIKE_NEW: { minShare: 'a lot' } } } } };
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...brandConfigKey(broken.config.brand), entity: 'BrandConfig', version: 1, by: 'someone', at: '2026-12-01T09:00:00.000Z', document: gzipSync(JSON.stringify(tampered)) },
      }),
    );

    const refused = await passports.getCatalog(broken.config.brand).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BrandConfigUnreadableError);
    expect((refused as BrandConfigUnreadableError).problems).toContainEqual(expect.stringContaining('config.offerRules.smartphone.LIKE_NEW.minShare'));
    expect((refused as BrandConfigUnreadableError).message).not.toContain('minShare');
    expect(await passports.getCatalog(healthy.config.brand)).toEqual(healthy);
  });

  it('parses the stored bytes once for the reads that find them unchanged, and again as soon as they change', async () => {
    const catalog = aBrand();
    const brand = catalog.config.brand;
    await configs.seed(catalog, '2026-12-01T09:00:00.000Z');
    const parse = vi.spyOn(BrandCatalogSchema, 'safeParse');

    const [first, second] = [await configs.current(brand), await configs.current(brand)];
    expect(second!.catalog).toBe(first!.catalog);
    expect(first!.catalog).toEqual(catalog);
    expect(parse).toHaveBeenCalledTimes(1);
    // Handed out again and again, so nobody may change it.
    expect(Object.isFrozen(first!.catalog.config.offerRules)).toBe(true);
    expect(() => {
      (first!.catalog.config as { name: string }).name = 'changed';
    }).toThrow(TypeError);

    await configs.save(renamed(catalog, 'Renamed'), { expectedVersion: first!.version, by: 'ops', at: '2026-12-01T10:00:00.000Z', changed: ['identity'] });
    expect((await configs.current(brand))!.catalog.config.name).toBe('Renamed');
    expect(parse).toHaveBeenCalledTimes(2);
    // Bytes changed behind the store's back, under the same version, are parsed (and here refused) too.
    const tampered = { ...catalog, config: { ...catalog.config, offerRules: { smartphone: { LIKE_NEW: { minShare: 'a lot' } } } } };
    await doc.send(new UpdateCommand({ TableName: tableName, Key: brandConfigKey(brand), UpdateExpression: 'SET #document = :document', ExpressionAttributeNames: { '#document': 'document' }, ExpressionAttributeValues: { ':document': gzipSync(JSON.stringify(tampered)) } }));
    await expect(configs.current(brand)).rejects.toBeInstanceOf(BrandConfigUnreadableError);
    expect(parse).toHaveBeenCalledTimes(3);
    parse.mockRestore();
  });

  it('refuses a configuration item written before configurations were versioned', async () => {
    const catalog = aBrand();
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...brandConfigKey(catalog.config.brand), entity: 'BrandConfig', ...catalog.config } }));
    await expect(passports.getCatalog(catalog.config.brand)).rejects.toBeInstanceOf(BrandConfigUnreadableError);
  });

  it('replaces an unreadable configuration when the platform seeds the brand again, as the next version', async () => {
    const catalog = aBrand();
    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...brandConfigKey(catalog.config.brand), entity: 'BrandConfig', version: 4, by: 'someone', at: '2026-12-01T09:00:00.000Z', document: gzipSync('{') },
      }),
    );
    await passports.putCatalog(catalog);
    expect(await configs.current(catalog.config.brand)).toMatchObject({ catalog, version: 5, by: 'kreislauf' });
  });

  it('adds no version when the platform seeds a brand with the configuration it has', async () => {
    const catalog = aBrand();
    await passports.putCatalog(catalog);
    await passports.putCatalog(structuredClone(catalog));
    expect((await configs.history(catalog.config.brand, { limit: 10 })).versions).toHaveLength(1);
  });

  it('refuses to seed a configuration that does not validate, and keeps the one stored', async () => {
    const catalog = aBrand();
    await passports.putCatalog(catalog);
    const invalid = { ...catalog, products: [...catalog.products, { ...catalog.products[0]! }] };
    await expect(passports.putCatalog(invalid)).rejects.toThrow(/does not validate/);
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: brandConfigKey(catalog.config.brand), ConsistentRead: true }));
    expect(Item?.version).toBe(1);
  });

  it("refuses a stored repair partner that does not parse for its brand, and still finds the partner id's other brands", async () => {
    const [broken, healthy] = [aBrand().config.brand, aBrand().config.brand];
    const partner = demoRepairPartners[0]!;
    for (const brand of [broken, healthy]) await network.savePartner({ ...partner, brand }, { sealed: 'sealed-secret', requireNew: true });
    const { PK, SK } = repairPartnerKey(broken, partner.partnerId);
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { PK, SK },
        UpdateExpression: 'SET #capacity = :lots',
        ExpressionAttributeNames: { '#capacity': 'capacity' },
        ExpressionAttributeValues: { ':lots': 'lots' },
      }),
    );

    await expect(network.getPartner(broken, partner.partnerId)).rejects.toBeInstanceOf(BrandConfigUnreadableError);
    await expect(network.partners(broken)).rejects.toBeInstanceOf(BrandConfigUnreadableError);
    expect((await network.partnersWithId(partner.partnerId)).map((stored) => stored.partner.brand)).toEqual([healthy]);
    expect(await network.partners(healthy)).toEqual([{ ...partner, brand: healthy }]);
  });
});
