import { apiHandler, fileResult } from '../../shared/http/api-handler';
import { PayoutExportPathSchema } from '../../shared/schemas/payouts';
import { payoutExportFile } from '../../shared/services/bank-payout-exports';
import { payoutExportReads } from '../commons/stores';
import { exportFiles } from './compose';

const exportsOfBrand = { payouts: payoutExportReads(), blobs: exportFiles() };

/** GET /v1/payouts/exports/{exportId}/file (admin): the pain.001 file to upload to the bank. */
export const handler = apiHandler({ path: PayoutExportPathSchema, staff: ['admin'] }, async ({ path, staff }) =>
  fileResult(
    { bytes: await payoutExportFile(exportsOfBrand, staff.brand, path.exportId), contentType: 'application/xml', filename: `pain001-${path.exportId}.xml` },
    'attachment',
  ),
);
