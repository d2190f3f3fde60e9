import { subscriptionsUnreadable } from '../domain/brand-config';
import { ConflictError, NotFoundError } from '../domain/errors';
import { SEALED_FIELD_PURPOSES } from '../domain/sealed-fields';
import { withUnseenEncoded } from '../domain/url-policy';
import type { HostResolver } from '../ports/host-resolver';
import type { WebhookQueue, WebhookSender } from '../ports/webhook-delivery';
import type { UnreadableDeadLetter, UnreadableSubscription, WebhookDeadLetterStore, WebhookStore, WebhookSubscription } from '../ports/webhook-store';
import type { PassportEventDetail } from '../schemas/events';
import type {
  ChangeWebhookSubscriptionRequest,
  CreateWebhookSubscriptionRequest,
  WebhookDelivery,
  WebhookPayload,
  WebhookSubscriptionCreated,
  WebhookSubscriptionView,
  WebhookSecretRotated,
} from '../schemas/webhooks';
import { newWebhookSecret, webhookHeaders } from '../webhooks/standard-webhooks';
import { UnreadableSealError, type FieldCipher } from './field-cipher';
import { assertOutboundUrl, checkOutboundUrl, type OutboundUrlRules } from './outbound-urls';

/** What subscribing an endpoint needs: the subscriptions, the key its secret is sealed with, the URL checks. */
export interface WebhookSubscriptionDependencies {
  webhooks: WebhookStore;
  cipher: FieldCipher;
  now: () => Date;
  newId: () => string;
  /** Cryptographically secure random bytes. */
  randomBytes: (size: number) => Uint8Array;
  /** Plain HTTP to this machine, for the local cloud only. */
  allowLocalHttp: boolean;
  /** Finds an endpoint's addresses, when it is subscribed and before every delivery. */
  resolveHost: HostResolver;
}

export interface BrandWebhookDependencies extends WebhookSubscriptionDependencies {
  queue: WebhookQueue;
  sender: WebhookSender;
}

/** A delivery its endpoint did not accept; the queue tries it again later. */
export class WebhookDeliveryFailedError extends Error {
  override readonly name = 'WebhookDeliveryFailed';
}

const SECRET_PURPOSE = /* @__PURE__ */ (() => SEALED_FIELD_PURPOSES.webhookSecret)();
/** How many webhook subscriptions a brand may have: each event is one delivery per subscription to its type. */
export const MAX_WEBHOOK_SUBSCRIPTIONS = 20;
/** How long a rotated-out signing secret still signs the deliveries, beside the new one. */
const PREVIOUS_SECRET_HOURS = 24;
const FIRST_RETRY_SECONDS = 30;
/** The longest SQS lets a message stay hidden is 12 hours; a quarter of an hour keeps retries coming. */
const LONGEST_RETRY_SECONDS = 900;

/**
 * How long a failed delivery waits before its next try: 30 s after the first, doubling each time,
 * at most 15 minutes.
 *
 * @example
 * retryDelaySeconds(1); // 30
 * retryDelaySeconds(3); // 120
 */
export function retryDelaySeconds(receiveCount: number): number {
  return Math.min(LONGEST_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** Math.max(0, receiveCount - 1));
}

/** What lists a brand's subscriptions: neither their writes, the queue nor the key the endpoint secrets are sealed with. */
export class WebhookList<W extends Pick<WebhookStore, 'listSubscriptions'> = Pick<WebhookStore, 'listSubscriptions'>> {
  constructor(protected readonly records: { webhooks: W }) {}

  /**
   * @throws BrandConfigUnreadableError when a subscription of the brand does not parse: an admin is told rather than
   * shown a list without it.
   */
  async list(brand: string): Promise<{ subscriptions: WebhookSubscriptionView[] }> {
    const { subscriptions, unreadable } = await this.records.webhooks.listSubscriptions(brand);
    if (unreadable.length > 0) throw subscriptionsUnreadable(brand, unreadable);
    return { subscriptions: subscriptions.map(view) };
  }

}

/** What lists and deletes a brand's subscriptions: neither the queue nor the key the endpoint secrets are sealed with. */
export class WebhookRecords extends WebhookList<Pick<WebhookStore, 'listSubscriptions' | 'deleteSubscription'>> {
  async unsubscribe(brand: string, subscriptionId: string): Promise<void> {
    if (!(await this.records.webhooks.deleteSubscription(brand, subscriptionId))) throw noSubscription(subscriptionId);
  }
}

/** What keeps a delivery that failed on every try: the dead letters alone, no subscription read. */
export class WebhookDeadLetters {
  constructor(private readonly records: { deadLetters: Pick<WebhookDeadLetterStore, 'putDeadLetter'>; now: () => Date }) {}

