import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { subscriptionsUnreadable } from '../../domain/brand-config';
import type { DeadLetter, UnreadableDeadLetter, UnreadableSubscription, WebhookDeadLetterStore, WebhookStore, WebhookSubscription } from '../../ports/webhook-store';
import { StoredWebhookDeadLetterSchema, StoredWebhookSubscriptionSchema } from '../../schemas/webhooks';
import { webhookDeadLetterKey, webhookPartition, webhookSubscriptionKey } from './keys';
import { queryAll } from './query-all';
import { withoutKeys } from './stored-item';

type Item = Record<string, unknown>;

/** The partition of a brand's webhook records in the single table. */
abstract class WebhookPartition {
  protected readonly doc: DynamoDBDocumentClient;

  constructor(protected readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  protected async query(brand: string, prefix: string): Promise<Item[]> {
    return queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': webhookPartition(brand), ':prefix': prefix },
      ConsistentRead: true,
    });
  }
}

/**
 * A brand's dead-lettered deliveries, apart from its subscriptions: what keeps and replays them reads no subscription,
 * so it carries neither the subscriptions' schema nor their writes.
 */
export class DynamoDbWebhookDeadLetters extends WebhookPartition implements WebhookDeadLetterStore {
  async putDeadLetter(brand: string, deadLetter: DeadLetter): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...webhookDeadLetterKey(brand, deadLetter.deadLetterId), entity: 'WebhookDeadLetter', ...deadLetter } }),
    );
  }

  async deadLetters(brand: string): Promise<{ deadLetters: DeadLetter[]; unreadable: UnreadableDeadLetter[] }> {
    const read = (await this.query(brand, 'DEAD#')).map((item): DeadLetter | UnreadableDeadLetter => {
      const parsed = StoredWebhookDeadLetterSchema.safeParse(withoutKeys(item));
      if (!parsed.success) {
        return { deadLetterId: String(item.deadLetterId), problems: parsed.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`) };
      }
      if (parsed.data.delivery.brand !== brand) return { deadLetterId: parsed.data.deadLetterId, problems: [`delivery.brand: the delivery is "${parsed.data.delivery.brand}"'s`] };
      return parsed.data;
    });
    return {
      deadLetters: read.flatMap((one) => ('problems' in one ? [] : [one])),
      unreadable: read.flatMap((one) => ('problems' in one ? [one] : [])),
    };
  }

  async deleteDeadLetter(brand: string, deadLetterId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: webhookDeadLetterKey(brand, deadLetterId) }));
  }
}

/** A brand's webhook subscriptions as the fan-out reads them, without the writes of {@link DynamoDbWebhookStore}. */
export class DynamoDbWebhookSubscriptions extends WebhookPartition implements Pick<WebhookStore, 'listSubscriptions'> {
  async listSubscriptions(brand: string): Promise<{ subscriptions: WebhookSubscription[]; unreadable: UnreadableSubscription[] }> {
    const read = (await this.query(brand, 'SUB#')).map((item) => parsedSubscription(brand, item));
    return {
      subscriptions: read.flatMap((one) => ('problems' in one ? [] : [one])),
      unreadable: read.flatMap((one) => ('problems' in one ? [one] : [])),
    };
  }
}

/** A brand's webhook subscriptions, in one partition of the single table (its dead letters beside them: {@link DynamoDbWebhookDeadLetters}). */
export class DynamoDbWebhookStore extends DynamoDbWebhookSubscriptions implements WebhookStore {
  async putSubscription(subscription: WebhookSubscription): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...webhookSubscriptionKey(subscription.brand, subscription.subscriptionId), entity: 'WebhookSubscription', ...subscription },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async getSubscription(brand: string, subscriptionId: string): Promise<WebhookSubscription | undefined> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: webhookSubscriptionKey(brand, subscriptionId) }));
    if (!Item) return undefined;
    const read = parsedSubscription(brand, Item);
    if ('problems' in read) throw subscriptionsUnreadable(brand, [read]);
    return read;
  }

  async rotateSecret(subscription: WebhookSubscription, secretSealed: string, previous: { sealed: string; expiresAt: string }): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: webhookSubscriptionKey(subscription.brand, subscription.subscriptionId),
          UpdateExpression: 'SET secretSealed = :secret, previousSecretSealed = :previous, previousSecretExpiresAt = :until',
          ConditionExpression: 'secretSealed = :read',
          ExpressionAttributeValues: { ':secret': secretSealed, ':previous': previous.sealed, ':until': previous.expiresAt, ':read': subscription.secretSealed },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async deleteSubscription(brand: string, subscriptionId: string): Promise<boolean> {
    const { Attributes } = await this.doc.send(
      new DeleteCommand({ TableName: this.tableName, Key: webhookSubscriptionKey(brand, subscriptionId), ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }
}

/**
 * A stored subscription, parsed with its schema. One that does not parse, or lies in another brand's partition, is
 * the brand's configuration gone bad: never used as it is, never sent to.
 */
function parsedSubscription(brand: string, item: Item): WebhookSubscription | UnreadableSubscription {
  const parsed = StoredWebhookSubscriptionSchema.safeParse(withoutKeys(item));
  if (!parsed.success) {
    return { subscriptionId: String(item.subscriptionId), problems: parsed.error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`) };
  }
  if (parsed.data.brand !== brand) return { subscriptionId: parsed.data.subscriptionId, problems: [`brand: the subscription is "${parsed.data.brand}"'s`] };
  const { previousSecretSealed, previousSecretExpiresAt, ...current } = parsed.data;
  return { ...current, ...(previousSecretSealed && previousSecretExpiresAt ? { previousSecretSealed, previousSecretExpiresAt } : {}) };
}
