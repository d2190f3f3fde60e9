import { DynamoDbAggregateStore } from '../../shared/adapters/dynamodb/aggregate-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { requiredEnv } from '../../shared/config';
import type { BrandConfig } from '../../shared/domain/catalog';
import { passportStore } from '../commons/stores';

// What the aggregation and the report route share: the aggregates and the brands' configurations
// on the platform's table. Each handler builds its service (only the report route draws PDFs).

export const aggregateStore = () => new DynamoDbAggregateStore(requiredEnv('TABLE_NAME'), dynamoDbClient());

export function brandConfigs(): (brand: string) => Promise<BrandConfig | undefined> {
  const store = passportStore();
  return async (brand) => (await store.getCatalog(brand))?.config;
}
