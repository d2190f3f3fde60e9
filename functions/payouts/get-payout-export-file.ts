import { apiHandler } from '../../shared/http/api-handler';
import { PayoutExportPathSchema } from '../../shared/schemas/payouts';
import { bankPayoutExports } from './compose';

const payoutExports = bankPayoutExports();

/** GET /v1/payouts/exports/{exportId}/file (admin): the pain.001 file to upload to the bank. */
export const handler = apiHandler({ path: PayoutExportPathSchema, staff: ['admin'] }, async ({ path, staff }) => ({
  status: 200,
  binary: await payoutExports.file(staff.brand, path.exportId),
  contentType: 'application/xml',
  headers: { 'content-disposition': `attachment; filename="pain001-${path.exportId}.xml"`, 'cache-control': 'private, no-store' },
}));
