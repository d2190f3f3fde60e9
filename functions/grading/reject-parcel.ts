import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { ParcelRejectionRequestSchema, PassportPathSchema } from '../../shared/schemas/staff';
import { parcelRejections } from '../receipt/compose';

const service = parcelRejections();

/** POST /v1/passports/{id}/rejection (ops) */
export const handler = apiHandler(
  { path: PassportPathSchema, body: ParcelRejectionRequestSchema, staff: ['ops', 'admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff, path }) => `${staff.brand}#${path.id}` } },
  async ({ path, body, staff }) => ({ status: 200, body: await service.reject(staff, path.id, body) }),
);
