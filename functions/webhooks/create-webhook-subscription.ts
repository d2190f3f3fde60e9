import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys, secretShownOnce } from '../../shared/http/idempotency';
import { CreateWebhookSubscriptionRequestSchema } from '../../shared/schemas/webhooks';
import { webhookSubscriptions } from './compose';

const webhooks = webhookSubscriptions();

/** POST /v1/webhook-subscriptions (admin): the signing secret is in this response only. */
export const handler = apiHandler(
  {
    body: CreateWebhookSubscriptionRequestSchema,
    staff: ['admin'],
    idempotency: {
      guard: idempotencyKeys,
      scope: ({ staff }) => staff.brand,
      answers: secretShownOnce(
        (answer) =>
          `The webhook subscription ${(answer as { subscriptionId: string }).subscriptionId} was created by the first request with this Idempotency-Key; its signing secret is shown once and not kept. Rotate it (POST /v1/webhook-subscriptions/{id}/secret) if its answer was lost.`,
      ),
    },
  },
  async ({ body, staff }) => ({ status: 201, body: await webhooks.subscribe(staff.brand, body), headers: { 'cache-control': 'no-store' } }),
);
