import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbBrandConfigStore } from '../../shared/adapters/dynamodb/brand-config-store';
import type { BrandCatalog } from '../../shared/domain/catalog';
import { BrandConfiguration } from '../../shared/services/brand-configuration';
import { newId } from '../../shared/services/tokens';
import { createTableLikeStack, localDynamoDb } from '../support/table';

// The brand configuration's saves over the real table.

const aBrand = (): BrandCatalog => ({ ...demoBrand, config: { ...demoBrand.config, brand: `cfg-${newId().toLowerCase().slice(-12)}` } });
const renamed = (catalog: BrandCatalog, name: string): BrandCatalog => ({ ...catalog, config: { ...catalog.config, name } });

describe('BrandConfiguration against DynamoDB Local', () => {
  let configs: DynamoDbBrandConfigStore;
  let service: BrandConfiguration;
  const adminOf = (brand: string, subject = 'anna') => ({ subject, brand, roles: ['admin' as const] });

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const tableName = `brand-configuration-${newId()}`;
    await createTableLikeStack(client, tableName);
    configs = new DynamoDbBrandConfigStore(tableName, client);
    service = new BrandConfiguration({ configs, now: () => new Date(), urlPolicy: { allowLocalHttp: false } });
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
});
