import { apiHandler } from '../../shared/http/api-handler';
import { ListQuerySchema } from '../../shared/schemas/payouts';
import { listPayoutExports } from '../../shared/services/bank-payout-exports';
import { payoutExportStore } from '../commons/stores';

const payouts = payoutExportStore();

/** GET /v1/payouts/exports?cursor=&limit= (admin): the brand's exports, newest first. */
export const handler = apiHandler({ query: ListQuerySchema, staff: ['admin'] }, async ({ query, staff, origin }) => ({
  status: 200,
  body: await listPayoutExports(payouts, staff.brand, query.limit, query.cursor, origin),
  headers: { 'cache-control': 'no-store' },
}));
