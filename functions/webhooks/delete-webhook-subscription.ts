import { apiHandler } from '../../shared/http/api-handler';
import { WebhookSubscriptionPathSchema } from '../../shared/schemas/webhooks';
import { webhookRecords } from './compose';

const webhooks = webhookRecords();

/** DELETE /v1/webhook-subscriptions/{subscriptionId} (admin) */
export const handler = apiHandler({ path: WebhookSubscriptionPathSchema, staff: ['admin'] }, async ({ path, staff }) => {
  await webhooks.unsubscribe(staff.brand, path.subscriptionId);
  return { status: 204 };
});
