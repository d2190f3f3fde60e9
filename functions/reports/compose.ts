import { DynamoDbAggregateReader, DynamoDbAggregateStore } from '../../shared/adapters/dynamodb/aggregate-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbLedgerStore } from '../../shared/adapters/dynamodb/ledger-store';
import { requiredEnv } from '../../shared/config';
import type { BrandConfig } from '../../shared/domain/catalog';
import { passportStore } from '../commons/stores';

// What the aggregation, the report route and the ledger export share: the aggregates, the ledger and
// the brands' configurations on the platform's table. Each handler builds its service (only the
// report route draws PDFs).

/** The aggregates as the aggregation records them. */
export const aggregateStore = () => new DynamoDbAggregateStore(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** The aggregates as the reports read them, without the recording's code. */
export const aggregateReader = () => new DynamoDbAggregateReader(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** The brand's ledger lines by time, for the finance team's export. */
export const ledgerStore = () => new DynamoDbLedgerStore(requiredEnv('TABLE_NAME'), dynamoDbClient());

export function brandConfigs(): (brand: string) => Promise<BrandConfig | undefined> {
  const store = passportStore();
  return async (brand) => (await store.getCatalog(brand))?.config;
}
