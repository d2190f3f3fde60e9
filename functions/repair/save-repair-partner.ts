import { apiHandler } from '../../shared/http/api-handler';
import { STAFF_BRAND_PATH } from '../../shared/http/staff';
import { PartnerPathSchema, RepairPartnerRequestSchema } from '../../shared/schemas/repair';
import { repairNetwork } from '../commons/dependencies';

const service = repairNetwork();

/** PUT /v1/repair-partners/{partnerId} (admin) */
export const handler = apiHandler(
  { path: PartnerPathSchema, body: RepairPartnerRequestSchema, staff: ['admin'], idempotency: { scope: [STAFF_BRAND_PATH, 'pathParameters.partnerId'] } },
  async ({ path, body, staff, origin }) => {
    const { created, partner } = await service.savePartner(staff, path.partnerId, body, origin);
    return { status: created ? 201 : 200, body: partner, headers: { 'cache-control': 'no-store' } };
  },
);
