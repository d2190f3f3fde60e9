import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { CreateWebhookSubscriptionRequestSchema } from '../../shared/schemas/webhooks';
import { webhookSubscriptions } from './compose';

const webhooks = webhookSubscriptions();

/** POST /v1/webhook-subscriptions (admin): the signing secret is in this response only. */
export const handler = apiHandler(
  { body: CreateWebhookSubscriptionRequestSchema, staff: ['admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff }) => staff.brand } },
  async ({ body, staff }) => ({ status: 201, body: await webhooks.subscribe(staff.brand, body), headers: { 'cache-control': 'no-store' } }),
);
