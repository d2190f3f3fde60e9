/**
 * Signing and verifying webhooks by the Standard Webhooks scheme (https://www.standardwebhooks.com,
 * DESIGN.md §7 and §9): the webhooks we send to repair partners and the ones they send us.
 *
 * A message is signed as HMAC-SHA256 of `{id}.{timestamp}.{body}` with the key a `whsec_` secret
 * encodes, and sent with the headers `webhook-id`, `webhook-timestamp` (unix seconds) and
 * `webhook-signature`: a space-separated list of `v1,<base64 signature>`, one per secret while a
 * secret is being rotated.
 *
 * Invalid arguments (a malformed secret, a dotted id) are programmer or configuration errors, not
 * request problems, so they throw RangeError and surface as server errors, not as 4xx responses.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
const SIGNATURE_VERSION = 'v1';
/** The spec's bounds for a symmetric secret: at least 192 bits, at most 512. */
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
const DEFAULT_TOLERANCE_SECONDS = 300;

export interface WebhookMessage {
  /** Unique per event and the same on every retry: the receiver's idempotency key. */
  id: string;
  /** Unix seconds of this delivery attempt. */
  timestamp: number;
  /** The raw body exactly as sent. */
  body: string;
  /** `whsec_` secrets; during a rotation, the new and the old one, and the message carries a signature for each. */
  secret: string | readonly string[];
}

export type WebhookProblem = 'missing-headers' | 'stale-timestamp' | 'bad-signature';

export type WebhookVerification = { ok: true; id: string; timestamp: number } | { ok: false; problem: WebhookProblem };

export interface VerifyWebhookInput {
  /** The request's headers, names in any case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The raw body, before any parsing: a re-serialized body no longer matches its signature. */
  body: string;
  /** The `whsec_` secrets a valid signature may come from: the current one, and the old one during a rotation. */
  secrets: readonly string[];
  /** Unix seconds now. */
  nowSeconds: number;
  /** How far the timestamp may lie from now, into the past or the future; 300 seconds unless given. */
  toleranceSeconds?: number;
}

/**
 * A new `whsec_` secret from random bytes the caller draws (24 to 64 of them; 32 is usual).
 *
 * @throws RangeError when fewer than 24 or more than 64 bytes are given.
 * @example
 * newWebhookSecret(crypto.getRandomValues(new Uint8Array(32))); // 'whsec_q8Lq...'
 */
export function newWebhookSecret(randomBytes: Uint8Array): string {
  if (randomBytes.length < MIN_SECRET_BYTES || randomBytes.length > MAX_SECRET_BYTES) {
    throw new RangeError(`A webhook secret needs ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} random bytes, not ${randomBytes.length}`);
  }
  return SECRET_PREFIX + Buffer.from(randomBytes).toString('base64');
}

/**
 * Whether an id may be signed: non-empty and without a `.`, which would let `{id}.{timestamp}.{body}`
 * be split another way, moving text between the id and the body under the same signature.
 * {@link verifyWebhook} checks the signature of any id; a receiver refuses the ids this rejects.
 *
 * @example
 * isWebhookId('msg_2f9Qk3'); // true
 * isWebhookId('msg.2f9Qk3'); // false
 */
export function isWebhookId(id: string): boolean {
  return id !== '' && !id.includes('.');
}

/**
 * The `webhook-signature` header value of a message: one `v1,<base64>` signature per secret.
 *
 * @throws RangeError when the id is empty or holds a `.`, the timestamp is not a whole number of
 *   seconds, or a secret is malformed.
 * @example
 * signWebhook({ id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330, body: '{"test": 2432232314}', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
 * // 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
 */
export function signWebhook({ id, timestamp, body, secret }: WebhookMessage): string {
  if (!isWebhookId(id)) {
    throw new RangeError(`A webhook id must be non-empty and hold no ".": "${id}"`);
  }
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError(`A webhook timestamp is a whole number of unix seconds, not ${timestamp}`);
  }
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (secrets.length === 0) {
    throw new RangeError('A webhook needs a secret to be signed with');
  }
  return secrets.map((one) => `${SIGNATURE_VERSION},${hmac(secretKey(one), id, String(timestamp), body)}`).join(' ');
}

/**
 * The headers that carry a signed message.
 *
 * @throws RangeError as {@link signWebhook} does.
 * @example
 * webhookHeaders({ id: 'msg_1', timestamp: 1614265330, body: '{}', secret });
 * // { 'webhook-id': 'msg_1', 'webhook-timestamp': '1614265330', 'webhook-signature': 'v1,...' }
 */
export function webhookHeaders(message: WebhookMessage): Record<string, string> {
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(message.timestamp),
    'webhook-signature': signWebhook(message),
  };
}

/**
 * Whether a received message is authentic and fresh: its three headers are present, its timestamp
 * lies within the tolerance of now (either way), and one of its `v1` signatures matches one of the
 * secrets, compared in constant time. Signatures of other schemes in the list are skipped.
 *
 * An unreadable timestamp counts as a missing header.
 *
 * @throws RangeError when no secret is given or a secret is malformed.
 * @example
 * verifyWebhook({ headers: request.headers, body: request.rawBody, secrets: [partnerSecret], nowSeconds: 1614265330 });
 * // { ok: true, id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330 }
 */
export function verifyWebhook({
  headers,
  body,
  secrets,
  nowSeconds,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
}: VerifyWebhookInput): WebhookVerification {
  if (secrets.length === 0) {
    throw new RangeError('A webhook needs a secret to be verified with');
  }
  const keys = secrets.map(secretKey);

  const id = header(headers, 'webhook-id');
  const timestampText = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (id === undefined || timestampText === undefined || signatures === undefined || !/^\d{1,15}$/.test(timestampText)) {
    return { ok: false, problem: 'missing-headers' };
  }
  const timestamp = Number(timestampText);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return { ok: false, problem: 'stale-timestamp' };
  }

  const expected = keys.map((key) => Buffer.from(hmac(key, id, timestampText, body)));
  const matches = signatures
    .split(' ')
    .filter((entry) => entry.startsWith(`${SIGNATURE_VERSION},`))
    .map((entry) => Buffer.from(entry.slice(SIGNATURE_VERSION.length + 1)))
    .some((candidate) => expected.some((one) => one.length === candidate.length && timingSafeEqual(one, candidate)));
  return matches ? { ok: true, id, timestamp } : { ok: false, problem: 'bad-signature' };
}

function header(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name && value !== undefined && value !== '') return value;
  }
  return undefined;
}

function hmac(key: Buffer, id: string, timestamp: string, body: string): string {
  return createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
}

function secretKey(secret: string): Buffer {
  const key = secret.startsWith(SECRET_PREFIX) ? Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64') : undefined;
  if (!key || key.length === 0) {
    throw new RangeError(`A webhook secret is "${SECRET_PREFIX}" followed by the base64 of its key`);
  }
  return key;
}
