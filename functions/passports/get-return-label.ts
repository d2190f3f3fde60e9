import { apiHandler, fileResult } from '../../shared/http/api-handler';
import { PassportPathSchema } from '../../shared/schemas/staff';
import { returnShipmentLabels } from './compose';

const service = returnShipmentLabels();

/** GET /v1/passports/{id}/return-shipment/label (ops, admin): the parcel label to print again. */
export const handler = apiHandler({ path: PassportPathSchema, staff: ['ops', 'admin'] }, async ({ path, staff }) => {
  const label = await service.label(staff, path.id);
  return fileResult({ bytes: label.body, contentType: label.contentType, filename: `return-parcel-${path.id}.pdf` }, 'inline');
});
