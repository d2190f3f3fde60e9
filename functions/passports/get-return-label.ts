import { apiHandler } from '../../shared/http/api-handler';
import { PassportPathSchema } from '../../shared/schemas/staff';
import { returnShipmentLabels } from './compose';

const service = returnShipmentLabels();

/** GET /v1/passports/{id}/return-shipment/label (ops, admin): the parcel label to print again. */
export const handler = apiHandler({ path: PassportPathSchema, staff: ['ops', 'admin'] }, async ({ path, staff }) => {
  const label = await service.label(staff, path.id);
  return {
    status: 200,
    binary: label.body,
    contentType: label.contentType,
    headers: { 'content-disposition': `inline; filename="return-parcel-${path.id}.pdf"`, 'cache-control': 'private, no-store' },
  };
});
