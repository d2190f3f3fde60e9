import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { GradingRequestSchema, PassportPathSchema } from '../../shared/schemas/staff';
import { grading } from '../receipt/compose';

const service = grading();

/** POST /v1/passports/{id}/grading (ops) */
export const handler = apiHandler(
  { path: PassportPathSchema, body: GradingRequestSchema, staff: ['ops', 'admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff, path }) => `${staff.brand}#${path.id}` } },
  async ({ path, body, staff }) => ({ status: 200, body: await service.grade(staff, path.id, body) }),
);
