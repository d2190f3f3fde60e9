import type { PassportEventType } from '../domain/passport';
import type { WebhookDelivery } from '../schemas/webhooks';

/** A brand's endpoint subscribed to passport events. The signing secret is stored sealed. */
export interface WebhookSubscription {
  subscriptionId: string;
  brand: string;
  url: string;
  eventTypes: PassportEventType[];
  secretSealed: string;
  createdAt: string;
}

/** A delivery that failed on every try, kept until the brand replays it. */
export interface DeadLetter {
  deadLetterId: string;
  delivery: WebhookDelivery;
  failedAt: string;
}

export interface WebhookStore {
  putSubscription(subscription: WebhookSubscription): Promise<void>;
  getSubscription(brand: string, subscriptionId: string): Promise<WebhookSubscription | undefined>;
  listSubscriptions(brand: string): Promise<WebhookSubscription[]>;
  /** @returns `false` when the brand has no such subscription. */
  deleteSubscription(brand: string, subscriptionId: string): Promise<boolean>;
  putDeadLetter(brand: string, deadLetter: DeadLetter): Promise<void>;
  deadLetters(brand: string): Promise<DeadLetter[]>;
  deleteDeadLetter(brand: string, deadLetterId: string): Promise<void>;
}
