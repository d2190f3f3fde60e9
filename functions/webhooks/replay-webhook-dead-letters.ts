import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { logger } from '../../shared/observability';
import { webhookQueueing } from './compose';

const webhooks = webhookQueueing();

/**
 * POST /v1/webhook-dead-letters/replay (admin): the brand's dead-lettered deliveries, sent again; those that do not
 * read as the brand's are left in place and logged for an operator, and counted in the answer.
 */
export const handler = apiHandler({ staff: ['admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff }) => staff.brand } }, async ({ staff }) => {
  const { replayed, unreadable } = await webhooks.replayDeadLetters(staff.brand);
  if (unreadable.length > 0) logger.error('webhook dead letters unreadable: not replayed', { brand: staff.brand, unreadable });
  return { status: 202, body: { replayed, unreadable: unreadable.length } };
});