  /** Keeps a delivery that failed on every try until its brand replays it. */
  async recordDeadLetter(deadLetterId: string, delivery: WebhookDelivery): Promise<void> {
    await this.records.deadLetters.putDeadLetter(delivery.brand, { deadLetterId, delivery, failedAt: this.records.now().toISOString() });
  }
}

/**
 * The fan-out of a passport event to its brand's subscriptions: one delivery queued per
 * subscription to the event's type. It reads the subscriptions only, so its handler carries
 * neither the records' writes nor the replay.
 */
export class WebhookFanOut {
  constructor(private readonly deps: { webhooks: Pick<WebhookStore, 'listSubscriptions'>; queue: Pick<WebhookQueue, 'enqueue'> }) {}

  /**
   * Queues one delivery of the event per subscription of its brand to its type. A subscription that does not parse
   * is sent nothing (it is returned, for the log), and does not hold up the brand's others.
   */
  async fanOut(event: PassportEventDetail): Promise<{ queued: number; unreadable: UnreadableSubscription[] }> {
    const read = await this.deps.webhooks.listSubscriptions(event.brand);
    const subscriptions = read.subscriptions.filter((s) => s.eventTypes.includes(event.type));
    const payload: WebhookPayload = { type: event.type, timestamp: event.at, data: event };
    const body = JSON.stringify(payload);
    await this.deps.queue.enqueue(
      subscriptions.map((subscription) => ({
        brand: event.brand,
        subscriptionId: subscription.subscriptionId,
        // The same on every retry and replay, so the brand can drop what it has seen.
        webhookId: `msg_${event.passportId}_${event.seq}_${subscription.subscriptionId}`,
        body,
      })),
    );
    return { queued: subscriptions.length, unreadable: read.unreadable };
  }
}

/**
 * How long a replay holds a dead letter it claimed: six times the replay function's 10 s timeout, so a replay still
 * running never loses its claim, while a letter whose replay died between its claim and its send is sent by the
 * first replay after this.
 */
export const DEAD_LETTER_CLAIM_SECONDS = 60;

/**
 * The replay of a brand's dead letters: the dead letters and the delivery queue. Its handler carries neither the
 * subscriptions, the key the endpoint secrets are sealed with, the sender, nor the URL checks.
 */
export class WebhookQueueing {
  constructor(
    private readonly queueing: {
      deadLetters: Pick<WebhookDeadLetterStore, 'deadLetters' | 'claimDeadLetter' | 'releaseDeadLetter' | 'deleteDeadLetter'>;
      queue: Pick<WebhookQueue, 'enqueue'>;
      now: () => Date;
      newId: () => string;
    },
  ) {}

  /**
   * Puts the brand's dead-lettered deliveries back on the queue, under their webhook ids, each once: a replay claims a
   * letter (a conditional write) before it queues it and deletes it after, so of replays at the same moment each
   * letter is queued by one, and their `replayed` counts add up to the letters. A letter claimed by a replay that died
   * before deleting it is kept, and taken by the first replay after {@link DEAD_LETTER_CLAIM_SECONDS}: it is never
   * lost, and is sent twice only if that replay died after queueing it (the same webhook id, which the brand drops
   * as seen). A stored dead letter that does not read as one of the brand's deliveries is left where it is and
   * returned for the caller to log: a replay sends its body to the subscription it names.
   * @throws whatever the queue throws, after giving that letter's claim back for the next replay.
   */
  async replayDeadLetters(brand: string): Promise<{ replayed: number; unreadable: UnreadableDeadLetter[] }> {
    const { deadLetters: store, queue, now, newId } = this.queueing;
    const { deadLetters, unreadable } = await store.deadLetters(brand);
    const replayId = newId();
    let replayed = 0;
    for (const letter of deadLetters) {
      const at = now();
      const until = new Date(at.getTime() + DEAD_LETTER_CLAIM_SECONDS * 1_000).toISOString();
      if (!(await store.claimDeadLetter(brand, letter.deadLetterId, { replayId, until }, at.toISOString()))) continue;
      try {
        await queue.enqueue([letter.delivery]);
      } catch (error) {
        // The queue's error is the one to tell; a release that fails too leaves the letter to its claim's end.
        await store.releaseDeadLetter(brand, letter.deadLetterId, replayId).catch(() => undefined);
        throw error;
      }
      await store.deleteDeadLetter(brand, letter.deadLetterId);
      replayed++;
    }
    return { replayed, unreadable };
  }
}

