import { readFileSync } from 'node:fs';
import { type DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { latestStreamArn } from '../../../local/runtime/dynamodb-tables';
import { listShards } from '../../../local/runtime/stream-poller';
import { localDynamoDb, localDynamoDbStreams } from '../../support/local-dynamodb';
import { apiUrl, call } from '../client';
import { fromSchema, hostileString, mutate, mutation, PROTOTYPE_KEYS, setOwn, type JsonSchema } from '../openapi-arbitraries';
import { platform } from '../platform';
import { aQuote, aTakeBackBody, answersFor, smartphone } from '../support';
import { aReceivedTakeBack, staff } from '../warehouse';

// Property-based fuzzing of every operation of docs/openapi.json over HTTP (issue 7): whatever a
// client sends, the API answers below 500, and a 4xx leaves the table as it was.

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: JsonSchema | undefined;
  security: string | undefined;
}

const document = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8'));
const definitions: Record<string, JsonSchema> = document.components.schemas;
const operations: Operation[] = Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    method: method.toUpperCase(),
    path,
    parameters: operation.parameters ?? [],
    body: operation.requestBody?.content?.['application/json']?.schema,
    security: Object.keys(operation.security?.[0] ?? {})[0],
  })),
);

const SEED = 7;
const RUNS_PER_OPERATION = 20;

/** What a request is made of before it is sent. */
interface Attempt {
  path: Record<string, string>;
  query: [string, string][];
  body: { json: unknown } | { raw: string } | undefined;
  idempotencyKey: string | undefined;
}

/** Real ids and bodies, so that hostile input also reaches the code behind validation. */
interface Fixtures {
  ids: Record<string, string[]>;
  token: string;
  headers: Record<string, Record<string, string>>;
  bodies: Record<string, unknown>;
}

