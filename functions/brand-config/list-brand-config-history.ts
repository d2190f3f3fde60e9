import { apiHandler } from '../../shared/http/api-handler';
import { ListQuerySchema } from '../../shared/schemas/payouts';
import { brandConfigHistory } from './compose';

const service = brandConfigHistory();

/** GET /v1/brand-config/history (admin): who changed which parts of the configuration when, newest first. */
export const handler = apiHandler({ query: ListQuerySchema, staff: ['admin'] }, async ({ query, staff }) => ({
  status: 200,
  body: await service.history(staff, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) }),
  headers: { 'cache-control': 'no-store' },
}));
