import { apiHandler } from '../../shared/http/api-handler';
import { webhookList } from './compose';

const webhooks = webhookList();

/** GET /v1/webhook-subscriptions (admin) */
export const handler = apiHandler({ staff: ['admin'] }, async ({ staff }) => ({
  status: 200,
  body: await webhooks.list(staff.brand),
  headers: { 'cache-control': 'no-store' },
}));
