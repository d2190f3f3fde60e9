import { apiHandler } from '../../shared/http/api-handler';
import { ListingsQuerySchema } from '../../shared/schemas/resale-api';
import { resaleService } from './compose';

const service = resaleService();

/** GET /v1/listings?state=&channel=&cursor= (ops, analyst, admin) */
export const handler = apiHandler({ query: ListingsQuerySchema, staff: ['ops', 'analyst', 'admin'] }, async ({ query, staff }) => ({
  status: 200,
  body: await service.listingsPage(staff, query),
  headers: { 'cache-control': 'no-store' },
}));
