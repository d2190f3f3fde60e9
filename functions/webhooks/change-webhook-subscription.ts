import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { ChangeWebhookSubscriptionRequestSchema, WebhookSubscriptionPathSchema } from '../../shared/schemas/webhooks';
import { webhookEventTypeChange } from './compose';

const change = webhookEventTypeChange();

/** PATCH /v1/webhook-subscriptions/{subscriptionId} (admin): new event types for the subscription, which keeps its id and secret. */
export const handler = apiHandler(
  { path: WebhookSubscriptionPathSchema, body: ChangeWebhookSubscriptionRequestSchema, staff: ['admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff }) => staff.brand } },
  async ({ path, body, staff }) => ({ status: 200, body: await change.changeEventTypes(staff.brand, path.subscriptionId, body), headers: { 'cache-control': 'no-store' } }),
);
