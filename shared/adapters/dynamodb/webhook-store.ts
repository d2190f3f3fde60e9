import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { subscriptionsUnreadable } from '../../domain/brand-config';
import { ConcurrentChangeError } from '../../domain/errors';
import { endpointIdentity } from '../../domain/endpoint-identity';
import type { PassportEventType } from '../../domain/passport';
import type {
  DeadLetter,
  ReplayClaim,
  SubscriptionRefusal,
  UnreadableDeadLetter,
  UnreadableSubscription,
  WebhookDeadLetterStore,
  WebhookStore,
  WebhookSubscription,
} from '../../ports/webhook-store';
import { StoredWebhookDeadLetterSchema, StoredWebhookVersionSchema, StoredWebhookSubscriptionSchema } from '../../schemas/webhooks';
import { webhookDeadLetterKey, webhookVersionKey, webhookPartition, webhookSubscriptionKey } from './keys';
import { queryAll } from './query-all';
import { conditionHeld, pauseBeforeAttempt, problemsOf, withoutKeys } from './stored-item';

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
      // A replay's claim is the store's, not part of the dead letter.
      const parsed = StoredWebhookDeadLetterSchema.safeParse(withoutKeys(item, 'replayClaimedBy', 'replayClaimedUntil'));
      if (!parsed.success) {
        return { deadLetterId: String(item.deadLetterId), problems: problemsOf(parsed.error) };
      }
      if (parsed.data.delivery.brand !== brand) return { deadLetterId: parsed.data.deadLetterId, problems: [`delivery.brand: the delivery is "${parsed.data.delivery.brand}"'s`] };
      return parsed.data;
    });
    return {
      deadLetters: read.flatMap((one) => ('problems' in one ? [] : [one])),
      unreadable: read.flatMap((one) => ('problems' in one ? [one] : [])),
    };
  }

  claimDeadLetter(brand: string, deadLetterId: string, claim: ReplayClaim, now: string): Promise<boolean> {
    return conditionHeld(
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: webhookDeadLetterKey(brand, deadLetterId),
          UpdateExpression: 'SET replayClaimedBy = :replay, replayClaimedUntil = :until',
          // ISO times of one form compare as text in time order.
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(replayClaimedUntil) OR replayClaimedUntil < :now)',
          ExpressionAttributeValues: { ':replay': claim.replayId, ':until': claim.until, ':now': now },
        }),
      ),
    );
  }

  async releaseDeadLetter(brand: string, deadLetterId: string, replayId: string): Promise<void> {
    await conditionHeld(
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: webhookDeadLetterKey(brand, deadLetterId),
          UpdateExpression: 'REMOVE replayClaimedBy, replayClaimedUntil',
          ConditionExpression: 'replayClaimedBy = :replay',
          ExpressionAttributeValues: { ':replay': replayId },
        }),
      ),
    );
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

/** A brand's webhook subscriptions listed and deleted, as the admin's deletion needs them: no additions, no secrets. */
export class DynamoDbWebhookRemovals extends DynamoDbWebhookSubscriptions implements Pick<WebhookStore, 'listSubscriptions' | 'deleteSubscription'> {
  deleteSubscription(brand: string, subscriptionId: string): Promise<boolean> {
    return deleted(this.doc, this.tableName, brand, subscriptionId);
  }
}

/** Deletes a subscription; a deletion changes no version of the brand's subscriptions (see `addSubscription`). */
async function deleted(doc: DynamoDBDocumentClient, tableName: string, brand: string, subscriptionId: string): Promise<boolean> {
  const { Attributes } = await doc.send(new DeleteCommand({ TableName: tableName, Key: webhookSubscriptionKey(brand, subscriptionId), ReturnValues: 'ALL_OLD' }));
  return Attributes !== undefined;
}

/** A subscription read by its id, parsed; `undefined` when the brand has none of that id. */
async function subscriptionOf(doc: DynamoDBDocumentClient, tableName: string, brand: string, subscriptionId: string, read?: 'consistent'): Promise<WebhookSubscription | undefined> {
  const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: webhookSubscriptionKey(brand, subscriptionId), ...(read ? { ConsistentRead: true } : {}) }));
  if (!Item) return undefined;
  const parsed = parsedSubscription(brand, Item);
  if ('problems' in parsed) throw subscriptionsUnreadable(brand, [parsed]);
  return parsed;
}

/**
 * Sets a subscription's event types alone, so a rotation of its secret meanwhile stands; on the condition that the
 * subscription is there, so a deletion meanwhile is not undone by writing it again. A change of event types changes no
 * version of the brand's subscriptions (see `addSubscription`): it takes no endpoint and no place.
 */
async function eventTypesReplaced(doc: DynamoDBDocumentClient, tableName: string, brand: string, subscriptionId: string, eventTypes: PassportEventType[]): Promise<boolean> {
  return conditionHeld(
    doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: webhookSubscriptionKey(brand, subscriptionId),
        UpdateExpression: 'SET eventTypes = :types',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':types': eventTypes },
      }),
    ),
  );
}

/** A brand's webhook subscriptions read one by one and their event types changed, as the admin's change needs them: no additions, deletions or secrets. */
export class DynamoDbWebhookEventTypes extends WebhookPartition implements Pick<WebhookStore, 'getSubscription' | 'replaceEventTypes'> {
  getSubscription(brand: string, subscriptionId: string, read?: 'consistent'): Promise<WebhookSubscription | undefined> {
    return subscriptionOf(this.doc, this.tableName, brand, subscriptionId, read);
  }

  replaceEventTypes(brand: string, subscriptionId: string, eventTypes: PassportEventType[]): Promise<boolean> {
    return eventTypesReplaced(this.doc, this.tableName, brand, subscriptionId, eventTypes);
  }
}

