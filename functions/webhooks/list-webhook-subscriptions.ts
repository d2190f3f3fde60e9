import { apiHandler } from '../../shared/http/api-handler';
import { webhookRecords } from './compose';

const webhooks = webhookRecords();

/** GET /v1/webhook-subscriptions (admin) */
export const handler = apiHandler({ staff: ['admin'] }, async ({ staff }) => ({
  status: 200,
  body: await webhooks.list(staff.brand),
  headers: { 'cache-control': 'no-store' },
}));
