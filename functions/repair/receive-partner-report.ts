import { CostLimitExceededError } from '../../shared/domain/repair-jobs';
import { apiHandler } from '../../shared/http/api-handler';
import { logger } from '../../shared/observability';
import { PartnerPathSchema, PartnerReportSchema } from '../../shared/schemas/repair';
import { repairNetwork } from './compose';

const service = repairNetwork();

/** POST /v1/webhooks/repair-partners/{partnerId} (the partner, by Standard Webhooks signature) */
export const handler = apiHandler(
  { path: PartnerPathSchema, body: PartnerReportSchema, authenticate: (raw) => service.authenticateReport(raw) },
  async ({ path, body, headers, rawBody }) => {
    const receipt = await service.applyReport({ partnerId: path.partnerId, headers, rawBody, report: body }).catch((error: unknown) => {
      // A partner booking past what the brand agreed is refused like any bad report, and someone should look: a
      // dearer repair the brand may accept, or a partner (or its leaked secret) overcharging.
      if (error instanceof CostLimitExceededError) {
        logger.warn('repair report over its cost limit', { partnerId: path.partnerId, jobId: body.jobId, ...error.extensions });
      }
      throw error;
    });
    return { status: 200, body: receipt };
  },
);
