import { randomBytes, randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { DynamoDbWebhookSecrets, DynamoDbWebhookStore } from '../../shared/adapters/dynamodb/webhook-store';
import type { WebhookSender } from '../../shared/ports/webhook-delivery';
import type { WebhookStore } from '../../shared/ports/webhook-store';
import { BrandWebhooks, WebhookSecretRotation } from '../../shared/services/brand-webhooks';
import { newId } from '../../shared/services/tokens';
import { verifyWebhook } from '../../shared/webhooks/standard-webhooks';
import { cipher } from '../support/payouts';
import { createTableLikeStack, localDynamoDb } from '../support/table';

// The rotation route's function as deployed, over DynamoDB Local: only the rotation it composes is this test's, so
// that the reads can be held until all of them are made. Its Idempotency-Keys are kept in the same table.
const composed = vi.hoisted(() => ({ rotation: undefined as WebhookSecretRotation | undefined }));
vi.mock('../../functions/webhooks/compose', () => ({
  webhookSecretRotation: () => ({
    rotate: (brand: string, subscriptionId: string) => composed.rotation!.rotate(brand, subscriptionId),
    currentSecret: (brand: string, subscriptionId: string) => composed.rotation!.currentSecret(brand, subscriptionId),
  }),
}));

const RACERS = 20;
const context = { functionName: 'rotate-webhook-secret', awsRequestId: 'request', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

/** `POST /v1/webhook-subscriptions/{id}/secret` as API Gateway hands it over, by an admin of `brand`. */
function rotationRequest(brand: string, subscriptionId: string, idempotencyKey: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /v1/webhook-subscriptions/{subscriptionId}/secret',
    rawPath: `/v1/webhook-subscriptions/${subscriptionId}/secret`,
    rawQueryString: '',
    headers: { host: 'api.example.org', 'idempotency-key': idempotencyKey },
    pathParameters: { subscriptionId },
    requestContext: {
      domainName: 'api.example.org',
      http: { method: 'POST' },
      authorizer: { jwt: { claims: { sub: 'admin-1', 'custom:brand': brand, 'cognito:groups': '[admin]' }, scopes: [] } },
    } as unknown as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: false,
  };
}

/** `store`, except that its first `readers` reads of a subscription are handed back only once all of them are made. */
function readAllBeforeAnyWrites(store: DynamoDbWebhookSecrets, readers: number): Pick<WebhookStore, 'getSubscription' | 'rotateSecret'> {
  let reads = 0;
  let allRead!: () => void;
  const everyoneRead = new Promise<void>((resolve) => (allRead = resolve));
  return {
    getSubscription: async (brand, subscriptionId) => {
      const read = await store.getSubscription(brand, subscriptionId);
      if (++reads === readers) allRead();
      await everyoneRead;
      return read;
    },
    rotateSecret: (...args) => store.rotateSecret(...args),
  };
}

describe("rotating a webhook subscription's secret, twenty requests at once (the function over DynamoDB Local)", () => {
  const client = localDynamoDb(inject('dynamodbEndpoint'));
  const tableName = `webhook-rotation-${newId()}`;
  const sent: { body: string; headers: Record<string, string> }[] = [];
  const sender: WebhookSender = {
    post: async (_endpoint, body, headers) => {
      sent.push({ body, headers });
      return 204;
    },
  };
  const base = {
    cipher,
    now: () => new Date(),
    newId,
    randomBytes,
    allowLocalHttp: false,
    // The endpoint's public address; nothing connects to it (the sender keeps what it would send).
    resolveHost: async () => [{ address: '8.8.8.8', family: 4 as const }],
    queue: { enqueue: async () => undefined, retryLater: async () => undefined },
    sender,
  };
  const webhooks = new BrandWebhooks({ ...base, webhooks: new DynamoDbWebhookStore(tableName, client) });
  const secrets = new DynamoDbWebhookSecrets(tableName, client);

  /** Whether a delivery made now is signed so that `secret` alone verifies it. */
  async function verifiesNow(brand: string, subscriptionId: string, secret: string): Promise<boolean> {
    await webhooks.deliver({ brand, subscriptionId, webhookId: `msg_${newId()}`, body: '{"type":"Graded"}' });
    const message = sent.at(-1)!;
    return verifyWebhook({ headers: message.headers, body: message.body, secrets: [secret], nowSeconds: Math.floor(Date.now() / 1000) }).ok;
  }

  async function call(brand: string, subscriptionId: string, idempotencyKey: string) {
    const { handler } = await import('../../functions/webhooks/rotate-webhook-secret');
    const response = (await handler(rotationRequest(brand, subscriptionId, idempotencyKey), context)) as APIGatewayProxyStructuredResultV2;
    return { status: response.statusCode!, headers: response.headers ?? {}, body: JSON.parse(String(response.body)) };
  }

  beforeAll(async () => {
    await createTableLikeStack(client, tableName);
  });

  beforeEach(() => {
    // The Idempotency-Keys' table and client, as the function finds them in its environment.
    vi.stubEnv('TABLE_NAME', tableName);
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', inject('dynamodbEndpoint'));
    vi.stubEnv('AWS_REGION', 'eu-central-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  });

  it('hands out the secret of one rotation that all twenty read before any wrote, keeps it and the one before, and answers the others 409', async () => {
    const brand = `b-${newId().toLowerCase()}`;
    const { subscriptionId, secret: original } = await webhooks.subscribe(brand, { url: 'https://hooks.example.com/kreislauf', eventTypes: ['Graded'] });
    composed.rotation = new WebhookSecretRotation({ ...base, webhooks: readAllBeforeAnyWrites(secrets, RACERS) });
    const keys = Array.from({ length: RACERS }, () => randomUUID());

    const answers = await Promise.all(keys.map((key) => call(brand, subscriptionId, key)));

    expect(answers.filter((answer) => answer.status >= 500)).toEqual([]);
    const taken = answers.filter((answer) => answer.status === 200);
    const refused = answers.filter((answer) => answer.status === 409);
    expect(taken).toHaveLength(1);
    expect(refused).toHaveLength(RACERS - 1);
    for (const answer of refused) {
      expect(answer.headers['content-type']).toBe('application/problem+json');
      expect(answer.body.detail).toMatch(/was rotated or the subscription deleted by another request at the same time/);
    }
    // Every secret handed out signs the deliveries, and so does the one the brand verified with before (for a day).
    const winner = taken[0]!.body as { secret: string };
    expect(await verifiesNow(brand, subscriptionId, winner.secret)).toBe(true);
    expect(await verifiesNow(brand, subscriptionId, original)).toBe(true);

    // The winner's request again: the same secret, nothing rotated. Its key's record keeps only the secret's hash: no
    // item of the table holds it in the clear.
    composed.rotation = new WebhookSecretRotation({ ...base, webhooks: secrets });
    const winnersKey = keys[answers.indexOf(taken[0]!)]!;
    const again = await call(brand, subscriptionId, winnersKey);
    expect(again).toMatchObject({ status: 200, body: taken[0]!.body });
    expect(again.headers).not.toHaveProperty('x-kreislauf-secret-hashed');
    const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName }));
    expect(JSON.stringify(Items)).not.toContain(winner.secret);
    expect(await verifiesNow(brand, subscriptionId, original)).toBe(true);
    // A refused request again: its key was released with the 409, so it is a rotation of its own, on top of the winner's.
    const retried = await call(brand, subscriptionId, keys[answers.indexOf(refused[0]!)]!);
    expect(retried.status).toBe(200);
    expect(await verifiesNow(brand, subscriptionId, retried.body.secret)).toBe(true);
    expect(await verifiesNow(brand, subscriptionId, winner.secret)).toBe(true);
    // The winner's request once more: its secret is no longer the one in use, and is not shown again.
    const late = await call(brand, subscriptionId, winnersKey);
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/has been rotated again since/);
    expect(JSON.stringify(late.body)).not.toContain(winner.secret);
  });
});
