import { apiHandler } from '../../shared/http/api-handler';
import { ListQuerySchema } from '../../shared/schemas/payouts';
import { bankPayoutExports } from './compose';

const payoutExports = bankPayoutExports();

/** GET /v1/payouts/exports?cursor=&limit= (admin): the brand's exports, newest first. */
export const handler = apiHandler({ query: ListQuerySchema, staff: ['admin'] }, async ({ query, staff, origin }) => ({
  status: 200,
  body: await payoutExports.list(staff.brand, query.limit, query.cursor, origin),
  headers: { 'cache-control': 'no-store' },
}));
