import { DynamoDbAggregateStore } from '../../shared/adapters/dynamodb/aggregate-store';
import { DynamoDbBrandDirectory } from '../../shared/adapters/dynamodb/brand-directory';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { requiredEnv } from '../../shared/config';
import { IMPACT_FACTORS } from '../../shared/services/passport-impact';
import { ReportsService } from '../../shared/services/reports-service';
import { now, passportStore } from '../commons/stores';

// What the scheduled report operations share: the brand directory and the report service of
// `GET /v1/reports`. Each handler builds its own service on them (only the e-mail draws PDFs).

export function reportsService(): ReportsService {
  const store = passportStore();
  return new ReportsService({
    aggregates: new DynamoDbAggregateStore(requiredEnv('TABLE_NAME'), dynamoDbClient()),
    brandConfig: async (brand) => (await store.getCatalog(brand))?.config,
    factors: IMPACT_FACTORS,
    now,
  });
}

export const brandDirectory = () => new DynamoDbBrandDirectory(requiredEnv('TABLE_NAME'), dynamoDbClient());
