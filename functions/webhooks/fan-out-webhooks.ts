import { subscriptionProblems } from '../../shared/domain/brand-config';
import { logger } from '../../shared/observability';
import { PassportEventDetailSchema } from '../../shared/schemas/events';
import { webhookFanOut } from './compose';
import { taskHandler } from '../commons/task-handler';

const webhooks = webhookFanOut();

/**
 * The bus → the delivery queue: one delivery per subscription of the event's brand to its type. A subscription
 * that does not parse is sent nothing and logged as an error, naming it and each failing field, for an operator.
 */
export const handler = taskHandler(PassportEventDetailSchema, async (event) => {
  const { queued, unreadable } = await webhooks.fanOut(event);
  if (unreadable.length > 0) {
    logger.error('webhook subscriptions unreadable: the event was not sent to them', { brand: event.brand, eventId: event.eventId, problems: subscriptionProblems(unreadable) });
  }
  return queued;
});
