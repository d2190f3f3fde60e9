import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeadLetter, WebhookStore, WebhookSubscription } from '../../ports/webhook-store';
import { webhookDeadLetterKey, webhookPartition, webhookSubscriptionKey } from './keys';
import { queryAll } from './query-all';

type Item = Record<string, unknown>;

/** A brand's webhook subscriptions as the fan-out reads them, without the writes of {@link DynamoDbWebhookStore}. */
export class DynamoDbWebhookSubscriptions implements Pick<WebhookStore, 'listSubscriptions'> {
  protected readonly doc: DynamoDBDocumentClient;

  constructor(protected readonly tableName: string, client: DynamoDBClient) {
    this.doc = DynamoDBDocumentClient.from(client);
  }

  async listSubscriptions(brand: string): Promise<WebhookSubscription[]> {
    return (await this.query(brand, 'SUB#')).map(subscription);
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

/** A brand's webhook subscriptions and dead-lettered deliveries, in one partition of the single table. */
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
    return Item ? subscription(Item) : undefined;
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

  async putDeadLetter(brand: string, deadLetter: DeadLetter): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.tableName, Item: { ...webhookDeadLetterKey(brand, deadLetter.deadLetterId), entity: 'WebhookDeadLetter', ...deadLetter } }),
    );
  }

  async deadLetters(brand: string): Promise<DeadLetter[]> {
    return (await this.query(brand, 'DEAD#')).map((item) => {
      const { deadLetterId, delivery, failedAt } = item as unknown as DeadLetter;
      return { deadLetterId, delivery, failedAt };
    });
  }

  async deleteDeadLetter(brand: string, deadLetterId: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: webhookDeadLetterKey(brand, deadLetterId) }));
  }
}

function subscription(item: Item): WebhookSubscription {
  const { subscriptionId, brand, url, eventTypes, secretSealed, previousSecretSealed, previousSecretExpiresAt, createdAt } = item as unknown as WebhookSubscription;
  return {
    subscriptionId,
    brand,
    url,
    eventTypes,
    secretSealed,
    ...(previousSecretSealed && previousSecretExpiresAt ? { previousSecretSealed, previousSecretExpiresAt } : {}),
    createdAt,
  };
}
