import { apiHandler } from '../../shared/http/api-handler';
import { VoucherPathSchema } from '../../shared/schemas/vouchers';
import { voucherLookup } from './compose';

const service = voucherLookup();

/** GET /v1/vouchers/{code} (the brand shop, x-api-key) */
export const handler = apiHandler(
  { path: VoucherPathSchema, authenticate: ({ headers }) => service.authenticate(headers['x-api-key']) },
  async ({ path, headers }) => ({ status: 200, body: await service.lookup(headers['x-api-key'], path.code), headers: { 'cache-control': 'no-store' } }),
);
