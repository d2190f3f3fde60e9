import { apiHandler } from '../../shared/http/api-handler';
import { STAFF_BRAND_PATH } from '../../shared/http/staff';
import { brandWebhooks } from '../commons/dependencies';

const webhooks = brandWebhooks();

/** POST /v1/webhook-dead-letters/replay (admin): the brand's dead-lettered deliveries, sent again. */
export const handler = apiHandler({ staff: ['admin'], idempotency: { scope: STAFF_BRAND_PATH } }, async ({ staff }) => ({
  status: 202,
  body: await webhooks.replayDeadLetters(staff.brand),
}));
