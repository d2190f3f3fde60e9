import { DynamoDbBrandConfigReader, DynamoDbBrandConfigStore } from '../../shared/adapters/dynamodb/brand-config-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbWorkQueue } from '../../shared/adapters/dynamodb/work-queue';
import { requiredEnv } from '../../shared/config';
import { BrandConfigHistory, BrandConfiguration, BrandConfigView } from '../../shared/services/brand-configuration';
import { now } from '../commons/stores';
import { urlPolicy } from '../commons/url-policy';

// A brand's configuration as its admins read and change it: each route builds the class it calls.

export const brandConfigView = () => new BrandConfigView({ configs: new DynamoDbBrandConfigReader(requiredEnv('TABLE_NAME'), dynamoDbClient()) });

export const brandConfigHistory = () => new BrandConfigHistory({ configs: new DynamoDbBrandConfigStore(requiredEnv('TABLE_NAME'), dynamoDbClient()) });

export function brandConfiguration(): BrandConfiguration {
  return new BrandConfiguration({
    configs: new DynamoDbBrandConfigStore(requiredEnv('TABLE_NAME'), dynamoDbClient()),
    queues: new DynamoDbWorkQueue(requiredEnv('TABLE_NAME'), dynamoDbClient()),
    now,
    urlPolicy: urlPolicy(),
    listings: new DynamoDbListingStore(requiredEnv('TABLE_NAME'), dynamoDbClient()),
  });
}
