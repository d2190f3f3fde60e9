import { apiHandler } from '../../shared/http/api-handler';
import { apiKeys } from './compose';

const service = apiKeys();

/** GET /v1/api-keys (admin): the brand's shop keys, without the keys themselves. */
export const handler = apiHandler({ staff: ['admin'] }, async ({ staff }) => ({
  status: 200,
  body: await service.list(staff.brand),
  headers: { 'cache-control': 'no-store' },
}));
