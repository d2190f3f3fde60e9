import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { requiredEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { ListingsQuerySchema } from '../../shared/schemas/resale-api';
import { listingsPage } from '../../shared/services/listing-views';

// Reads listings only: no channels, no queue, no brand configuration.
const listings = new DynamoDbListingStore(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** GET /v1/listings?state=&channel=&cursor= (ops, analyst, admin) */
export const handler = apiHandler({ query: ListingsQuerySchema, staff: ['ops', 'analyst', 'admin'] }, async ({ query, staff }) => ({
  status: 200,
  body: await listingsPage(listings, staff, query),
  headers: { 'cache-control': 'no-store' },
}));
