import { apiHandler } from '../../shared/http/api-handler';
import { STAFF_BRAND_PATH } from '../../shared/http/staff';
import { PassportPathSchema, ReceiptRequestSchema } from '../../shared/schemas/staff';
import { receiptAndGrading } from '../commons/dependencies';

const service = receiptAndGrading();

/** POST /v1/passports/{id}/receipt (ops) */
export const handler = apiHandler(
  { path: PassportPathSchema, body: ReceiptRequestSchema, staff: ['ops', 'admin'], idempotency: { scope: [STAFF_BRAND_PATH, 'pathParameters.id'] } },
  async ({ path, body, staff }) => ({ status: 200, body: await service.receive(staff, path.id, body) }),
);
