import { apiHandler } from '../../shared/http/api-handler';
import { repairNetwork } from './compose';

const service = repairNetwork();

/** GET /v1/repair-partners (ops, analyst) */
export const handler = apiHandler({ staff: ['ops', 'analyst', 'admin'] }, async ({ staff, origin }) => ({
  status: 200,
  body: await service.listPartners(staff, origin),
  headers: { 'cache-control': 'no-store' },
}));
