import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { PartnerPathSchema, RepairPartnerRequestSchema } from '../../shared/schemas/repair';
import { repairPartners } from './compose';

const service = repairPartners();

/** PUT /v1/repair-partners/{partnerId} (admin) */
export const handler = apiHandler(
  { path: PartnerPathSchema, body: RepairPartnerRequestSchema, staff: ['admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff, path }) => `${staff.brand}#${path.partnerId}` } },
  async ({ path, body, staff, origin }) => {
    const { created, partner } = await service.savePartner(staff, path.partnerId, body, origin);
    return { status: created ? 201 : 200, body: partner, headers: { 'cache-control': 'no-store' } };
  },
);
