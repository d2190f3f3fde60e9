import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { requiredEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/api-handler';
import { PassportPathSchema } from '../../shared/schemas/staff';
import { listingView } from '../../shared/services/listing-views';
import { workQueue } from '../commons/stores';

const service = workQueue();
const listings = new DynamoDbListingStore(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** GET /v1/passports/{id} (ops, analyst) */
export const handler = apiHandler({ path: PassportPathSchema, staff: ['ops', 'analyst', 'admin'] }, async ({ path, staff }) => {
  // The detail checks the brand first; only then are the listings read.
  const detail = await service.detail(staff, path.id);
  return {
    status: 200,
    body: { ...detail, listings: (await listings.listingsOf(path.id)).map(listingView) },
    headers: { 'cache-control': 'no-store' },
  };
});
