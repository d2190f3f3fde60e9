import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { webhookQueueing } from './compose';

const webhooks = webhookQueueing();

/** POST /v1/webhook-dead-letters/replay (admin): the brand's dead-lettered deliveries, sent again. */
export const handler = apiHandler({ staff: ['admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff }) => staff.brand } }, async ({ staff }) => ({
  status: 202,
  body: await webhooks.replayDeadLetters(staff.brand),
}));
