import { apiHandler } from '../../shared/http/api-handler';
import { listRepairPartners } from '../../shared/services/repair-network-service';
import { partnerRecords } from './compose';

const records = partnerRecords();

/** GET /v1/repair-partners (ops, analyst) */
export const handler = apiHandler({ staff: ['ops', 'analyst', 'admin'] }, async ({ staff, origin }) => ({
  status: 200,
  body: await listRepairPartners(records, staff, origin),
  headers: { 'cache-control': 'no-store' },
}));
