import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  newWebhookSecret,
  signWebhook,
  verifyWebhook,
  webhookHeaders,
  type WebhookMessage,
} from '../../shared/webhooks/standard-webhooks';

/** The example the Standard Webhooks reference libraries test against. */
const reference = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const keyBytes = randomBytes(32);
const secret = `whsec_${keyBytes.toString('base64')}`;
const otherSecret = newWebhookSecret(randomBytes(32));
const now = 1_750_000_000;
const body = '{"type":"repair-job.completed","data":{"jobId":"01JZ","minutes":42}}';
const message: WebhookMessage = { id: 'msg_01JZ8Q', timestamp: now, body, secret };

const verify = (overrides: Partial<Parameters<typeof verifyWebhook>[0]> = {}) =>
  verifyWebhook({ headers: webhookHeaders(message), body, secrets: [secret], nowSeconds: now, ...overrides });

describe('signWebhook', () => {
  it('reproduces the Standard Webhooks reference signature', () => {
    expect(signWebhook(reference)).toBe(reference.signature);
  });

  it('signs "{id}.{timestamp}.{body}" with HMAC-SHA256 under the key the secret encodes', () => {
    const expected = createHmac('sha256', keyBytes).update(`msg_01JZ8Q.${now}.${body}`).digest('base64');

    expect(signWebhook(message)).toBe(`v1,${expected}`);
  });

  it('signs once with each secret while a secret is rotated', () => {
    const header = signWebhook({ ...message, secret: [secret, otherSecret] });

    expect(header).toBe(`${signWebhook(message)} ${signWebhook({ ...message, secret: otherSecret })}`);
  });

  it('refuses an id with a dot, which would make the signed text ambiguous', () => {
    expect(() => signWebhook({ ...message, id: 'msg.1' })).toThrow(RangeError);
  });

  it('refuses a timestamp that is not whole seconds', () => {
    expect(() => signWebhook({ ...message, timestamp: 1_750_000_000.5 })).toThrow(RangeError);
  });

  it('refuses a secret without the whsec_ prefix', () => {
    expect(() => signWebhook({ ...message, secret: keyBytes.toString('base64') })).toThrow(RangeError);
  });
});

describe('webhookHeaders', () => {
  it('carries the id, the timestamp in unix seconds and the signature', () => {
    expect(webhookHeaders(message)).toEqual({
      'webhook-id': 'msg_01JZ8Q',
      'webhook-timestamp': '1750000000',
      'webhook-signature': signWebhook(message),
    });
  });
});

describe('newWebhookSecret', () => {
  it('encodes the random bytes as whsec_ and base64', () => {
    const bytes = new Uint8Array(32).map((_, index) => index);

    expect(newWebhookSecret(bytes)).toBe(`whsec_${Buffer.from(bytes).toString('base64')}`);
  });

  it.each([23, 65])('refuses %s random bytes, outside the 24 to 64 the spec allows', (length) => {
    expect(() => newWebhookSecret(new Uint8Array(length))).toThrow(RangeError);
  });
});

describe('verifyWebhook', () => {
  it('accepts a message signed with the secret, giving its id and timestamp', () => {
    expect(verify()).toEqual({ ok: true, id: 'msg_01JZ8Q', timestamp: now });
  });

  it('accepts the Standard Webhooks reference message', () => {
    const headers = {
      'webhook-id': reference.id,
      'webhook-timestamp': String(reference.timestamp),
      'webhook-signature': reference.signature,
    };

    expect(verifyWebhook({ headers, body: reference.body, secrets: [reference.secret], nowSeconds: reference.timestamp })).toEqual({
      ok: true,
      id: reference.id,
      timestamp: reference.timestamp,
    });
  });

  it('reads the header names in any case', () => {
    const headers = {
      'Webhook-Id': 'msg_01JZ8Q',
      'WEBHOOK-TIMESTAMP': String(now),
      'Webhook-Signature': signWebhook(message),
    };

    expect(verify({ headers }).ok).toBe(true);
  });

  it('refuses a body changed after signing', () => {
    expect(verify({ body: body.replace('42', '420') })).toEqual({ ok: false, problem: 'bad-signature' });
  });

  it('refuses a body re-serialized after parsing', () => {
    expect(verify({ body: JSON.stringify(JSON.parse(body), null, 2) })).toEqual({ ok: false, problem: 'bad-signature' });
  });

  it('refuses a signature moved to another webhook id', () => {
    const headers = { ...webhookHeaders(message), 'webhook-id': 'msg_OTHER' };

    expect(verify({ headers })).toEqual({ ok: false, problem: 'bad-signature' });
  });

  it('refuses a message signed with another secret', () => {
    expect(verify({ secrets: [otherSecret] })).toEqual({ ok: false, problem: 'bad-signature' });
  });

  it('accepts a message signed with the old secret while the receiver knows the old and the new one', () => {
    expect(verify({ secrets: [otherSecret, secret] }).ok).toBe(true);
  });

  it('accepts a message with signatures by the old and the new secret when the receiver knows only the new one', () => {
    const headers = webhookHeaders({ ...message, secret: [otherSecret, secret] });

    expect(verify({ headers }).ok).toBe(true);
  });

  it('accepts a message whose list also holds signatures of other schemes', () => {
    const headers = { ...webhookHeaders(message), 'webhook-signature': `v1a,c2lnbmVkIHdpdGggZWQyNTUxOQ== ${signWebhook(message)}` };

    expect(verify({ headers }).ok).toBe(true);
  });

  it('refuses a valid HMAC presented under another scheme than v1', () => {
    const headers = { ...webhookHeaders(message), 'webhook-signature': signWebhook(message).replace(/^v1,/, 'v2,') };

    expect(verify({ headers })).toEqual({ ok: false, problem: 'bad-signature' });
  });

  it('refuses a signature header without any signature', () => {
    const headers = { ...webhookHeaders(message), 'webhook-signature': 'v1,' };

    expect(verify({ headers })).toEqual({ ok: false, problem: 'bad-signature' });
  });

  it('accepts a message signed exactly five minutes ago', () => {
    expect(verify({ nowSeconds: now + 300 }).ok).toBe(true);
  });

  it('refuses a message signed more than five minutes ago', () => {
    expect(verify({ nowSeconds: now + 301 })).toEqual({ ok: false, problem: 'stale-timestamp' });
  });

  it('refuses a message timestamped more than five minutes in the future', () => {
    expect(verify({ nowSeconds: now - 301 })).toEqual({ ok: false, problem: 'stale-timestamp' });
  });

  it('applies a tolerance the receiver chooses', () => {
    expect(verify({ nowSeconds: now + 61, toleranceSeconds: 60 })).toEqual({ ok: false, problem: 'stale-timestamp' });
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('refuses a message without the %s header', (name) => {
    const headers: Record<string, string | undefined> = { ...webhookHeaders(message), [name]: undefined };

    expect(verify({ headers })).toEqual({ ok: false, problem: 'missing-headers' });
  });

  it('refuses a message whose timestamp is not unix seconds', () => {
    const headers = { ...webhookHeaders(message), 'webhook-timestamp': new Date(now * 1000).toISOString() };

    expect(verify({ headers })).toEqual({ ok: false, problem: 'missing-headers' });
  });

  it('refuses to verify without a secret', () => {
    expect(() => verify({ secrets: [] })).toThrow(RangeError);
  });
});
