import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { PassportPathSchema, ReturnShipmentRequestSchema } from '../../shared/schemas/staff';
import { returnShipments } from './compose';

const service = returnShipments();

/** POST /v1/passports/{id}/return-shipment (ops, admin): the parcel that takes an item back to its customer. */
export const handler = apiHandler(
  {
    path: PassportPathSchema,
    body: ReturnShipmentRequestSchema,
    staff: ['ops', 'admin'],
    idempotency: { guard: idempotencyKeys, scope: ({ staff, path }) => `${staff.brand}#${path.id}` },
  },
  async ({ path, body, staff }) => ({ status: 200, body: await service.ship(staff, path.id, body) }),
);
