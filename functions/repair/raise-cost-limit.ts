import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { RepairCostLimitRequestSchema, RepairJobPathSchema } from '../../shared/schemas/repair';
import { repairCostLimits } from './compose';

const service = repairCostLimits();

/** POST /v1/repair-jobs/{jobId}/cost-limit (admin) */
export const handler = apiHandler(
  {
    path: RepairJobPathSchema,
    body: RepairCostLimitRequestSchema,
    // What the brand pays its repair partners is decided by those who configure them.
    staff: ['admin'],
    idempotency: { guard: idempotencyKeys, scope: ({ staff, path }) => `${staff.brand}#${path.jobId}` },
  },
  async ({ path, body, staff }) => ({ status: 200, body: await service.raise(staff, path.jobId, body) }),
);
