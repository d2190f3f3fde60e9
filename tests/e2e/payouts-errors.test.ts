import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/services/tokens';
import { call, type Answer } from './client';
import { SEPA_IBAN, aBrandLikeDemo, aLabelledTakeBackOf, admin, ops, receiveAndGrade, untilEmails } from './payouts-support';
import { aQuote, aTakeBackBody } from './support';

const CODE = /KRLF(-[0-9A-Z]{4}){7}/;

/** A 400 problem document naming exactly these fields. */
function isBadRequest(answer: Answer, paths: string[]) {
  expect(answer.status).toBe(400);
  expect(answer.headers.get('content-type')).toBe('application/problem+json');
  expect(answer.body).toMatchObject({ status: 400, type: expect.any(String), title: 'Invalid request', detail: expect.any(String) });
  expect(answer.body.errors.map((error: { path: (string | number)[] }) => error.path.join('.')).sort()).toEqual([...paths].sort());
}

describe('the payout, voucher, key and webhook routes refuse bad input with 400 and write nothing', () => {
  // A brand of its own, whose keys, exports and subscriptions no other file adds to while these count them.
  let brand: string;
  let apiKey: string;
  let code: string;
  let balance: number;

  beforeAll(async () => {
    brand = await aBrandLikeDemo(() => ({}));
    apiKey = (await call('POST', '/v1/api-keys', { name: 'errors shop' }, await admin(brand))).body.apiKey;
    const { id } = await aLabelledTakeBackOf(brand);
    await receiveAndGrade(brand, id);
    code = CODE.exec((await untilEmails(id, 'voucher-issued'))[0]!.text)![0];
    balance = (await call('GET', `/v1/vouchers/${code}`, undefined, { 'x-api-key': apiKey })).body.balance;
  });

  const shop = () => ({ 'x-api-key': apiKey });
  const balanceNow = async () => (await call('GET', `/v1/vouchers/${code}`, undefined, shop())).body.balance;

  it('refuses a take-back whose IBAN fails its checksum at payout.iban, never echoing it, and keeps the quote usable', async () => {
    const quoteId = await aQuote();
    const mistyped = `${SEPA_IBAN.slice(0, -1)}2`;
    const refused = await call('POST', '/v1/brands/demo/take-backs', aTakeBackBody(quoteId, { payout: { method: 'BANK_TRANSFER', iban: mistyped, accountHolder: 'Lena' } }), {
      'idempotency-key': randomUUID(),
    });
    isBadRequest(refused, ['payout.iban']);
    expect(JSON.stringify(refused.body)).not.toContain(mistyped.slice(4));
    isBadRequest(
      await call('POST', '/v1/brands/demo/take-backs', aTakeBackBody(quoteId, { payout: { method: 'BANK_TRANSFER', iban: SEPA_IBAN } }), { 'idempotency-key': randomUUID() }),
      ['payout.accountHolder'],
    );
    expect((await call('POST', '/v1/brands/demo/take-backs', aTakeBackBody(quoteId), { 'idempotency-key': randomUUID() })).status).toBe(201);
  });

  it('refuses a malformed voucher code at its path', async () => {
    isBadRequest(await call('GET', '/v1/vouchers/KRLF-NOT-A-CODE', undefined, shop()), ['code']);
    const mistyped = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    isBadRequest(await call('POST', `/v1/vouchers/${mistyped}/redeem`, { amount: 100, orderRef: '#1' }, shop()), ['code']);
  });

  it('refuses a redemption with a bad body, and spends nothing', async () => {
    isBadRequest(await call('POST', `/v1/vouchers/${code}/redeem`, { amount: -5, orderRef: '', tip: 1 }, shop()), ['amount', 'orderRef', 'tip']);
    isBadRequest(await call('POST', `/v1/vouchers/${code}/redeem`, { amount: 10.5, orderRef: '#1' }, shop()), ['amount']);
    isBadRequest(await call('POST', `/v1/vouchers/${code}/redeem`, { amount: 100, orderRef: 'a\nb\u0000' }, shop()), ['orderRef']);
    isBadRequest(await call('POST', `/v1/vouchers/${code}/redeem`, '{"amount":', shop()), ['']);
    expect(await balanceNow()).toBe(balance);
  });

  it('refuses an API key without a name, and creates none', async () => {
    const before = (await call('GET', '/v1/api-keys', undefined, await admin(brand))).body.apiKeys.length;
    isBadRequest(await call('POST', '/v1/api-keys', { name: ' ' }, await admin(brand)), ['name']);
    isBadRequest(await call('DELETE', '/v1/api-keys/not-a-key-id', undefined, await admin(brand)), ['keyId']);
    expect((await call('GET', '/v1/api-keys', undefined, await admin(brand))).body.apiKeys).toHaveLength(before);
  });

  it('refuses an export for a day in the past or no day at all, and exports nothing', async () => {
    const before = (await call('GET', '/v1/payouts/exports', undefined, await admin(brand))).body.exports.length;
    isBadRequest(await call('POST', '/v1/payouts/exports?executionDate=2020-01-01', undefined, await admin(brand)), ['executionDate']);
    isBadRequest(await call('POST', '/v1/payouts/exports?executionDate=tomorrow', undefined, await admin(brand)), ['executionDate']);
    // Years ahead: its customers would be told the transfer is ordered.
    isBadRequest(await call('POST', '/v1/payouts/exports?executionDate=2999-12-31', undefined, await admin(brand)), ['executionDate']);
    isBadRequest(await call('GET', '/v1/payouts/exports?limit=0', undefined, await admin(brand)), ['limit']);
    for (const limit of ['0x10', '1e1', '%205']) isBadRequest(await call('GET', `/v1/payouts/exports?limit=${limit}`, undefined, await admin(brand)), ['limit']);
    isBadRequest(await call('GET', '/v1/payouts/exports?cursor=bm90LWEtY3Vyc29y', undefined, await admin(brand)), ['cursor']);
    isBadRequest(await call('GET', '/v1/payouts/exports/not-an-export/file', undefined, await admin(brand)), ['exportId']);
    expect((await call('GET', '/v1/payouts/exports', undefined, await admin(brand))).body.exports).toHaveLength(before);
  });

  it('refuses a webhook subscription to a non-https endpoint or to no events, and subscribes nothing', async () => {
    const before = (await call('GET', '/v1/webhook-subscriptions', undefined, await admin(brand))).body.subscriptions.length;
    const noEvents = await call('POST', '/v1/webhook-subscriptions', { url: 'https://hooks.example', eventTypes: [] }, await admin(brand));
    isBadRequest(noEvents, ['eventTypes']);
    // Worded by the API (shared/http/issue-words.ts), not zod/mini's bare "Invalid input".
    expect(noEvents.body.errors).toEqual([{ in: 'body', path: ['eventTypes'], message: 'must have at least 1 item' }]);
    const noUrl = await call('POST', '/v1/webhook-subscriptions', { eventTypes: ['Graded'] }, await admin(brand));
    expect(noUrl.body.errors).toEqual([{ in: 'body', path: ['url'], message: 'is required' }]);
    isBadRequest(await call('POST', '/v1/webhook-subscriptions', { url: 'ftp://hooks.example', eventTypes: ['Graded'] }, await admin(brand)), ['url']);
    isBadRequest(await call('POST', '/v1/webhook-subscriptions', { url: 'https://10.0.0.1/hook', eventTypes: ['Teleported'] }, await admin(brand)), ['eventTypes.0']);
    isBadRequest(await call('DELETE', '/v1/webhook-subscriptions/nope', undefined, await admin(brand)), ['subscriptionId']);
    isBadRequest(await call('POST', '/v1/webhook-dead-letters/replay', undefined, { ...(await admin(brand)), 'idempotency-key': 'not valid' }), ['Idempotency-Key']);
    expect((await call('GET', '/v1/webhook-subscriptions', undefined, await admin(brand))).body.subscriptions).toHaveLength(before);
  });

  it('refuses a second subscription to an endpoint with 409 naming the first, shows no secret, and keeps one', async () => {
    const url = `http://127.0.0.1:9/hooks/${randomUUID()}`;
    const first = await call('POST', '/v1/webhook-subscriptions', { url, eventTypes: ['Graded'] }, await admin(brand));
    expect(first.status).toBe(201);
    const again = await call('POST', '/v1/webhook-subscriptions', { url, eventTypes: ['Sold'] }, await admin(brand));
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(again.body).toEqual({
      type: 'https://kreislauf.dev/problems/conflict',
      title: 'Conflict',
      status: 409,
      detail: expect.stringContaining(`Webhook subscription ${first.body.subscriptionId} already sends to ${url}`),
      subscriptionId: first.body.subscriptionId,
    });
    const subscriptions = (await call('GET', '/v1/webhook-subscriptions', undefined, await admin(brand))).body.subscriptions;
    expect(subscriptions.filter((one: { url: string }) => one.url === url)).toEqual([expect.objectContaining({ subscriptionId: first.body.subscriptionId, eventTypes: ['Graded'] })]);
    expect((await call('DELETE', `/v1/webhook-subscriptions/${first.body.subscriptionId}`, undefined, await admin(brand))).status).toBe(204);
  });

  it("refuses a change of a subscription's event types with a bad body at its path, and changes nothing", async () => {
    const url = `http://127.0.0.1:9/hooks/${randomUUID()}`;
    const { subscriptionId } = (await call('POST', '/v1/webhook-subscriptions', { url, eventTypes: ['Graded', 'Sold'] }, await admin(brand))).body;
    const path = `/v1/webhook-subscriptions/${subscriptionId}`;
    const change = async (body: unknown) => call('PATCH', path, body, await admin(brand));

    const none = await change({ eventTypes: [] });
    isBadRequest(none, ['eventTypes']);
    expect(none.body.errors).toEqual([{ in: 'body', path: ['eventTypes'], message: 'must have at least 1 item' }]);
    expect((await change({})).body.errors).toEqual([{ in: 'body', path: ['eventTypes'], message: 'is required' }]);
    isBadRequest(await change({ eventTypes: ['Graded', 'Graded'] }), ['eventTypes']);
    isBadRequest(await change({ eventTypes: ['Sold', 'Teleported'] }), ['eventTypes.1']);
    isBadRequest(await change({ eventTypes: 'Graded' }), ['eventTypes']);
    // The endpoint is not changed here: another endpoint is another subscription.
    const moved = await change({ url: 'https://hooks.example/elsewhere', eventTypes: ['Graded'] });
    isBadRequest(moved, ['url']);
    expect(moved.body.errors).toEqual([{ in: 'body', path: ['url'], message: 'is not a field of this request' }]);
    isBadRequest(await change('{"eventTypes":'), ['']);
    isBadRequest(await call('PATCH', path, undefined, await admin(brand)), ['']);
    isBadRequest(await call('PATCH', '/v1/webhook-subscriptions/nope', { eventTypes: ['Graded'] }, await admin(brand)), ['subscriptionId']);

    const subscriptions = (await call('GET', '/v1/webhook-subscriptions', undefined, await admin(brand))).body.subscriptions;
    expect(subscriptions.filter((one: { url: string }) => one.url === url)).toEqual([expect.objectContaining({ subscriptionId, eventTypes: ['Graded', 'Sold'] })]);
    expect((await call('DELETE', path, undefined, await admin(brand))).status).toBe(204);
  });

  it('keeps the admin routes to admins: 401 without a token, 403 for ops', async () => {
    for (const [method, path] of [
      ['POST', '/v1/api-keys'],
      ['GET', '/v1/payouts/exports'],
      ['POST', '/v1/payouts/exports'],
      ['GET', '/v1/webhook-subscriptions'],
      ['PATCH', `/v1/webhook-subscriptions/${newId()}`],
      ['POST', '/v1/webhook-dead-letters/replay'],
    ] as const) {
      const body = method === 'POST' ? {} : method === 'PATCH' ? { eventTypes: ['Graded'] } : undefined;
      expect((await call(method, path, body)).status, `${method} ${path}`).toBe(401);
      expect((await call(method, path, body, await ops())).status, `${method} ${path}`).toBe(403);
    }
  });
});
