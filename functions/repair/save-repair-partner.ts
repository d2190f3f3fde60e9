import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys, secretShownOnce } from '../../shared/http/idempotency';
import { PartnerPathSchema, RepairPartnerRequestSchema } from '../../shared/schemas/repair';
import { repairPartners } from './compose';

const service = repairPartners();

/** PUT /v1/repair-partners/{partnerId} (admin) */
export const handler = apiHandler(
  {
    path: PartnerPathSchema,
    body: RepairPartnerRequestSchema,
    staff: ['admin'],
    idempotency: {
      guard: idempotencyKeys,
      scope: ({ staff, path }) => `${staff.brand}#${path.partnerId}`,
      // Only a secret the platform made is in the answer; a partner saved with its own is kept as answered.
      answers: secretShownOnce((answer) =>
        (answer as { webhookSecret?: string }).webhookSecret === undefined
          ? undefined
          : `The repair partner ${(answer as { partnerId: string }).partnerId} was saved by the first request with this Idempotency-Key; the signing secret made for it is shown once and not kept. Save the partner with a webhookSecret of your own if its answer was lost.`,
      ),
    },
  },
  async ({ path, body, staff, origin }) => {
    const { created, partner } = await service.savePartner(staff, path.partnerId, body, origin);
    return { status: created ? 201 : 200, body: partner, headers: { 'cache-control': 'no-store' } };
  },
);
