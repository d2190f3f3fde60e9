import { apiHandler } from '../../shared/http/api-handler';
import { PassportPathSchema } from '../../shared/schemas/staff';
import { workQueue } from '../commons/stores';

const service = workQueue();

/** GET /v1/passports/{id} (ops, analyst) */
export const handler = apiHandler({ path: PassportPathSchema, staff: ['ops', 'analyst', 'admin'] }, async ({ path, staff }) => ({
  status: 200,
  body: await service.detail(staff, path.id),
  headers: { 'cache-control': 'no-store' },
}));
