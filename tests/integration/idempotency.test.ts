import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbIdempotencyStore } from '../../shared/adapters/dynamodb/idempotency-store';
import { ConflictError, UnprocessableError } from '../../shared/domain/errors';
import { IDEMPOTENCY_LOCK_SECONDS, IDEMPOTENCY_TTL_SECONDS, IdempotencyKeys } from '../../shared/http/idempotency';
import type { StoredResponse } from '../../shared/ports/idempotency-store';
import { newId } from '../../shared/services/tokens';
import { answerLostOnce, createTableLikeStack, localDynamoDb } from '../support/table';

describe('Idempotency-Key records (DynamoDB Local)', () => {
  const client = localDynamoDb(inject('dynamodbEndpoint'));
  const tableName = `idempotency-${newId()}`;
  let clock = new Date('2026-12-02T10:00:00.000Z');
  const keys = () => new IdempotencyKeys({ store: new DynamoDbIdempotencyStore(tableName, client), now: () => clock });
  const request = (body: string) => ({ path: { code: 'V1' }, query: undefined, rawBody: body });
  const created = (body: string): StoredResponse => ({ statusCode: 201, headers: { 'content-type': 'application/json', location: '/x/1' }, body, isBase64Encoded: false });

  /** A route that runs until `finish` is called; `started` resolves once it holds the key. */
  function aSlowRoute(response: StoredResponse) {
    let started!: () => void;
    let finish!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const execute = async () => {
      started();
      await finished;
      return response;
    };
    return { execute, running, finish };
  }

  beforeAll(async () => {
    await createTableLikeStack(client, tableName);
  });

  it('runs 50 concurrent requests with one key once: the others get 409 and the first record stays', async () => {
    let runs = 0;
    const guard = keys();
    const route = aSlowRoute(created('{"id":"first"}'));
    const first = guard.once({ scope: 'shop-1', key: 'storm', request: request('{"a":1}') }, () => {
      runs++;
      return route.execute();
    });
    await route.running;
    const duplicates = await Promise.allSettled(
      Array.from({ length: 50 }, () => guard.once({ scope: 'shop-1', key: 'storm', request: request('{"a":1}') }, async () => created(`{"runs":${++runs}}`))),
    );
    route.finish();
    expect(await first).toEqual(created('{"id":"first"}'));
    expect(runs).toBe(1);
    for (const duplicate of duplicates) expect(duplicate).toMatchObject({ status: 'rejected', reason: expect.any(ConflictError) });
    expect(await guard.once({ scope: 'shop-1', key: 'storm', request: request('{"a":1}') }, async () => created('{"id":"again"}'))).toEqual(created('{"id":"first"}'));
  });

  it('refuses the key with another body with 422 while the first runs and after it, and keeps the first answer', async () => {
    const guard = keys();
    const route = aSlowRoute(created('{"amount":100}'));
    const first = guard.once({ scope: 'shop-1', key: 'K', request: request('{"amount":100}') }, route.execute);
    await route.running;
    await expect(guard.once({ scope: 'shop-1', key: 'K', request: request('{"amount":200}') }, async () => created('{}'))).rejects.toBeInstanceOf(UnprocessableError);
    route.finish();
    await first;
    await expect(guard.once({ scope: 'shop-1', key: 'K', request: request('{"amount":200}') }, async () => created('{}'))).rejects.toBeInstanceOf(UnprocessableError);
    expect(await guard.once({ scope: 'shop-1', key: 'K', request: request('{"amount":100}') }, async () => created('{}'))).toEqual(created('{"amount":100}'));
  });

  it('releases the key when its own request fails, so that a retry runs', async () => {
    const guard = keys();
    await expect(guard.once({ scope: 'shop-1', key: 'fails', request: request('{}') }, async () => Promise.reject(new ConflictError('busy')))).rejects.toBeInstanceOf(ConflictError);
    expect(await guard.once({ scope: 'shop-1', key: 'fails', request: request('{}') }, async () => created('{"retried":true}'))).toEqual(created('{"retried":true}'));
  });

  it('answers with the done work when its answer cannot be stored, and holds the key until the lock runs out', async () => {
    const store = new DynamoDbIdempotencyStore(tableName, client);
    store.complete = async () => Promise.reject(new Error('DynamoDB unavailable'));
    const guard = new IdempotencyKeys({ store, now: () => clock });
    let runs = 0;
    const route = async () => created(`{"run":${++runs}}`);

    expect(await guard.once({ scope: 'shop-1', key: 'unstored', request: request('{}') }, route)).toEqual(created('{"run":1}'));
    await expect(keys().once({ scope: 'shop-1', key: 'unstored', request: request('{}') }, route)).rejects.toBeInstanceOf(ConflictError);
    expect(runs).toBe(1);
  });

  it("runs the route when its claim's write landed but the answer was lost and the SDK sent it again, and holds the key", async () => {
    const lossy = answerLostOnce(inject('dynamodbEndpoint'), 'PutItem');
    const guard = new IdempotencyKeys({ store: new DynamoDbIdempotencyStore(tableName, lossy.client), now: () => clock });

    expect(await guard.once({ scope: 'shop-1', key: 'lost-answer', request: request('{}') }, async () => created('{"run":1}'))).toEqual(created('{"run":1}'));
    expect(lossy.sent()).toBe(2);
    expect(await keys().once({ scope: 'shop-1', key: 'lost-answer', request: request('{}') }, async () => created('{"run":2}'))).toEqual(created('{"run":1}'));
  });

  it('replays an answer of 600 KB exactly, a JSON one and one that does not compress, and runs the route once', async () => {
    const products = Array.from({ length: 3000 }, (_, index) => ({ sku: `SKU-${index}`, name: `Jacket ${index} ${randomBytes(24).toString('hex')}`, prices: { A: 4000 + index, B: 2000 + index } }));
    const json = created(JSON.stringify({ config: { brand: 'big' }, products }).padEnd(600_000, ' '));
    const noise = created(JSON.stringify({ noise: randomBytes(450_000).toString('base64') }));
    for (const [key, answer] of [['json-600k', json], ['noise-600k', noise]] as const) {
      expect(answer.body.length).toBeGreaterThanOrEqual(600_000);
      let runs = 0;
      const route = async () => (runs++, answer);
      expect(await keys().once({ scope: 'shop-1', key, request: request('{}') }, route)).toEqual(answer);
      expect(await keys().once({ scope: 'shop-1', key, request: request('{}') }, route)).toEqual(answer);
      expect(runs).toBe(1);
    }
  });

  it("keeps one caller's key apart from another's", async () => {
    const guard = keys();
    await guard.once({ scope: 'shop-1', key: 'shared', request: request('{}') }, async () => created('{"shop":1}'));
    expect(await guard.once({ scope: 'shop-2', key: 'shared', request: request('{}') }, async () => created('{"shop":2}'))).toEqual(created('{"shop":2}'));
  });

  it('lets a repeat take over the key of a request that died, and forgets a key after its time to live', async () => {
    const guard = keys();
    const route = aSlowRoute(created('{"late":true}'));
    const dying = guard.once({ scope: 'shop-1', key: 'died', request: request('{}') }, route.execute);
    await route.running;
    clock = new Date(clock.getTime() + (IDEMPOTENCY_LOCK_SECONDS + 1) * 1000);
    expect(await guard.once({ scope: 'shop-1', key: 'died', request: request('{}') }, async () => created('{"took":"over"}'))).toEqual(created('{"took":"over"}'));
    route.finish();
    await dying;
    expect(await guard.once({ scope: 'shop-1', key: 'died', request: request('{}') }, async () => created('{}'))).toEqual(created('{"took":"over"}'));
    clock = new Date(clock.getTime() + IDEMPOTENCY_TTL_SECONDS * 1000);
    expect(await guard.once({ scope: 'shop-1', key: 'died', request: request('{}') }, async () => created('{"new":true}'))).toEqual(created('{"new":true}'));
  });

  it('stores neither the scope nor the key in clear', async () => {
    await keys().once({ scope: 'krlf_secret-api-key', key: 'visible-key', request: request('{}') }, async () => created('{}'));
    const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName }));
    const stored = JSON.stringify(Items);
    expect(stored).not.toContain('krlf_secret-api-key');
    expect(stored).not.toContain('visible-key');
  });
});
