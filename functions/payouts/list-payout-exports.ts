import { apiHandler } from '../../shared/http/api-handler';
import { ListQuerySchema } from '../../shared/schemas/payouts';
import { listPayoutExports } from '../../shared/services/bank-payout-exports';
import { payoutExportReads } from '../commons/stores';
import { payoutAttentionList } from './compose';

const deps = { payouts: payoutExportReads(), attention: payoutAttentionList() };

/** GET /v1/payouts/exports?cursor=&limit= (admin): the brand's exports, newest first, with the payouts set aside and those waiting for a person. */
export const handler = apiHandler({ query: ListQuerySchema, staff: ['admin'] }, async ({ query, staff, origin }) => ({
  status: 200,
  body: await listPayoutExports(deps, staff, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) }, origin),
  headers: { 'cache-control': 'no-store' },
}));
