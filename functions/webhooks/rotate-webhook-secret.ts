import { apiHandler } from '../../shared/http/api-handler';
import { idempotencyKeys, secretReplayedWhileInUse } from '../../shared/http/idempotency';
import type { Staff } from '../../shared/http/staff';
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
      // A repeat after a lost answer gets the secret this rotation made while it is the one in use (a second rotation
      // would end the secret the brand still verifies with); its record keeps only the secret's hash.
      answers: secretReplayedWhileInUse(
        ({ staff, path }: { staff: Staff; path: { subscriptionId: string } }) => rotation.currentSecret(staff.brand, path.subscriptionId),
        'The secret was rotated by the first request with this Idempotency-Key, and has been rotated again since (or the subscription deleted): the secret this request made no longer signs, and is not shown again.',
      ),
    },
  },
  async ({ path, staff }) => ({ status: 200, body: await rotation.rotate(staff.brand, path.subscriptionId), headers: { 'cache-control': 'no-store' } }),
);
