import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { PassportPathSchema, ReceiptRequestSchema } from '../../shared/schemas/staff';
import { receipts } from './compose';

const service = receipts();

/** POST /v1/passports/{id}/receipt (ops) */
export const handler = apiHandler(
  { path: PassportPathSchema, body: ReceiptRequestSchema, staff: ['ops', 'admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff, path }) => `${staff.brand}#${path.id}` } },
  async ({ path, body, staff }) => ({ status: 200, body: await service.receive(staff, path.id, body) }),
);
