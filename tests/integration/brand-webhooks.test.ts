import { randomBytes } from 'node:crypto';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpWebhookSender } from '../../shared/adapters/http/http-webhook-sender';
import { webhookDeadLetterKey, webhookVersionKey, webhookSubscriptionKey } from '../../shared/adapters/dynamodb/keys';
import { DynamoDbWebhookDeadLetters, DynamoDbWebhookEventTypes, DynamoDbWebhookStore, DynamoDbWebhookSubscriptions } from '../../shared/adapters/dynamodb/webhook-store';
import { BrandConfigUnreadableError } from '../../shared/domain/brand-config';
import { ConcurrentChangeError, ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../../shared/domain/errors';
import { PASSPORT_EVENT_TYPES } from '../../shared/domain/passport';
import { SEALED_FIELD_PURPOSES } from '../../shared/domain/sealed-fields';
import type { HostResolver, ResolvedAddress } from '../../shared/ports/host-resolver';
import type { CheckedEndpoint, WebhookQueue } from '../../shared/ports/webhook-delivery';
import type { PassportEventDetail } from '../../shared/schemas/events';
import type { WebhookDelivery } from '../../shared/schemas/webhooks';
import {
  BrandWebhooks,
  DEAD_LETTER_CLAIM_SECONDS,
  MAX_WEBHOOK_SUBSCRIPTIONS,
  WebhookDeadLetters,
  WebhookDeliveryFailedError,
  WebhookEventTypeChange,
  WebhookFanOut,
  WebhookQueueing,
  WebhookRecords,
  WebhookSecretRotation,
} from '../../shared/services/brand-webhooks';
import { FieldCipher, UnreadableSealError } from '../../shared/services/field-cipher';
import { newId } from '../../shared/services/tokens';
import { verifyWebhook } from '../../shared/webhooks/standard-webhooks';
import { cipher } from '../support/payouts';
import { createTableLikeStack, localDynamoDb, transactionsConflicting } from '../support/table';

interface Received {
  headers: Record<string, string | undefined>;
  body: string;
}

describe('brand webhooks (DynamoDB Local, a local HTTP receiver)', () => {
  let webhooks: BrandWebhooks;
  /** The fan-out as its function builds it: the subscriptions read alone, and the queue. */
  let fanOut: WebhookFanOut;
  /** The list and deletion of subscriptions, the keeping and the replay of dead letters, each as its function builds it. */
  let records: WebhookRecords;
  let deadLetters: WebhookDeadLetters;
  let replay: WebhookQueueing;
  let tableName: string;
  let client: ReturnType<typeof localDynamoDb>;
  let dependencies: ConstructorParameters<typeof BrandWebhooks>[0];
  let receiver: Server;
  let endpoint: string;
  let answer = 204;
  const received: Received[] = [];
  const queued: WebhookDelivery[] = [];
  const queue: WebhookQueue = {
    enqueue: async (deliveries) => {
      queued.push(...deliveries);
    },
    retryLater: async () => undefined,
  };

  beforeAll(async () => {
    client = localDynamoDb(inject('dynamodbEndpoint'));
    tableName = `webhooks-${newId()}`;
    await createTableLikeStack(client, tableName);
    dependencies = {
      webhooks: new DynamoDbWebhookStore(tableName, client),
      queue,
      sender: new HttpWebhookSender(),
      cipher,
      now: () => new Date(),
      newId,
      randomBytes,
      allowLocalHttp: true,
      resolveHost: async (name) => (name === 'localhost' ? [{ address: '127.0.0.1', family: 4 }] : Promise.reject(new Error(`no DNS for ${name}`))),
    };
    webhooks = new BrandWebhooks(dependencies);
    fanOut = new WebhookFanOut({ webhooks: new DynamoDbWebhookSubscriptions(tableName, client), queue });
    records = new WebhookRecords({ webhooks: dependencies.webhooks });
    const letters = new DynamoDbWebhookDeadLetters(tableName, client);
    deadLetters = new WebhookDeadLetters({ deadLetters: letters, now: () => new Date() });
    replay = new WebhookQueueing({ deadLetters: letters, queue, now: () => new Date(), newId });
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
        // A redirect to this same receiver, which a client that follows redirects would then deliver to.
        response.writeHead(answer, answer >= 300 && answer < 400 ? { location: '/hooks/moved' } : {}).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  });

  afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

  const graded = (brand: string): PassportEventDetail => ({
    eventId: `P${brand}/4`,
    passportId: `P${brand}`,
    brand,
    seq: 4,
    at: '2026-11-04T10:00:00.000Z',
    state: 'GRADED',
    type: 'Graded',
    data: { grade: 'GOOD', route: 'RESELL', settlement: { outcome: 'ACCEPTED', payout: { amount: 14_900, currency: 'EUR' } }, by: 'ops-1' },
  });

  describe("rotating a subscription's signing secret", () => {
    /** The last delivery received, verified with exactly these secrets. */
    const verifiesWith = (secrets: string[], nowSeconds: number) => {
      const message = received.at(-1)!;
      return verifyWebhook({ headers: message.headers, body: message.body, secrets, nowSeconds }).ok;
    };
    const signatures = () => received.at(-1)!.headers['webhook-signature']!.split(' ');

    it('signs every delivery with the new secret and, for one more day, the old one; then with the new one alone', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      let now = new Date('2026-12-05T10:00:00.000Z');
      const clock = { ...dependencies, now: () => now };
      const { subscriptionId, secret: old } = await new BrandWebhooks(clock).subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });

      const rotated = await new WebhookSecretRotation(clock).rotate(brand, subscriptionId);

      expect(rotated).toEqual({ subscriptionId, secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: '2026-12-06T10:00:00.000Z' });
      expect(rotated.secret).not.toBe(old);
      expect(JSON.stringify(await records.list(brand))).not.toContain(rotated.secret);
      const delivery = { brand, subscriptionId, webhookId: `msg_rotation_${newId()}`, body: '{"type":"Graded"}' };
      const deliverAt = async (at: string) => {
        now = new Date(at);
        expect(await new BrandWebhooks(clock).deliver(delivery)).toBe('DELIVERED');
        return Math.floor(now.getTime() / 1000);
      };

      // Within the day: two signatures, each secret alone verifies (the brand switches when it is ready).
      let at = await deliverAt('2026-12-06T09:59:00.000Z');
      expect(signatures()).toHaveLength(2);
      expect(verifiesWith([rotated.secret], at)).toBe(true);
      expect(verifiesWith([old], at)).toBe(true);
      // After it: the new secret only.
      at = await deliverAt('2026-12-06T10:00:01.000Z');
      expect(signatures()).toHaveLength(1);
      expect(verifiesWith([rotated.secret], at)).toBe(true);
      expect(verifiesWith([old], at)).toBe(false);
    });

    it('mends a subscription whose secret no longer opens: after a rotation, deliveries are signed with the new secret alone', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const unreadable = new FieldCipher(async () => 'a-field-key-that-is-not-the-platform-one-0000000000000000000000');
      // Subscribed under a field key the platform no longer holds: its deliveries fail.
      const { subscriptionId } = await new BrandWebhooks({ ...dependencies, cipher: unreadable }).subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
      const delivery = { brand, subscriptionId, webhookId: `msg_mend_${newId()}`, body: '{}' };
      await expect(webhooks.deliver(delivery)).rejects.toBeInstanceOf(UnreadableSealError);

      const { secret } = await new WebhookSecretRotation(dependencies).rotate(brand, subscriptionId);

      expect(await webhooks.deliver(delivery)).toBe('DELIVERED');
      expect(signatures()).toHaveLength(1);
      expect(verifiesWith([secret], Math.floor(Date.now() / 1000))).toBe(true);
    });

    it('takes one of two rotations made at once and answers the other 409; a subscription of another brand or none is 404', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const { subscriptionId, secret: old } = await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
      const rotation = new WebhookSecretRotation(dependencies);
      // At once: both read the subscription before either writes (one after the other, both would rightly be taken).
      let reads = 0;
      let bothRead!: () => void;
      const readByBoth = new Promise<void>((resolve) => (bothRead = resolve));
      const store = dependencies.webhooks;
      const racing: typeof store = Object.assign(Object.create(store) as typeof store, {
        getSubscription: async (of: string, id: string) => {
          const read = await store.getSubscription(of, id);
          if (++reads === 2) bothRead();
          await readByBoth;
          return read;
        },
      });
      const atOnce = new WebhookSecretRotation({ ...dependencies, webhooks: racing });

      const outcomes = await Promise.allSettled([atOnce.rotate(brand, subscriptionId), atOnce.rotate(brand, subscriptionId)]);

      const taken = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
      expect(taken).toHaveLength(1);
      expect(outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []))).toEqual([expect.any(ConflictError)]);
      // The deliveries are signed with the rotation that was taken and the secret before it: none is lost.
      await webhooks.deliver({ brand, subscriptionId, webhookId: `msg_race_${newId()}`, body: '{}' });
      const nowSeconds = Math.floor(Date.now() / 1000);
      expect(verifiesWith([taken[0]!.secret], nowSeconds)).toBe(true);
      expect(verifiesWith([old], nowSeconds)).toBe(true);

      await expect(rotation.rotate(`other-${brand}`, subscriptionId)).rejects.toBeInstanceOf(NotFoundError);
      await expect(rotation.rotate(brand, newId())).rejects.toBeInstanceOf(NotFoundError);
    });
  });

  it('stores and lists an endpoint whose path holds a bidi override percent-encoded, also one saved before 7 December 2026 as given: one endpoint either way', async () => {
    const brand = `b-${newId().toLowerCase()}`;
    const { subscriptionId } = await webhooks.subscribe(brand, { url: `${endpoint}/x\u202egnp.exe`, eventTypes: ['Graded'] });
    const before = `${endpoint}/y\u2066z`;
    const made = (await dependencies.webhooks.getSubscription(brand, subscriptionId, 'consistent'))!;
    await dependencies.webhooks.addSubscription({ ...made, subscriptionId: newId(), url: before }, 20);

    const { subscriptions } = await records.list(brand);

    expect(subscriptions.map((subscription) => subscription.url).sort()).toEqual([`${endpoint}/x%E2%80%AEgnp.exe`, `${endpoint}/y%E2%81%A6z`]);
    expect(JSON.stringify(subscriptions)).not.toMatch(/[\u202e\u2066]/u);
    expect(made.url).toBe(`${endpoint}/x%E2%80%AEgnp.exe`);
    expect(await webhooks.subscribe(brand, { url: before, eventTypes: ['Graded'] }).catch((error: unknown) => error)).toBeInstanceOf(ConflictError);
  });

  it('signs a delivery so the brand can verify it with the secret it was shown once', async () => {
    const brand = `b-${newId().toLowerCase()}`;
    const subscription = await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
    expect(subscription.secret).toMatch(/^whsec_/);
    expect(JSON.stringify(await records.list(brand))).not.toContain(subscription.secret);

    expect(await fanOut.fanOut(graded(brand))).toEqual({ queued: 1, unreadable: [] });
    const delivery = queued.at(-1)!;
    expect(await webhooks.deliver(delivery)).toBe('DELIVERED');

    const [message] = received.slice(-1);
    const verified = verifyWebhook({ headers: message!.headers, body: message!.body, secrets: [subscription.secret], nowSeconds: Math.floor(Date.now() / 1000) });
    expect(verified).toMatchObject({ ok: true, id: delivery.webhookId });
    expect(JSON.parse(message!.body)).toMatchObject({ type: 'Graded', data: { passportId: `P${brand}`, brand } });
  });

  it("queues nothing for another brand's event or a type the brand did not choose", async () => {
    const brand = `b-${newId().toLowerCase()}`;
    await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['VoucherIssued'] });
    expect(await fanOut.fanOut(graded(brand))).toEqual({ queued: 0, unreadable: [] });
    expect(await fanOut.fanOut(graded(`other-${newId().toLowerCase()}`))).toEqual({ queued: 0, unreadable: [] });
  });

  it('fails a delivery the endpoint refuses, so the queue tries it again', async () => {
    const brand = `b-${newId().toLowerCase()}`;
    await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
    await fanOut.fanOut(graded(brand));
    answer = 503;
    await expect(webhooks.deliver(queued.at(-1)!)).rejects.toBeInstanceOf(WebhookDeliveryFailedError);
    answer = 204;
  });

  it('replays a dead letter under its webhook id, for its own brand only', async () => {
    const brand = `b-${newId().toLowerCase()}`;
    await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
    await fanOut.fanOut(graded(brand));
    const dead = queued.at(-1)!;
    await deadLetters.recordDeadLetter(newId(), dead);

    expect(await replay.replayDeadLetters(`other-${newId().toLowerCase()}`)).toEqual({ replayed: 0, unreadable: [] });
    const before = queued.length;
    expect(await replay.replayDeadLetters(brand)).toEqual({ replayed: 1, unreadable: [] });
    expect(queued.slice(before)).toEqual([dead]);
    expect(await replay.replayDeadLetters(brand)).toEqual({ replayed: 0, unreadable: [] });
  });

  describe('replays at the same moment (two admins, two clicks in the console, each with its own key or none)', () => {
    const letters = () => new DynamoDbWebhookDeadLetters(tableName, client);
    /** The brand's dead letters, each a delivery of its own webhook id. */
    const deadLettered = async (brand: string, count: number) => {
      const subscriptionId = newId();
      const ids = Array.from({ length: count }, (_, i) => `msg_P${brand}_${i}_${subscriptionId}`);
      for (const webhookId of ids) await deadLetters.recordDeadLetter(newId(), { brand, subscriptionId, webhookId, body: '{}' });
      return ids;
    };
    const stored = async (brand: string) => (await letters().deadLetters(brand)).deadLetters;

    it('queues each dead letter once across ten replays at once, and their counts add up to the letters', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const ids = await deadLettered(brand, 20);
      const sent: WebhookDelivery[] = [];
      const replays = Array.from({ length: 10 }, () => new WebhookQueueing({ deadLetters: letters(), queue: { enqueue: async (deliveries) => void sent.push(...deliveries) }, now: () => new Date(), newId }));

      const answers = await Promise.all(replays.map((one) => one.replayDeadLetters(brand)));

      expect(sent.map(({ webhookId }) => webhookId).sort()).toEqual([...ids].sort());
      expect(answers.reduce((sum, { replayed }) => sum + replayed, 0)).toBe(20);
      expect(await stored(brand)).toEqual([]);
    });

    it('keeps a letter whose replay died between its claim and its send: held while the claim lasts, then sent by the next replay', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const [id] = await deadLettered(brand, 1);
      // A replay that never comes back from the queue, as one whose function was killed after the claim.
      const died = new WebhookQueueing({ deadLetters: letters(), queue: { enqueue: () => new Promise<void>(() => undefined) }, now: () => new Date(), newId });
      void died.replayDeadLetters(brand);
      await expect.poll(async () => (await stored(brand)).length === 1 && (await claimed(brand)) > 0).toBe(true);
      const sent: WebhookDelivery[] = [];
      const replayAt = (at: Date) => new WebhookQueueing({ deadLetters: letters(), queue: { enqueue: async (deliveries) => void sent.push(...deliveries) }, now: () => at, newId });

      expect(await replayAt(new Date()).replayDeadLetters(brand)).toEqual({ replayed: 0, unreadable: [] });
      expect(await stored(brand)).toHaveLength(1);
      expect(await replayAt(new Date(Date.now() + DEAD_LETTER_CLAIM_SECONDS * 1_000 + 1_000)).replayDeadLetters(brand)).toEqual({ replayed: 1, unreadable: [] });
      expect(sent.map(({ webhookId }) => webhookId)).toEqual([id]);
      expect(await stored(brand)).toEqual([]);
    });

    it('gives a letter back at once when the queue refuses it, so the next replay sends it', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const [id] = await deadLettered(brand, 1);
      const refused = new WebhookQueueing({ deadLetters: letters(), queue: { enqueue: () => Promise.reject(new Error('SQS unavailable')) }, now: () => new Date(), newId });
      await expect(refused.replayDeadLetters(brand)).rejects.toThrow('SQS unavailable');
      const sent: WebhookDelivery[] = [];
      const next = new WebhookQueueing({ deadLetters: letters(), queue: { enqueue: async (deliveries) => void sent.push(...deliveries) }, now: () => new Date(), newId });
      expect(await next.replayDeadLetters(brand)).toEqual({ replayed: 1, unreadable: [] });
      expect(sent.map(({ webhookId }) => webhookId)).toEqual([id]);
    });

    /** How many of the brand's dead letters a replay holds, read from the table as an operator would. */
    const claimed = async (brand: string) => {
      const items = await DynamoDBDocumentClient.from(client).send(new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :dead)',
        ExpressionAttributeValues: { ':pk': webhookDeadLetterKey(brand, '').PK, ':dead': 'DEAD#' },
        ConsistentRead: true,
      }));
      return (items.Items ?? []).filter((item) => item.replayClaimedUntil !== undefined).length;
    };
  });

  it("leaves a stored dead letter that does not parse, or that names another brand's delivery, where it is and says which, and replays the others", async () => {
    const brand = `b-${newId().toLowerCase()}`;
    const other = `b-${newId().toLowerCase()}`;
    await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
    await fanOut.fanOut(graded(brand));
    const dead = queued.at(-1)!;
    const [good, spoilt, foreign] = [newId(), newId(), newId()];
    for (const id of [good, spoilt, foreign]) await deadLetters.recordDeadLetter(id, dead);
    // By hand, as a migration gone wrong would: one without its subscription, one moved into this brand from another.
    const doc = DynamoDBDocumentClient.from(client);
    const rewrite = async (id: string, change: (item: Record<string, any>) => void) => {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: webhookDeadLetterKey(brand, id) }));
      change(Item!);
      await doc.send(new PutCommand({ TableName: tableName, Item: Item! }));
    };
    await rewrite(spoilt, (item) => delete item.delivery.subscriptionId);
    await rewrite(foreign, (item) => (item.delivery.brand = other));

    const before = queued.length;
    expect(await replay.replayDeadLetters(brand)).toEqual({
      replayed: 1,
      unreadable: expect.arrayContaining([
        { deadLetterId: spoilt, problems: [expect.stringMatching(/^delivery\.subscriptionId: /)] },
        { deadLetterId: foreign, problems: [`delivery.brand: the delivery is "${other}"'s`] },
      ]),
    });
    expect(queued.slice(before)).toEqual([dead]);
    // Kept for an operator to mend or delete: the next replay finds them again, and nothing else.
    const again = await replay.replayDeadLetters(brand);
    expect(again.replayed).toBe(0);
    expect(again.unreadable.map(({ deadLetterId }) => deadLetterId).sort()).toEqual([spoilt, foreign].sort());
    expect(queued.length).toBe(before + 1);
  });

  describe('a stored subscription that does not parse (written by hand, or by a migration gone wrong)', () => {
    /** The brand's subscription as the table keeps it, with `change` made to it by hand. */
    const spoil = async (brand: string, subscriptionId: string, change: (item: Record<string, unknown>) => void) => {
      const doc = DynamoDBDocumentClient.from(client);
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: webhookSubscriptionKey(brand, subscriptionId) }));
      change(Item!);
      await doc.send(new PutCommand({ TableName: tableName, Item: Item! }));
    };

    it('is never sent to: the fan-out names it and queues the others, a delivery queued to it fails so the queue keeps it, the list refuses', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const good = await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
      const { subscriptionId } = await webhooks.subscribe(brand, { url: `${endpoint}/spoiled`, eventTypes: ['Graded'] });
      expect(await fanOut.fanOut(graded(brand))).toEqual({ queued: 2, unreadable: [] });
      const toSpoiled = queued.find((delivery) => delivery.subscriptionId === subscriptionId)!;
      await spoil(brand, subscriptionId, (item) => {
        item.eventTypes = ['Graded', 'Exploded'];
        delete item.url;
      });
      const before = queued.length;
      const sent = received.length;

      const problems = [
        'url: Invalid input: expected string, received undefined',
        `eventTypes.1: Invalid option: expected one of ${PASSPORT_EVENT_TYPES.map((type) => `"${type}"`).join('|')}`,
      ];
      expect(await fanOut.fanOut(graded(brand))).toEqual({ queued: 1, unreadable: [{ subscriptionId, problems }] });
      expect(queued.slice(before)).toEqual([expect.objectContaining({ subscriptionId: good.subscriptionId })]);
      for (const read of [() => webhooks.deliver(toSpoiled), () => records.list(brand)]) {
        const error = await read().then(() => undefined, (reason: unknown) => reason);
        expect(error).toBeInstanceOf(BrandConfigUnreadableError);
        expect((error as BrandConfigUnreadableError).problems).toEqual(problems.map((problem) => `webhook subscription ${subscriptionId}: ${problem}`));
      }
      expect(received.length).toBe(sent);

      // Deleting it needs no read: then the brand's list reads again.
      await records.unsubscribe(brand, subscriptionId);
      expect(await records.list(brand)).toEqual({ subscriptions: [expect.objectContaining({ subscriptionId: good.subscriptionId })] });
      expect(await webhooks.deliver(toSpoiled)).toBe('DROPPED');
    });

    it("is unreadable in another brand's partition, though it parses; a subscription with an attribute this version does not know still reads", async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const { subscriptionId } = await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
      await spoil(brand, subscriptionId, (item) => (item.note = 'written by a newer version'));
      expect(await fanOut.fanOut(graded(brand))).toEqual({ queued: 1, unreadable: [] });

      await spoil(brand, subscriptionId, (item) => (item.brand = 'another-brand'));

      expect(await fanOut.fanOut(graded(brand))).toEqual({ queued: 0, unreadable: [{ subscriptionId, problems: ['brand: the subscription is "another-brand"\'s'] }] });
      const error = await records.list(brand).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(BrandConfigUnreadableError);
      expect((error as BrandConfigUnreadableError).problems).toEqual([`webhook subscription ${subscriptionId}: brand: the subscription is "another-brand"'s`]);
    });
  });

  describe('one subscription per endpoint, at most MAX_WEBHOOK_SUBSCRIPTIONS per brand', () => {
    const doc = () => DynamoDBDocumentClient.from(client);
    const refusal = (promise: Promise<unknown>) => promise.then((value) => expect.fail(`subscribed: ${JSON.stringify(value)}`), (error: unknown) => error);
    const listed = async (brand: string) => (await records.list(brand)).subscriptions.map(({ url }) => url).sort();
    /** Subscriptions as the versions before 6 December 2026 wrote them: their items alone, no version of them kept. */
    const subscribedBefore = async (brand: string, urls: string[]) => {
      const ids: string[] = [];
      for (const url of urls) {
        const subscriptionId = newId();
        ids.push(subscriptionId);
        const secretSealed = await cipher.seal(SEALED_FIELD_PURPOSES.webhookSecret, `${brand}/${subscriptionId}`, 'whsec_before');
        await doc().send(new PutCommand({
          TableName: tableName,
          Item: { ...webhookSubscriptionKey(brand, subscriptionId), entity: 'WebhookSubscription', subscriptionId, brand, url, eventTypes: ['Graded'], secretSealed, createdAt: '2026-11-01T10:00:00.000Z' },
        }));
      }
      return ids;
    };

    it('refuses a second subscription to an endpoint however its URL is spelt, naming the first; writes nothing; another brand may', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const first = await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
      for (const url of [endpoint, endpoint.replace('/hooks', '/x/../hooks'), `${endpoint}#sold`, endpoint.replace('/hooks', '/%68ooks'), `${endpoint}?`, `${endpoint}?#sold`]) {
        const error = await refusal(webhooks.subscribe(brand, { url, eventTypes: ['Sold'] }));
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as ConflictError).extensions).toEqual({ subscriptionId: first.subscriptionId });
        expect((error as ConflictError).message).toContain(`Webhook subscription ${first.subscriptionId} already sends to ${url}`);
      }
      expect(await listed(brand)).toEqual([endpoint]);
      // Another path, or a query, is another endpoint; the same endpoint is another brand's to subscribe.
      await webhooks.subscribe(brand, { url: `${endpoint}?brand=${brand}`, eventTypes: ['Sold'] });
      await webhooks.subscribe(`${brand}-other`, { url: endpoint, eventTypes: ['Graded'] });
      expect(await listed(brand)).toEqual([endpoint, `${endpoint}?brand=${brand}`]);
      // Once deleted, the endpoint is free again.
      await records.unsubscribe(brand, first.subscriptionId);
      await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Sold'] });
      expect(await listed(brand)).toEqual([endpoint, `${endpoint}?brand=${brand}`]);
    });

    it('stores an endpoint whose host is in upper case with the host in lower case, and takes either case for that endpoint', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const named = endpoint.replace('127.0.0.1', 'localhost');
      const first = await webhooks.subscribe(brand, { url: `${named.replace('http://localhost', 'HTTP://LOCALHOST')}/Upper`, eventTypes: ['Graded'] });
      expect(first.url).toBe(`${named}/Upper`);
      expect(await listed(brand)).toEqual([first.url]);
      for (const url of [first.url, `${named.replace('localhost', 'LocalHost')}/Upper`]) {
        const error = await refusal(webhooks.subscribe(brand, { url, eventTypes: ['Sold'] }));
        expect((error as ConflictError).extensions).toEqual({ subscriptionId: first.subscriptionId });
      }
      // A path is the endpoint's to read as it will: another case there is another endpoint.
      await webhooks.subscribe(brand, { url: `${named}/upper`, eventTypes: ['Sold'] });
    });

    it('subscribes one of ten requests for one endpoint made at once; the others are 409 and wrote nothing', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const answers = await Promise.allSettled(Array.from({ length: 10 }, () => webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] })));
      const created = answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value] : []));
      expect(created).toHaveLength(1);
      for (const answer of answers.filter((one) => one.status === 'rejected')) {
        expect(answer.reason).toBeInstanceOf(ConflictError);
        expect((answer.reason as ConflictError).extensions).toEqual({ subscriptionId: created[0]!.subscriptionId });
      }
      expect((await records.list(brand)).subscriptions).toEqual([expect.objectContaining({ subscriptionId: created[0]!.subscriptionId })]);
    });

    it(`refuses the subscription after the ${MAX_WEBHOOK_SUBSCRIPTIONS}th, also when several race for the last places; a deletion frees one`, async () => {
      const brand = `b-${newId().toLowerCase()}`;
      for (let n = 0; n < MAX_WEBHOOK_SUBSCRIPTIONS - 2; n++) await webhooks.subscribe(brand, { url: `${endpoint}/${n}`, eventTypes: ['Graded'] });
      const answers = await Promise.allSettled(Array.from({ length: 6 }, (_, n) => webhooks.subscribe(brand, { url: `${endpoint}/racing-${n}`, eventTypes: ['Graded'] })));
      expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(2);
      for (const answer of answers.filter((one) => one.status === 'rejected')) {
        expect(answer.reason).toBeInstanceOf(ConflictError);
        expect((answer.reason as ConflictError).extensions).toEqual({ limit: MAX_WEBHOOK_SUBSCRIPTIONS });
      }
      const { subscriptions } = await records.list(brand);
      expect(subscriptions).toHaveLength(MAX_WEBHOOK_SUBSCRIPTIONS);

      await records.unsubscribe(brand, subscriptions[0]!.subscriptionId);
      await webhooks.subscribe(brand, { url: `${endpoint}/after`, eventTypes: ['Graded'] });
      expect(await refusal(webhooks.subscribe(brand, { url: `${endpoint}/one-more`, eventTypes: ['Graded'] }))).toBeInstanceOf(ConflictError);
      expect((await records.list(brand)).subscriptions).toHaveLength(MAX_WEBHOOK_SUBSCRIPTIONS);
    });

    it('counts and checks the subscriptions made before their version was kept, and those that do not parse', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const before = await subscribedBefore(brand, Array.from({ length: MAX_WEBHOOK_SUBSCRIPTIONS - 1 }, (_, n) => `${endpoint}/before-${n}`));
      const taken = await refusal(webhooks.subscribe(brand, { url: `${endpoint}/before-0`, eventTypes: ['Sold'] }));
      expect((taken as ConflictError).extensions).toEqual({ subscriptionId: before[0] });

      const doc = DynamoDBDocumentClient.from(client);
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: webhookSubscriptionKey(brand, before[1]!) }));
      await doc.send(new PutCommand({ TableName: tableName, Item: { ...Item!, eventTypes: 'all of them' } }));
      await webhooks.subscribe(brand, { url: `${endpoint}/new-1`, eventTypes: ['Graded'] });
      expect((await doc.send(new GetCommand({ TableName: tableName, Key: webhookVersionKey(brand), ConsistentRead: true }))).Item).toMatchObject({ version: 1 });
      expect(((await refusal(webhooks.subscribe(brand, { url: `${endpoint}/new-2`, eventTypes: ['Graded'] }))) as ConflictError).extensions).toEqual({ limit: MAX_WEBHOOK_SUBSCRIPTIONS });
      expect(((await refusal(webhooks.subscribe(brand, { url: `${endpoint}/before-1`, eventTypes: ['Graded'] }))) as ConflictError).extensions).toEqual({ subscriptionId: before[1] });

      // Deleting the one that does not parse frees its place.
      await records.unsubscribe(brand, before[1]!);
      await webhooks.subscribe(brand, { url: `${endpoint}/before-1`, eventTypes: ['Graded'] });
      expect((await records.list(brand)).subscriptions).toHaveLength(MAX_WEBHOOK_SUBSCRIPTIONS);
    });

    it('answers a stored version that does not parse as the brand configuration gone bad, and subscribes nothing', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
      await doc().send(new PutCommand({ TableName: tableName, Item: { ...webhookVersionKey(brand), entity: 'WebhookSubscriptionsVersion', version: 'two' } }));
      const error = await refusal(webhooks.subscribe(brand, { url: `${endpoint}/2`, eventTypes: ['Graded'] }));
      expect(error).toBeInstanceOf(BrandConfigUnreadableError);
      expect((error as BrandConfigUnreadableError).problems).toEqual(['webhook subscription VERSION: version: Invalid input: expected number, received string']);
      expect((await records.list(brand)).subscriptions).toHaveLength(1);
    });

    it('gives up with a 409 to try again after five attempts that others got in before', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const { client: conflicting, cancelled } = transactionsConflicting(inject('dynamodbEndpoint'), 5);
      const error = await refusal(new BrandWebhooks({ ...dependencies, webhooks: new DynamoDbWebhookStore(tableName, conflicting) }).subscribe(brand, { url: endpoint, eventTypes: ['Graded'] }));
      expect(error).toBeInstanceOf(ConcurrentChangeError);
      expect(cancelled()).toBe(5);
      expect((await records.list(brand)).subscriptions).toEqual([]);
    });
  });

  describe("changing a subscription's event types in place", () => {
    /** The change as its function builds it: the read and the change of one subscription. */
    let changes: WebhookEventTypeChange;
    let store: DynamoDbWebhookEventTypes;
    const doc = () => DynamoDBDocumentClient.from(client);
    const stored = async (brand: string, subscriptionId: string) =>
      (await doc().send(new GetCommand({ TableName: tableName, Key: webhookSubscriptionKey(brand, subscriptionId), ConsistentRead: true }))).Item;
    /** The store, with `meanwhile` done after the change has read the subscription and before it writes. */
    const interrupted = (meanwhile: () => Promise<unknown>) =>
      new WebhookEventTypeChange({
        webhooks: Object.assign(Object.create(store) as DynamoDbWebhookEventTypes, {
          getSubscription: async (brand: string, subscriptionId: string, read?: 'consistent') => {
            const subscription = await store.getSubscription(brand, subscriptionId, read);
            await meanwhile();
            return subscription;
          },
        }),
      });

    beforeAll(() => {
      store = new DynamoDbWebhookEventTypes(tableName, client);
      changes = new WebhookEventTypeChange({ webhooks: store });
    });

    it('replaces the event types and keeps the id, endpoint, secret and creation time; the next event is queued by the new types', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const created = await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['VoucherIssued'] });
      const before = await stored(brand, created.subscriptionId);

      const changed = await changes.changeEventTypes(brand, created.subscriptionId, { eventTypes: ['Sold', 'Graded'] });

      const { secret, ...view } = created;
      expect(changed).toEqual({ ...view, eventTypes: ['Sold', 'Graded'] });
      expect(await records.list(brand)).toEqual({ subscriptions: [changed] });
      expect(await stored(brand, created.subscriptionId)).toEqual({ ...before, eventTypes: ['Sold', 'Graded'] });
      expect(await fanOut.fanOut(graded(brand))).toEqual({ queued: 1, unreadable: [] });
      // Signed with the secret the brand was shown when it subscribed: nothing to redeploy.
      expect(await webhooks.deliver(queued.at(-1)!)).toBe('DELIVERED');
      const message = received.at(-1)!;
      expect(verifyWebhook({ headers: message.headers, body: message.body, secrets: [secret], nowSeconds: Math.floor(Date.now() / 1000) }).ok).toBe(true);
    });

    it('still sends a delivery queued before the change, though the new types leave its event out', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const { subscriptionId } = await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
      await fanOut.fanOut(graded(brand));
      const delivery = queued.at(-1)!;

      await changes.changeEventTypes(brand, subscriptionId, { eventTypes: ['Sold'] });

      expect(await webhooks.deliver(delivery)).toBe('DELIVERED');
      expect(await fanOut.fanOut(graded(brand))).toEqual({ queued: 0, unreadable: [] });
    });

    it('writes nothing when the types are those the subscription has, in any order, and answers the subscription as it is', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const { subscriptionId } = await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded', 'Sold'] });
      const requests: string[] = [];
      const counting = localDynamoDb(inject('dynamodbEndpoint'));
      counting.middlewareStack.add((next, context) => async (args) => (requests.push(context.commandName!), next(args)), { step: 'initialize' });

      const answer = await new WebhookEventTypeChange({ webhooks: new DynamoDbWebhookEventTypes(tableName, counting) }).changeEventTypes(brand, subscriptionId, {
        eventTypes: ['Sold', 'Graded'],
      });

      expect(answer.eventTypes).toEqual(['Graded', 'Sold']);
      expect(requests).toEqual(['GetItemCommand']);
      expect((await stored(brand, subscriptionId))!.eventTypes).toEqual(['Graded', 'Sold']);
    });

    it("answers 404 for another brand's subscription, leaves it as it was and writes none in the brand's partition", async () => {
      const [brand, other] = [`b-${newId().toLowerCase()}`, `b-${newId().toLowerCase()}`];
      const { subscriptionId } = await webhooks.subscribe(other, { url: endpoint, eventTypes: ['Graded'] });
      const before = await stored(other, subscriptionId);

      await expect(changes.changeEventTypes(brand, subscriptionId, { eventTypes: ['Sold'] })).rejects.toBeInstanceOf(NotFoundError);
      await expect(changes.changeEventTypes(brand, newId(), { eventTypes: ['Sold'] })).rejects.toBeInstanceOf(NotFoundError);

      expect(await stored(other, subscriptionId)).toEqual(before);
      expect(await stored(brand, subscriptionId)).toBeUndefined();
      expect(await records.list(brand)).toEqual({ subscriptions: [] });
    });

    it('answers 404 and writes nothing back when the subscription is deleted between the change reading and writing it', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const { subscriptionId } = await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });

      const change = interrupted(() => records.unsubscribe(brand, subscriptionId)).changeEventTypes(brand, subscriptionId, { eventTypes: ['Sold'] });

      await expect(change).rejects.toBeInstanceOf(NotFoundError);
      expect(await stored(brand, subscriptionId)).toBeUndefined();
      expect(await records.list(brand)).toEqual({ subscriptions: [] });
      expect(await fanOut.fanOut(graded(brand))).toEqual({ queued: 0, unreadable: [] });
    });

    it('leaves no subscription when changes and its deletion race, each change answered with its types or 404', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const { subscriptionId } = await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
      const types = ['Sold', 'Listed', 'Repaired', 'VoucherIssued', 'LabelCreated'] as const;

      const outcomes = await Promise.allSettled([
        ...types.map((type) => changes.changeEventTypes(brand, subscriptionId, { eventTypes: [type] })),
        records.unsubscribe(brand, subscriptionId),
        ...types.map((type) => changes.changeEventTypes(brand, subscriptionId, { eventTypes: [type, 'Graded'] })),
      ]);

      expect(outcomes[types.length]).toEqual({ status: 'fulfilled', value: undefined });
      for (const outcome of outcomes.filter((_, index) => index !== types.length)) {
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(NotFoundError);
        else expect(outcome.value).toMatchObject({ subscriptionId, url: endpoint });
      }
      expect(await stored(brand, subscriptionId)).toBeUndefined();
      expect(await records.list(brand)).toEqual({ subscriptions: [] });
    });

    it('keeps a rotation of the secret made between the change reading and writing the subscription', async () => {
      const brand = `b-${newId().toLowerCase()}`;
      const { subscriptionId, secret: old } = await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
      let rotated!: string;

      await interrupted(async () => ({ secret: rotated } = await new WebhookSecretRotation(dependencies).rotate(brand, subscriptionId))).changeEventTypes(brand, subscriptionId, {
        eventTypes: ['Graded', 'Sold'],
      });

      await fanOut.fanOut(graded(brand));
      expect(await webhooks.deliver(queued.at(-1)!)).toBe('DELIVERED');
      const message = received.at(-1)!;
      const nowSeconds = Math.floor(Date.now() / 1000);
      for (const secret of [rotated, old]) expect(verifyWebhook({ headers: message.headers, body: message.body, secrets: [secret], nowSeconds }).ok).toBe(true);
      expect((await stored(brand, subscriptionId))!.eventTypes).toEqual(['Graded', 'Sold']);
    });
  });

  it('drops deliveries to a subscription deleted since', async () => {
    const brand = `b-${newId().toLowerCase()}`;
    const { subscriptionId } = await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
    await fanOut.fanOut(graded(brand));
    await records.unsubscribe(brand, subscriptionId);
    expect(await webhooks.deliver(queued.at(-1)!)).toBe('DROPPED');
  });

  it('refuses an endpoint that is not public https with the path of the URL', async () => {
    const strict = new BrandWebhooks({ ...dependencies, allowLocalHttp: false });
    const error = await strict.subscribe('demo', { url: endpoint, eventTypes: ['Graded'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([{ in: 'body', path: ['url'], message: 'must be an https:// URL' }]);
  });

  it('refuses an endpoint whose name resolves to an address that is not public, and subscribes nothing', async () => {
    const brand = `b-${newId().toLowerCase()}`;
    const metadata: HostResolver = async () => [{ address: '169.254.169.254', family: 4 }];
    const strict = new BrandWebhooks({ ...dependencies, allowLocalHttp: false, resolveHost: metadata });

    const error = await strict.subscribe(brand, { url: 'https://169.254.169.254.nip.io/latest', eventTypes: ['Graded'] }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as UnprocessableError).issues).toEqual([
      { in: 'body', path: ['url'], message: 'must resolve to public addresses only; 169.254.169.254.nip.io resolves to 169.254.169.254 (link-local)' },
    ]);
    expect(await records.list(brand)).toEqual({ subscriptions: [] });
  });

  it('refuses at delivery an endpoint whose name resolves to loopback since it was subscribed, and sends nothing', async () => {
    const brand = `b-${newId().toLowerCase()}`;
    let answer: ResolvedAddress = { address: '93.184.215.14', family: 4 };
    const sent: CheckedEndpoint[] = [];
    const real = new HttpWebhookSender();
    const strict = new BrandWebhooks({
      ...dependencies,
      allowLocalHttp: false,
      resolveHost: async () => [answer],
      sender: { post: (endpoint, body, headers) => (sent.push(endpoint), real.post(endpoint, body, headers)) },
    });
    await strict.subscribe(brand, { url: 'https://hooks.rebinding.example/kreislauf', eventTypes: ['Graded'] });
    await fanOut.fanOut(graded(brand));
    const before = received.length;

    answer = { address: '127.0.0.1', family: 4 };
    const error = await strict.deliver(queued.at(-1)!).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(WebhookDeliveryFailedError);
    expect((error as Error).message).toBe(
      'https://hooks.rebinding.example/kreislauf was not sent to: it must resolve to public addresses only; hooks.rebinding.example resolves to 127.0.0.1 (loopback).',
    );
    expect(sent).toEqual([]);
    expect(received.length).toBe(before);
  });

  it('fails a delivery the endpoint redirects, without following the redirect', async () => {
    const brand = `b-${newId().toLowerCase()}`;
    await webhooks.subscribe(brand, { url: endpoint, eventTypes: ['Graded'] });
    await fanOut.fanOut(graded(brand));
    const before = received.length;
    answer = 307;

    const error = await webhooks.deliver(queued.at(-1)!).catch((e: unknown) => e);
    answer = 204;

    expect(error).toBeInstanceOf(WebhookDeliveryFailedError);
    expect((error as Error).message).toBe(`${endpoint} answered 307.`);
    expect(received.length).toBe(before + 1);
  });
});
