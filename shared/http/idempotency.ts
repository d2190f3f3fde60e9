import { createHash, randomUUID } from 'node:crypto';
import { dynamoDbClient } from '../adapters/dynamodb/client';
import { DynamoDbIdempotencyStore } from '../adapters/dynamodb/idempotency-store';
import { ConflictError, IdempotencyKeyReusedError, RequestInProgressError } from '../domain/errors';
import { requiredEnv } from '../config';
import { logger } from '../observability';
import type { IdempotencyStore, StoredResponse } from '../ports/idempotency-store';
import type { IdempotencyGuard, KeptAnswers } from './api-handler';
import { problemFor, problemResponse } from './problem';

/** How long a key is remembered after its first use: a repeat within it gets the first answer. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
/**
 * How long a request holds its key before a repeat may take over: longer than any API function
 * runs (API Gateway gives up after 30 s), so only a request that died loses its key this way.
 */
export const IDEMPOTENCY_LOCK_SECONDS = 60;

export interface IdempotencyOptions {
  /** Where records live; by default the table of `TABLE_NAME`, built on first use. */
  store?: IdempotencyStore;
  now?: () => Date;
  newOwner?: () => string;
}

/**
 * The `Idempotency-Key` guard, run by `apiHandler` after authentication and validation. A key
 * counts within the route's scope, the caller the request was authenticated as; only the SHA-256
 * of scope and key is stored, never an API key or token.
 *
 * - First use: the key is claimed (a conditional write), the route runs, and its response is
 *   stored for {@link IDEMPOTENCY_TTL_SECONDS}. If the route fails, the request releases its own
 *   claim so the client can retry; it never touches a record another request holds. If only the
 *   storing fails, the route's response is still returned (and the failure logged).
 * - Repeat with the same path, query and body: the first response again, byte for byte; or, for an answer that held
 *   a secret shown once (`secretShownOnce`, `secretReplayedWhileInUse` below), what the route keeps of it.
 * - Repeat with anything else: 422, also after the first request completed.
 * - Repeat while the first still runs: 409; the client retries later with the same key.
 *
 * @example
 * export const handler = apiHandler(
 *   { body: CreateApiKeyRequestSchema, staff: ['admin'], idempotency: { guard: idempotencyKeys, scope: ({ staff }) => staff.brand } },
 *   async ({ body, staff }) => ({ status: 201, body: await service.create(staff.brand, body.name) }),
 * );
 */
export class IdempotencyKeys implements IdempotencyGuard {
  private readonly now: () => Date;
  private readonly newOwner: () => string;

  constructor(private readonly options: IdempotencyOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.newOwner = options.newOwner ?? randomUUID;
  }

  async once(
    { scope, key, request, kept, replayed }: Parameters<IdempotencyGuard['once']>[0],
    execute: () => Promise<StoredResponse>,
  ): Promise<StoredResponse> {
    const store = this.options.store ?? tableStore();
    const scopedKeyHash = sha256(JSON.stringify([scope, key]));
    // The query as the route parsed it is the whole query: every route refuses a parameter it does not read (`apiHandler`).
    const fingerprint = sha256(JSON.stringify([request.path ?? null, request.query ?? null, request.rawBody]));
    const owner = this.newOwner();
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    const held = await store.claim(
      {
        scopedKeyHash,
        fingerprint,
        owner,
        status: 'IN_PROGRESS',
        lockedUntil: nowSeconds + IDEMPOTENCY_LOCK_SECONDS,
        expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS,
      },
      nowSeconds,
    );
    if (held) {
      if (held.fingerprint !== fingerprint) {
        throw new IdempotencyKeyReusedError();
      }
      if (held.status === 'COMPLETED' && held.response) return replayed ? replayed(held.response) : held.response;
      throw new RequestInProgressError('A request with this Idempotency-Key is still being processed; retry later with the same key.');
    }
    let response: StoredResponse;
    try {
      response = await execute();
    } catch (error) {
      await store.release(scopedKeyHash, owner);
      throw error;
    }
    try {
      await store.complete(scopedKeyHash, owner, kept ? kept(response) : response);
    } catch (error) {
      // The route's work is done and its answer is true: the client gets it rather than a 500 that
      // would invite a retry of done work. The key stays claimed until its lock runs out; a repeat
      // after that runs the route again, where only the route's own guards refuse a second effect
      // (docs/guarantees.md). A client holding the answer has no reason to repeat.
      logger.error('idempotency record not completed', { error: error as Error });
    }
    return response;
  }
}

/** The guard the Lambdas use, over the table of `TABLE_NAME` (reached on the first keyed request). */
export const idempotencyKeys = new IdempotencyKeys();

let sharedStore: IdempotencyStore | undefined;
/** One store per execution environment, built on the first keyed request. */
const tableStore = (): IdempotencyStore => (sharedStore ??= new DynamoDbIdempotencyStore(requiredEnv('TABLE_NAME'), dynamoDbClient()));

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * For a route whose answer may hold a secret shown once (a new API key, a new subscription's or partner's signing
 * secret): such an answer is not kept with its key's record; a repeat gets a 409 in the words `done` gives for it
 * (`undefined`: the answer holds no secret, and is kept as it is). Until 7 December 2026 the answer was kept a day,
 * the secret in the clear (though API keys were said to be stored only as a hash), and a repeat gave it again.
 *
 * @example idempotency: { guard: idempotencyKeys, scope: ({ staff }) => staff.brand, answers: secretShownOnce((answer) => `The API key … was created; …`) }
 */
export function secretShownOnce(done: (body: unknown) => string | undefined): () => KeptAnswers {
  const kept = (response: StoredResponse): StoredResponse => {
    const detail = response.statusCode < 300 && response.body !== '' ? done(JSON.parse(response.body) as unknown) : undefined;
    return detail === undefined ? response : conflict(detail);
  };
  return () => ({ kept });
}

/** The header by which a kept answer says its `secret` is a hash; never sent to a client. */
const SECRET_HASHED = 'x-kreislauf-secret-hashed';

/**
 * For a route whose answer's `secret` a repeat gets again while it is still the one in use (a rotation: a second one
 * would end the secret the brand still verifies with): the record keeps the secret's SHA-256 only, and a repeat gets
 * the secret `current` reads if it is the same, else a 409 in the words of `gone`.
 */
export function secretReplayedWhileInUse<R>(current: (request: R) => Promise<string | undefined>, gone: string): (request: R) => KeptAnswers {
  const kept = (response: StoredResponse): StoredResponse => {
    if (response.statusCode >= 300 || response.body === '') return response;
    const body = JSON.parse(response.body) as { secret?: unknown };
    if (typeof body.secret !== 'string') return response;
    return { ...response, headers: { ...response.headers, [SECRET_HASHED]: 'sha256' }, body: JSON.stringify({ ...body, secret: sha256(body.secret) }) };
  };
  return (request) => ({
    kept,
    replayed: async (stored) => {
      if (stored.headers[SECRET_HASHED] === undefined) return stored;
      const { [SECRET_HASHED]: _hashed, ...headers } = stored.headers;
      const body = JSON.parse(stored.body) as { secret: string };
      const secret = await current(request);
      if (secret === undefined || sha256(secret) !== body.secret) return conflict(gone);
      return { ...stored, headers, body: JSON.stringify({ ...body, secret }) };
    },
  });
}

/** A 409 problem as a kept answer. */
function conflict(detail: string): StoredResponse {
  const { statusCode, headers, body } = problemResponse(problemFor(new ConflictError(detail))) as { statusCode: number; headers: Record<string, string>; body: string };
  return { statusCode, headers, body, isBase64Encoded: false };
}
