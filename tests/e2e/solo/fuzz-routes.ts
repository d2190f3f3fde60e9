import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { localDynamoDb } from '../../support/table';
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

/**
 * The table's items by key, each as a digest of its attributes. Two kinds are left out:
 * idempotency records, which a request claims after validation and releases itself when it
 * fails (whatever stays expires with its TTL, read by nothing but a replay); and the channels'
 * order cursors, which the scheduled order poll writes on its own clock, not a request's.
 */
async function tableState(): Promise<Map<string, string>> {
  const client = localDynamoDb(platform().dynamodbEndpoint);
  const state = new Map<string, string>();
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: platform().tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const item of page.Items ?? []) {
      if (item.entity?.S === 'IdempotencyRecord' || item.entity?.S === 'OrderCursor') continue;
      const { PK, SK, ...rest } = item;
      state.set(`${PK?.S}|${SK?.S}`, createHash('sha256').update(JSON.stringify(rest, Object.keys(rest).sort())).digest('hex'));
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return state;
}

function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((key) => before.get(key) !== after.get(key));
}

/**
 * Waits until what the platform does in the background after a write (labels, e-mails, payouts,
 * repair routing) has settled, so that a later 4xx is compared with a table at rest.
 */
async function settledState(): Promise<Map<string, string>> {
  let previous = await tableState();
  let quiet = 0;
  // A chain of steps pauses between them (queues, stream polling), so one unchanged read is not enough.
  for (let round = 0; round < 60 && quiet < 4; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 750));
    const current = await tableState();
    quiet = changes(previous, current).length === 0 ? quiet + 1 : 0;
    previous = current;
  }
  return previous;
}

describe('every operation of the OpenAPI document, fuzzed', () => {
  let fixtures: Fixtures;
  let state: Map<string, string>;
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
  });

  it.each(operations.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))(
    '%s never answers 5xx, and writes nothing when it answers 4xx',
    async (_name, operation) => {
      if (!atRest) state = await settledState();
      atRest = false;
      await fc.assert(
        fc.asyncProperty(attempts(operation, fixtures), async (attempt) => {
          const answer = await send(operation, attempt, fixtures);
          expect(answer.status, `${answer.status} ${answer.text.slice(0, 300)}`).toBeLessThan(500);
          if (answer.status < 400) {
            if (operation.method === 'GET') return;
            const after = await tableState();
            if (changes(state, after).length > 0) state = await settledState();
            return;
          }
          expect(answer.contentType).toBe('application/problem+json');
          const after = await tableState();
          expect(changes(state, after), 'items written by a refused request').toEqual([]);
          state = after;
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
