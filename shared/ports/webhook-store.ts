import type { PassportEventType } from '../domain/passport';
import type { WebhookDelivery } from '../schemas/webhooks';

/** A brand's endpoint subscribed to passport events. The signing secret is stored sealed. */
export interface WebhookSubscription {
  subscriptionId: string;
  brand: string;
  url: string;
  eventTypes: PassportEventType[];
  secretSealed: string;
  /** After a rotation of the signing secret: the secret before it, sealed, which also signs until `previousSecretExpiresAt`. */
  previousSecretSealed?: string;
  previousSecretExpiresAt?: string;
  createdAt: string;
}

/**
 * A stored subscription that does not parse with its schema (written by hand, or by a migration gone wrong): never
 * sent to, until an operator mends or deletes it. `problems` name each failing field.
 */
export interface UnreadableSubscription {
  subscriptionId: string;
  problems: string[];
}

/** A stored dead letter that does not parse with its schema, or names another brand's delivery: never replayed. */
export interface UnreadableDeadLetter {
  deadLetterId: string;
  problems: string[];
}

/** A delivery that failed on every try, kept until the brand replays it. */
export interface DeadLetter {
  deadLetterId: string;
  delivery: WebhookDelivery;
  failedAt: string;
}

/** Why a subscription was not added: another of the brand's sends to its endpoint, or the brand has as many as it may. */
export type SubscriptionRefusal = { reason: 'ENDPOINT_TAKEN'; subscriptionId: string } | { reason: 'LIMIT_REACHED'; limit: number };

export interface WebhookStore {
  /**
   * Adds the subscription unless another of the brand's sends to the same endpoint (`endpointIdentity` of the URLs)
   * or the brand has `limit` subscriptions already (those that do not parse count too), so that of two requests at the
   * same moment only one can pass.
   * @returns why it was not added, or `undefined` when it was.
   * @throws ConcurrentChangeError when other changes to the brand's subscriptions kept it from writing.
   */
  addSubscription(subscription: WebhookSubscription, limit: number): Promise<SubscriptionRefusal | undefined>;
  /**
   * @param read `consistent` for a change decided on what the subscription holds now, which an eventually consistent
   * read may not show yet.
   * @throws BrandConfigUnreadableError when the subscription does not parse.
   */
  getSubscription(brand: string, subscriptionId: string, read?: 'consistent'): Promise<WebhookSubscription | undefined>;
  /** Every subscription of the brand: those that parse, and apart, those that do not. */
  listSubscriptions(brand: string): Promise<{ subscriptions: WebhookSubscription[]; unreadable: UnreadableSubscription[] }>;
  /**
   * Replaces the signing secret and keeps the one it replaces until `previous.expiresAt`, if the
   * subscription still has the secret `read` (the one the rotation read).
   * @returns `false` when the subscription is gone or its secret changed meanwhile.
   */
  rotateSecret(subscription: WebhookSubscription, secretSealed: string, previous: { sealed: string; expiresAt: string }): Promise<boolean>;
  /**
   * Replaces the subscription's event types and nothing else (its secrets, which a rotation may change meanwhile,
   * stay as they are), if the subscription is there: one deleted meanwhile is not written again.
   * @returns `false` when the brand has no such subscription.
   */
  replaceEventTypes(brand: string, subscriptionId: string, eventTypes: PassportEventType[]): Promise<boolean>;
  /** @returns `false` when the brand has no such subscription. */
  deleteSubscription(brand: string, subscriptionId: string): Promise<boolean>;
}

/** One replay's hold on a dead letter: its id, and until when (an ISO time) no other replay may take the letter. */
export interface ReplayClaim {
  replayId: string;
  until: string;
}

/** A brand's deliveries that failed on every try, kept until its admins replay them. */
export interface WebhookDeadLetterStore {
  putDeadLetter(brand: string, deadLetter: DeadLetter): Promise<void>;
  deadLetters(brand: string): Promise<{ deadLetters: DeadLetter[]; unreadable: UnreadableDeadLetter[] }>;
  /**
   * Claims the dead letter for one replay, in one conditional write: only if it is still there and no other replay
   * holds it (a claim whose `until` is after `now`, an ISO time), so of replays at the same moment exactly one takes it.
   * @returns `false` when another replay holds it or it is gone.
   */
  claimDeadLetter(brand: string, deadLetterId: string, claim: ReplayClaim, now: string): Promise<boolean>;
  /** Gives the replay's claim back, if it still holds it, for the next replay to take at once. */
  releaseDeadLetter(brand: string, deadLetterId: string, replayId: string): Promise<void>;
  deleteDeadLetter(brand: string, deadLetterId: string): Promise<void>;
}
