import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys } from '../../shared/http/idempotency';
import { WebhookSubscriptionPathSchema } from '../../shared/schemas/webhooks';
import { webhookSecretRotation } from './compose';

const rotation = webhookSecretRotation();

/**
 * POST /v1/webhook-subscriptions/{subscriptionId}/secret (admin): the new signing secret is in this
 * response only; a retry with the same Idempotency-Key gets the same secret, not a third one. The
 * key is required: a retry without one would rotate again, and the secret the brand still verifies
 * with would stop signing at once.
 */
export const handler = apiHandler(
  {
    path: WebhookSubscriptionPathSchema,
    staff: ['admin'],
    idempotency: {
      guard: idempotencyKeys,
      scope: ({ staff }) => staff.brand,
      required: true,
      shownOnce: () =>
        'The secret was rotated by the first request with this Idempotency-Key; the new secret is shown once and not kept. Rotate it again with a new key if its answer was lost (the secret before it signs for a day more).',
    },
  },
  async ({ path, staff }) => ({ status: 200, body: await rotation.rotate(staff.brand, path.subscriptionId), headers: { 'cache-control': 'no-store' } }),
);
