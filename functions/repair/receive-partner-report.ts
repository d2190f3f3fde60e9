import { apiHandler } from '../../shared/http/api-handler';
import { PartnerPathSchema, PartnerReportSchema } from '../../shared/schemas/repair';
import { repairNetwork } from './compose';

const service = repairNetwork();

/** POST /v1/webhooks/repair-partners/{partnerId} (the partner, by Standard Webhooks signature) */
export const handler = apiHandler(
  { path: PartnerPathSchema, body: PartnerReportSchema, authenticate: (raw) => service.authenticateReport(raw) },
  async ({ path, body, headers, rawBody }) => ({
    status: 200,
    body: await service.applyReport({ partnerId: path.partnerId, headers, rawBody, report: body }),
  }),
);
