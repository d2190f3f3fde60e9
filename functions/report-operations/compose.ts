import { DynamoDbBrandDirectory } from '../../shared/adapters/dynamodb/brand-directory';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { requiredEnv } from '../../shared/config';

// The scheduled report operations run for every brand of the brand directory; each handler builds
// its own service (only the monthly e-mail draws PDFs), over the aggregates of `../reports`.

export const brandDirectory = () => new DynamoDbBrandDirectory(requiredEnv('TABLE_NAME'), dynamoDbClient());
