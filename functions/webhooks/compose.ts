import { randomBytes } from 'node:crypto';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbWebhookDeadLetters, DynamoDbWebhookEventTypes, DynamoDbWebhookRemovals, DynamoDbWebhookSecrets, DynamoDbWebhookStore, DynamoDbWebhookSubscriptions } from '../../shared/adapters/dynamodb/webhook-store';
import { HttpWebhookSender } from '../../shared/adapters/http/http-webhook-sender';
import { sqsClient } from '../../shared/adapters/sqs/client';
import { SqsWebhookQueue } from '../../shared/adapters/sqs/sqs-webhook-queue';
import { requiredEnv } from '../../shared/config';
import { BrandWebhooks, WebhookDeadLetters, WebhookEventTypeChange, WebhookFanOut, WebhookList, WebhookQueueing, WebhookRecords, WebhookSecretRotation, WebhookSubscriptions } from '../../shared/services/brand-webhooks';
import { newId } from '../../shared/services/tokens';
import { outboundChecks } from '../commons/outbound';
import { fieldCipher } from '../commons/secrets';
import { now } from '../commons/stores';

// The brands' webhook subscriptions and their deliveries.

const webhookStore = () => new DynamoDbWebhookStore(requiredEnv('TABLE_NAME'), dynamoDbClient());
const subscriptionReads = () => new DynamoDbWebhookSubscriptions(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** For the handler that lists subscriptions: their reads alone. */
export const webhookList = () => new WebhookList({ webhooks: subscriptionReads() });

/** For the handler that deletes subscriptions: no additions, no queue, no secret key. */
export const webhookRecords = () => new WebhookRecords({ webhooks: new DynamoDbWebhookRemovals(requiredEnv('TABLE_NAME'), dynamoDbClient()) });

/** For an admin's change of a subscription's event types: the read and the change of one subscription, nothing else. */
export const webhookEventTypeChange = () => new WebhookEventTypeChange({ webhooks: new DynamoDbWebhookEventTypes(requiredEnv('TABLE_NAME'), dynamoDbClient()) });

const deadLetterStore = () => new DynamoDbWebhookDeadLetters(requiredEnv('TABLE_NAME'), dynamoDbClient());

/** For keeping dead letters: those alone, no subscription read. */
export const webhookDeadLetters = () => new WebhookDeadLetters({ deadLetters: deadLetterStore(), now });

const webhookQueue = () => new SqsWebhookQueue(requiredEnv('WEBHOOK_QUEUE_URL'), sqsClient());

/** For the replay of dead letters: those and the queue, no subscription, secret key, sender or URL checks. */
export const webhookQueueing = () => new WebhookQueueing({ deadLetters: deadLetterStore(), queue: webhookQueue(), now, newId });

/** For the fan-out: the subscriptions read and the queue, nothing else. */
export const webhookFanOut = () => new WebhookFanOut({ webhooks: subscriptionReads(), queue: webhookQueue() });

/** For an admin's rotation of a signing secret: the records and the key the secrets are sealed with. */
export const webhookSecretRotation = () => new WebhookSecretRotation({ webhooks: new DynamoDbWebhookSecrets(requiredEnv('TABLE_NAME'), dynamoDbClient()), cipher: fieldCipher(), now, randomBytes });

/** For an admin's subscription of an endpoint: the records, the key its secret is sealed with, the URL checks; no queue, no sender. */
export const webhookSubscriptions = () =>
  new WebhookSubscriptions({ webhooks: webhookStore(), cipher: fieldCipher(), now, newId, randomBytes, ...outboundChecks() });

/** For the deliveries: the subscriptions, the queue, the sender, the key and the URL checks. */
export function brandWebhooks(): BrandWebhooks {
  return new BrandWebhooks({
    webhooks: webhookStore(),
    queue: webhookQueue(),
    sender: new HttpWebhookSender(),
    cipher: fieldCipher(),
    now,
    newId,
    randomBytes,
    ...outboundChecks(),
  });
}