/**
 * Brand integrations: brands subscribe HTTPS endpoints to the passport event types they choose
 * (this class, which the admin's route builds alone); every matching event becomes one signed
 * delivery per subscription (Standard Webhooks, {@link BrandWebhooks}), sent from a queue that
 * retries it with backoff and dead-letters it after the last try (kept by {@link WebhookDeadLetters},
 * replayed by the brand's admins through {@link WebhookQueueing}).
 */
export class WebhookSubscriptions<D extends WebhookSubscriptionDependencies = WebhookSubscriptionDependencies> {
  constructor(protected readonly deps: D) {}

  async subscribe(brand: string, request: CreateWebhookSubscriptionRequest): Promise<WebhookSubscriptionCreated> {
    const url = await assertOutboundUrl(request.url, this.urlRules(), { path: ['url'], name: 'endpoint URL' });
    const subscriptionId = this.deps.newId();
    const secret = newWebhookSecret(this.deps.randomBytes(32));
    const subscription: WebhookSubscription = {
      subscriptionId,
      brand,
      url,
      eventTypes: request.eventTypes,
      secretSealed: await this.deps.cipher.seal(SECRET_PURPOSE, `${brand}/${subscriptionId}`, secret),
      createdAt: this.deps.now().toISOString(),
    };
    const refusal = await this.deps.webhooks.addSubscription(subscription, MAX_WEBHOOK_SUBSCRIPTIONS);
    if (refusal?.reason === 'ENDPOINT_TAKEN') {
      throw new ConflictError(
        `Webhook subscription ${refusal.subscriptionId} already sends to ${url}: one subscription per endpoint, so that no event reaches it twice. To change its event types, change them in place (PATCH /v1/webhook-subscriptions/${refusal.subscriptionId}); if its secret is lost, rotate it.`,
        { subscriptionId: refusal.subscriptionId },
      );
    }
    if (refusal) {
      throw new ConflictError(`The brand has ${refusal.limit} webhook subscriptions, as many as a brand may have: delete one it no longer uses first.`, { limit: refusal.limit });
    }
    return { ...view(subscription), secret };
  }

  protected urlRules(): OutboundUrlRules {
    return { allowLocalHttp: this.deps.allowLocalHttp, resolveHost: this.deps.resolveHost };
  }
}

/** The deliveries of the brands' webhooks (and, inherited, their subscription): the queue's consumer builds it. */
export class BrandWebhooks extends WebhookSubscriptions<BrandWebhookDependencies> {
  /** Makes a failed delivery wait for its next try (the backoff). */
  async retryLater(receipt: string, receiveCount: number): Promise<void> {
    await this.deps.queue.retryLater(receipt, retryDelaySeconds(receiveCount));
  }

  /**
   * Sends one delivery, signed now, to the addresses the endpoint's host has now, if they are all
   * public. A delivery to a subscription deleted since is dropped.
   * @throws WebhookDeliveryFailedError when the endpoint's host does not resolve to public addresses
   * only, answers anything but 2xx (a redirect too), or cannot be reached.
   */
  async deliver(delivery: WebhookDelivery): Promise<'DELIVERED' | 'DROPPED'> {
    const subscription = await this.deps.webhooks.getSubscription(delivery.brand, delivery.subscriptionId);
    if (!subscription) return 'DROPPED';
    const check = await checkOutboundUrl(subscription.url, this.urlRules());
    if (!check.ok) throw new WebhookDeliveryFailedError(`${subscription.url} was not sent to: it ${check.problem}.`);
    const now = this.deps.now();
    const headers = webhookHeaders({ id: delivery.webhookId, timestamp: Math.floor(now.getTime() / 1000), body: delivery.body, secret: await signingSecrets(this.deps.cipher, subscription, now) });
    let status: number;
    try {
      status = await this.deps.sender.post(check.endpoint, delivery.body, headers);
    } catch (error) {
      throw new WebhookDeliveryFailedError(`${subscription.url} could not be reached: ${(error as Error).message}`);
    }
    if (status < 200 || status > 299) throw new WebhookDeliveryFailedError(`${subscription.url} answered ${status}.`);
    return 'DELIVERED';
  }
}

/**
 * The secrets a delivery is signed with: the subscription's, and within a day of a rotation the one
 * before it too (Standard Webhooks: one signature per secret), so the brand's endpoint can move to
 * the new secret while deliveries keep verifying with the old one.
 */
