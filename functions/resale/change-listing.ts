import { apiHandler } from '../../shared/http/api-handler';
import { ListingChangeRequestSchema, ListingPathSchema } from '../../shared/schemas/resale-api';
import { listingChanges } from './compose';

const service = listingChanges();

/** POST /v1/passports/{id}/listings/{channel} (ops, admin): a new price, withdraw, or relist. */
export const handler = apiHandler(
  { path: ListingPathSchema, body: ListingChangeRequestSchema, staff: ['ops', 'admin'] },
  async ({ path, body, staff }) => ({ status: 200, body: await service.changeListing(staff, path.id, path.channel, body) }),
);