/**
 * A brand's webhook subscriptions read one by one, and their secrets rotated: without the additions and deletions of
 * {@link DynamoDbWebhookStore} and the version of the brand's subscriptions they keep.
 */
export class DynamoDbWebhookSecrets extends DynamoDbWebhookSubscriptions implements Pick<WebhookStore, 'listSubscriptions' | 'getSubscription' | 'rotateSecret'> {
  getSubscription(brand: string, subscriptionId: string, read?: 'consistent'): Promise<WebhookSubscription | undefined> {
    return subscriptionOf(this.doc, this.tableName, brand, subscriptionId, read);
  }

  async rotateSecret(subscription: WebhookSubscription, secretSealed: string, previous: { sealed: string; expiresAt: string }): Promise<boolean> {
    return conditionHeld(
      this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: webhookSubscriptionKey(subscription.brand, subscription.subscriptionId),
          UpdateExpression: 'SET secretSealed = :secret, previousSecretSealed = :previous, previousSecretExpiresAt = :until',
          ConditionExpression: 'secretSealed = :read',
          ExpressionAttributeValues: { ':secret': secretSealed, ':previous': previous.sealed, ':until': previous.expiresAt, ':read': subscription.secretSealed },
        }),
      ),
    );
  }
}

/** A brand's webhook subscriptions, in one partition of the single table (its dead letters beside them: {@link DynamoDbWebhookDeadLetters}). */
export class DynamoDbWebhookStore extends DynamoDbWebhookSecrets implements WebhookStore {
  /**
   * Checked against the subscriptions there are, read strongly consistent after the version of the brand's
   * subscriptions (`webhookVersionKey`), and written in one transaction with the next version, over the version read:
   * of two additions at once, the second reads again and finds the first. A deletion changes no version: between the
   * read and the write it can only free an endpoint or a place, never take one.
   */
  async addSubscription(subscription: WebhookSubscription, limit: number): Promise<SubscriptionRefusal | undefined> {
    const { brand, subscriptionId } = subscription;
    const endpoint = endpointIdentity(subscription.url);
    for (let attempt = 1; ; attempt++) {
      const version = await this.version(brand);
      // Those that do not parse too: they hold a place until an operator mends or deletes them.
      const there = await this.query(brand, 'SUB#');
      const taken = there.find((item) => typeof item.url === 'string' && endpointIdentity(item.url) === endpoint);
      if (taken) return { reason: 'ENDPOINT_TAKEN', subscriptionId: String(taken.subscriptionId) };
      if (there.length >= limit) return { reason: 'LIMIT_REACHED', limit };
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...webhookSubscriptionKey(brand, subscriptionId), entity: 'WebhookSubscription', ...subscription },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              {
                Put: {
                  TableName: this.tableName,
                  Item: { ...webhookVersionKey(brand), entity: 'WebhookSubscriptionsVersion', version: version + 1 },
                  ...(version === 0
                    ? { ConditionExpression: 'attribute_not_exists(PK)' }
                    : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': version } }),
                },
              },
            ],
          }),
        );
        return undefined;
      } catch (error) {
        // The new id's item cannot be there: another addition got in first (or was writing at the time).
        if (!(error instanceof TransactionCanceledException)) throw error;
        if (attempt >= ADD_ATTEMPTS) {
          throw new ConcurrentChangeError(`The webhook subscriptions of ${brand} were being changed by other requests at the same time; nothing was subscribed. Try again.`);
        }
        await pauseBeforeAttempt(attempt, 5, 25);
      }
    }
  }

  replaceEventTypes(brand: string, subscriptionId: string, eventTypes: PassportEventType[]): Promise<boolean> {
    return eventTypesReplaced(this.doc, this.tableName, brand, subscriptionId, eventTypes);
  }

  deleteSubscription(brand: string, subscriptionId: string): Promise<boolean> {
    return deleted(this.doc, this.tableName, brand, subscriptionId);
  }

  /**
   * The version of the brand's subscriptions, which each addition raises; 0 before the first.
   * @throws BrandConfigUnreadableError when the stored version does not parse.
   */
  private async version(brand: string): Promise<number> {
    const { Item } = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: webhookVersionKey(brand), ConsistentRead: true }));
    if (!Item) return 0;
    const parsed = StoredWebhookVersionSchema.safeParse(withoutKeys(Item));
    if (!parsed.success) {
      throw subscriptionsUnreadable(brand, [{ subscriptionId: 'VERSION', problems: problemsOf(parsed.error) }]);
    }
    return parsed.data.version;
  }
}

/** How often an addition reads the brand's subscriptions again after another change got in first. */
const ADD_ATTEMPTS = 5;

/**
 * A stored subscription, parsed with its schema. One that does not parse, or lies in another brand's partition, is
 * the brand's configuration gone bad: never used as it is, never sent to.
 */
function parsedSubscription(brand: string, item: Item): WebhookSubscription | UnreadableSubscription {
  const parsed = StoredWebhookSubscriptionSchema.safeParse(withoutKeys(item));
  if (!parsed.success) {
    return { subscriptionId: String(item.subscriptionId), problems: problemsOf(parsed.error) };
  }
  if (parsed.data.brand !== brand) return { subscriptionId: parsed.data.subscriptionId, problems: [`brand: the subscription is "${parsed.data.brand}"'s`] };
  const { previousSecretSealed, previousSecretExpiresAt, ...current } = parsed.data;
  return { ...current, ...(previousSecretSealed && previousSecretExpiresAt ? { previousSecretSealed, previousSecretExpiresAt } : {}) };
}
