import { DynamoDbBrandConfigStore } from '../../shared/adapters/dynamodb/brand-config-store';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { requiredEnv } from '../../shared/config';
import { BrandConfiguration } from '../../shared/services/brand-configuration';
import { now } from '../commons/stores';

// A brand's configuration as its admins read and change it.

export function brandConfiguration(): BrandConfiguration {
  return new BrandConfiguration({ configs: new DynamoDbBrandConfigStore(requiredEnv('TABLE_NAME'), dynamoDbClient()), now });
}