// Bodies that are neither JSON nor a JSON object, and JSON nested deeper than anyone needs.
const rawBodies = fc.constantFrom('', '{', 'null', '[]', '"text"', '{"a":1}{"b":2}', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`, '\uFEFF{}');

function attempts(operation: Operation, fixtures: Fixtures): fc.Arbitrary<Attempt> {
  const known = (name: string) => fixtures.ids[name] ?? [];
  const pathParameters = operation.parameters.filter((parameter) => parameter.in === 'path');
  const path = fc.record(
    Object.fromEntries(
      pathParameters.map((parameter) => {
        const ids = known(parameter.name);
        const wellFormed = fromSchema(parameter.schema, definitions).map(String);
        return [parameter.name, ids.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, wellFormed, hostileString) : fc.oneof(wellFormed, hostileString)];
      }),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
  const query = fc
    .tuple(
      ...operation.parameters
        .filter((parameter) => parameter.in === 'query')
        .map((parameter) => {
          const value = parameter.name === 'token' ? fc.oneof({ weight: 3, arbitrary: fc.constant(fixtures.token) }, hostileString) : fc.oneof(fromSchema(parameter.schema, definitions).map(String), hostileString);
          return fc.option(value.map((v): [string, string] => [parameter.name, v]), { nil: undefined, freq: parameter.required ? 5 : 2 });
        }),
      fc.option(fc.tuple(fc.constantFrom<string>(...PROTOTYPE_KEYS, 'toString'), hostileString), { nil: undefined }),
    )
    .map((pairs) => pairs.filter((pair): pair is [string, string] => pair !== undefined));
  const example = fixtures.bodies[`${operation.method} ${operation.path}`];
  const body: fc.Arbitrary<Attempt['body']> = operation.body
    ? fc.oneof(
        fromSchema(operation.body, definitions).map((json) => ({ json })),
        ...(example === undefined ? [] : [mutation.map((change) => ({ json: mutate(example, change) }))]),
        rawBodies.map((raw) => ({ raw })),
      )
    : operation.method === 'GET'
      ? fc.constant(undefined)
      : fc.option(fc.oneof(rawBodies.map((raw) => ({ raw })), hostileString.map((json) => ({ json }))), { nil: undefined, freq: 3 });
  const idempotencyKey = fc.option(fc.uuid(), { nil: undefined });
  return fc.record({ path, query, body, idempotencyKey });
}

/** For each object level of the operation's example body, the body with a prototype-named key there. */
function prototypeKeyExamples(operation: Operation, fixtures: Fixtures): [Attempt][] {
  const example = fixtures.bodies[`${operation.method} ${operation.path}`];
  if (example === undefined) return [];
  const path = Object.fromEntries(operation.parameters.filter((p) => p.in === 'path').map((p) => [p.name, fixtures.ids[p.name]?.[0] ?? 'x']));
  const query: [string, string][] = operation.parameters.some((p) => p.name === 'token') ? [['token', fixtures.token]] : [];
  // `constructor` first: an own `__proto__` inside a record is dropped, so that body may succeed and use up the passport.
  return ['constructor', 'prototype', '__proto__'].flatMap((key) =>
    Array.from({ length: 4 }, (_, at): [Attempt] => [{ path, query, body: { json: mutate(example, { kind: 'prototype-key', at, key: key as (typeof PROTOTYPE_KEYS)[number], value: 1 }) }, idempotencyKey: undefined }]),
  );
}

async function send(operation: Operation, attempt: Attempt, fixtures: Fixtures): Promise<{ status: number; contentType: string; text: string }> {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    // Through a Buffer, lone surrogates become U+FFFD, which encodeURIComponent would throw on.
    encodeURIComponent(Buffer.from(attempt.path[name] ?? '').toString()),
  );
  const query = attempt.query.length > 0 ? `?${new URLSearchParams(attempt.query)}` : '';
  const body = attempt.body === undefined ? undefined : 'raw' in attempt.body ? attempt.body.raw : JSON.stringify(attempt.body.json);
  const response = await fetch(`${apiUrl()}${path}${query}`, {
    method: operation.method,
    headers: {
      ...(operation.security ? fixtures.headers[operation.security] : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(attempt.idempotencyKey ? { 'idempotency-key': attempt.idempotencyKey } : {}),
    },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** An item written, as its stream record names it. */
interface Written {
  key: string;
  entity: string | undefined;
}

/**
 * Kinds of item whose writes set nothing going after the answer: no passport event (the table's stream starts work
 * for those alone), no queued message, no workflow. A request that wrote only these leaves the table at rest, so the
 * next check needs no wait (a settle waits at least 3 s; `PUT /v1/staff/me` writes on every call). Were one of them to
 * start something after all, its writes would show up as a refused request's and fail the check, never hide one.
 */
const AT_REST_AFTER = new Set(['StaffMember', 'ApiKey', 'Quote', 'WebhookSubscription', 'WebhookSubscriptionsVersion']);

/**
 * The items written to the table, read from its stream (NEW_AND_OLD_IMAGES) since the last call:
 * every insert, change and removal, even one undone by a later write, and nothing for a write that
 * changed nothing (DynamoDB writes no record then). Two kinds are left out: idempotency records,
 * which a request claims after validation and releases itself when it fails (whatever stays
 * expires with its TTL, read by nothing but a replay); and the channels' order cursors, which the
 * scheduled order poll writes on its own clock, not a request's. Reading the stream costs a few
 * requests per check, where a scan of the whole table cost about 50 ms (some 300 items, 670 scans
 * in a run).
 */
class TableWrites {
  private client!: DynamoDBStreamsClient;
  private streamArn!: string;
  /** Where reading goes on in each shard seen; undefined once a closed shard was read to its end. */
  private readonly next = new Map<string, string | undefined>();

  /** Starts at the end of the stream: what was written before is not reported. */
  async start(): Promise<void> {
    this.client = localDynamoDbStreams(platform().dynamodbEndpoint);
    const tables = localDynamoDb(platform().dynamodbEndpoint);
    const streamArn = await latestStreamArn(tables, platform().tableName);
    tables.destroy();
    if (!streamArn) throw new Error(`table ${platform().tableName} has no stream`);
    this.streamArn = streamArn;
    for (const shard of await listShards(this.client, this.streamArn)) {
      const ShardId = shard.ShardId!;
      const open = shard.SequenceNumberRange?.EndingSequenceNumber === undefined;
      this.next.set(ShardId, open ? (await this.client.send(new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId, ShardIteratorType: 'LATEST' }))).ShardIterator : undefined);
    }
  }

  /** The items written since the last call (`PK|SK` and their kind), in order, repeats included. */
  async since(): Promise<Written[]> {
    const written: Written[] = [];
    for (const shard of await listShards(this.client, this.streamArn)) {
      const ShardId = shard.ShardId!;
      // A shard that appeared since is read from its start.
      let iterator = this.next.has(ShardId)
        ? this.next.get(ShardId)
        : (await this.client.send(new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator) {
        const { Records = [], NextShardIterator } = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        for (const { dynamodb: change } of Records) {
          const entity = (change?.NewImage ?? change?.OldImage)?.entity?.S;
          if (entity === 'IdempotencyRecord' || entity === 'OrderCursor') continue;
          written.push({ key: `${change?.Keys?.PK?.S}|${change?.Keys?.SK?.S}`, entity });
        }
        iterator = NextShardIterator;
        if (Records.length === 0) break;
      }
      this.next.set(ShardId, iterator);
    }
    return written;
  }

  /**
   * Waits until what the platform does in the background after a write (labels, e-mails, payouts,
   * repair routing) has settled, so that a later 4xx is checked against a table at rest.
   */
  async settle(): Promise<void> {
    let quiet = 0;
    // A chain of steps pauses between them (queues, stream polling), so one quiet read is not enough.
    for (let round = 0; round < 60 && quiet < 4; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 750));
      quiet = (await this.since()).length === 0 ? quiet + 1 : 0;
    }
  }
}

describe('every operation of the OpenAPI document, fuzzed', () => {
  let fixtures: Fixtures;
  const writes = new TableWrites();
  // Each operation ends with the table at rest, unless its property failed half-way.
  let atRest = false;

  beforeAll(async () => {
    const admin = await staff({ brand: 'demo', roles: ['admin'] });
    const key = await call('POST', '/v1/api-keys', { name: 'fuzzing shop' }, admin);
    const [first, second] = [await aReceivedTakeBack('GOOD'), await aReceivedTakeBack('GOOD')];
    const partners = await call('GET', '/v1/repair-partners', undefined, admin);
    const partnerIds: string[] = (partners.body.partners ?? []).map((partner: { partnerId: string }) => partner.partnerId);
    fixtures = {
      ids: { brand: ['demo'], id: [first!.id, second!.id], partnerId: partnerIds, keyId: [key.body.keyId] },
      token: first!.trackingToken,
      headers: { staff: admin, shop: { 'x-api-key': key.body.apiKey } },
      bodies: {
        'POST /v1/brands/{brand}/quotes': { sku: smartphone.sku, answers: answersFor(smartphone.category) },
        'POST /v1/brands/{brand}/take-backs': aTakeBackBody(await aQuote()),
        'POST /v1/passports/{id}/receipt': { location: 'gate 1' },
        'POST /v1/passports/{id}/grading': { grade: 'GOOD', checks: { 'battery-health': 83, 'screen.ok': true }, notes: 'fuzzed' },
        'POST /v1/passports/{id}/route': { route: 'RECYCLE', reason: 'fuzzing the override' },
        'POST /v1/take-backs/{id}/counter-offer': { accept: true },
        'POST /v1/vouchers/{code}/redeem': { amount: 100, orderRef: 'order-1', currency: 'EUR' },
        'POST /v1/api-keys': { name: 'fuzzed key' },
        'POST /v1/webhook-subscriptions': { url: 'https://example.com/hooks', eventTypes: ['Graded'] },
      },
    };
    await writes.start();
  });

  it.each(operations.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
    '%s never answers 5xx, and writes nothing when it answers 4xx',
    async (_name, operation) => {
      if (!atRest) await writes.settle();
      atRest = false;
      await fc.assert(
        fc.asyncProperty(attempts(operation, fixtures), async (attempt) => {
          const answer = await send(operation, attempt, fixtures);
          expect(answer.status, `${answer.status} ${answer.text.slice(0, 300)}`).toBeLessThan(500);
          if (answer.status < 400) {
            if (operation.method === 'GET') return;
            if ((await writes.since()).some(({ entity }) => entity === undefined || !AT_REST_AFTER.has(entity))) await writes.settle();
            return;
          }
          expect(answer.contentType).toBe('application/problem+json');
          expect((await writes.since()).map(({ key }) => key), 'items written by a refused request').toEqual([]);
        }),
        { seed: SEED, numRuns: RUNS_PER_OPERATION, examples: prototypeKeyExamples(operation, fixtures), endOnFailure: true },
      );
      atRest = true;
    },
    120_000,
  );
});

// `setOwn` is what lets a `__proto__` key survive into the JSON sent; prove the fuzzer really sends one.
describe('the fuzzer itself', () => {
  it('sends prototype-named keys as own JSON keys', () => {
    const body: Record<string, unknown> = {};
    setOwn(body, '__proto__', { polluted: true });

    expect(JSON.stringify(mutate({ a: {} }, { kind: 'prototype-key', at: 1, key: '__proto__', value: 1 }))).toBe('{"a":{"__proto__":1}}');
    expect(JSON.stringify(body)).toBe('{"__proto__":{"polluted":true}}');
  });
});