async function signingSecrets(cipher: FieldCipher, subscription: WebhookSubscription, now: Date): Promise<string[]> {
  const context = `${subscription.brand}/${subscription.subscriptionId}`;
  const secrets = [await cipher.open(SECRET_PURPOSE, context, subscription.secretSealed)];
  if (subscription.previousSecretSealed && subscription.previousSecretExpiresAt && Date.parse(subscription.previousSecretExpiresAt) > now.getTime()) {
    try {
      secrets.push(await cipher.open(SECRET_PURPOSE, context, subscription.previousSecretSealed));
    } catch (error) {
      // A secret that no longer opens (damaged, or sealed under a field key gone from the ring) is what a
      // rotation mends: the deliveries go on with the new one alone instead of failing for the rest of the day.
      if (!(error instanceof UnreadableSealError)) throw error;
    }
  }
  return secrets;
}

/**
 * A brand admin's rotation of a subscription's signing secret (`POST /v1/webhook-subscriptions/{id}/secret`):
 * a new secret, shown once, signs every delivery from now on; the one before it signs them too for
 * another day. A second rotation within that day ends the older secret at once.
 */
export class WebhookSecretRotation {
  constructor(private readonly deps: Pick<BrandWebhookDependencies, 'cipher' | 'now' | 'randomBytes'> & { webhooks: Pick<WebhookStore, 'getSubscription' | 'rotateSecret'> }) {}

  async rotate(brand: string, subscriptionId: string): Promise<WebhookSecretRotated> {
    const subscription = await this.deps.webhooks.getSubscription(brand, subscriptionId);
    if (!subscription) throw noSubscription(subscriptionId);
    const secret = newWebhookSecret(this.deps.randomBytes(32));
    const previousSecretExpiresAt = new Date(this.deps.now().getTime() + PREVIOUS_SECRET_HOURS * 3_600_000).toISOString();
    const sealed = await this.deps.cipher.seal(SECRET_PURPOSE, `${brand}/${subscriptionId}`, secret);
    if (!(await this.deps.webhooks.rotateSecret(subscription, sealed, { sealed: subscription.secretSealed, expiresAt: previousSecretExpiresAt }))) {
      throw new ConflictError(`The secret of webhook subscription ${subscriptionId} was rotated or the subscription deleted by another request at the same time; read the subscription again.`);
    }
    return { subscriptionId, secret, previousSecretExpiresAt };
  }

  /**
   * The secret the subscription signs with now, for a repeat of a rotation (whose record keeps only a hash of the secret
   * it made); `undefined` when the subscription is gone.
   */
  async currentSecret(brand: string, subscriptionId: string): Promise<string | undefined> {
    const subscription = await this.deps.webhooks.getSubscription(brand, subscriptionId);
    return subscription && this.deps.cipher.open(SECRET_PURPOSE, `${brand}/${subscriptionId}`, subscription.secretSealed);
  }
}

/**
 * A brand admin's change of the event types a subscription gets (`PATCH /v1/webhook-subscriptions/{id}`), in place: the
 * subscription keeps its id, endpoint, signing secrets and creation time, so the brand's endpoint changes nothing.
 * Deliveries queued before it still go out, as each names its subscription; the fan-out reads the new types at the
 * next event.
 */
export class WebhookEventTypeChange {
  constructor(private readonly deps: { webhooks: Pick<WebhookStore, 'getSubscription' | 'replaceEventTypes'> }) {}

  /**
   * Replaces the subscription's event types; the same types in another order are no change, and nothing is written.
   * @throws NotFoundError when the brand has no such subscription, also when it was deleted while this ran.
   * @throws BrandConfigUnreadableError when the subscription does not parse.
   */
  async changeEventTypes(brand: string, subscriptionId: string, request: ChangeWebhookSubscriptionRequest): Promise<WebhookSubscriptionView> {
    // Read strongly consistent: a change just made elsewhere must not be taken for no change.
    const subscription = await this.deps.webhooks.getSubscription(brand, subscriptionId, 'consistent');
    if (!subscription) throw noSubscription(subscriptionId);
    const { eventTypes } = request;
    const had = new Set(subscription.eventTypes);
    if (had.size === eventTypes.length && eventTypes.every((type) => had.has(type))) return view(subscription);
    if (!(await this.deps.webhooks.replaceEventTypes(brand, subscriptionId, eventTypes))) throw noSubscription(subscriptionId);
    return view({ ...subscription, eventTypes });
  }
}

function noSubscription(subscriptionId: string): NotFoundError {
  return new NotFoundError(`No webhook subscription ${subscriptionId}.`);
}

function view({ subscriptionId, url, eventTypes, createdAt }: WebhookSubscription): WebhookSubscriptionView {
  // A subscription saved before 7 December 2026 may hold a bidi control or an invisible character as given.
  return { subscriptionId, url: withUnseenEncoded(url), eventTypes, createdAt };
}
