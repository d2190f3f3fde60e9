import { apiHandler } from '../../shared/http/api-handler';
import { WorkQueueQuerySchema } from '../../shared/schemas/staff';
import { workQueueList } from '../commons/stores';

const service = workQueueList();

/** GET /v1/passports?state=&cursor=&limit= or ?shipmentNo= (ops, analyst) */
export const handler = apiHandler({ query: WorkQueueQuerySchema, staff: ['ops', 'analyst', 'admin'] }, async ({ query, staff }) => ({
  status: 200,
  body: await service.list(staff, query),
  headers: { 'cache-control': 'no-store' },
}));
