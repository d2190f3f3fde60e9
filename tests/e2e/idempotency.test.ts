import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { apiUrl, call } from './client';
import { SEPA_IBAN, aBrandLikeDemo, aLabelledTakeBackOf, aQueuedTransferThatDoesNotOpen, admin, ops, receiveAndGrade, untilEmails, untilTracking } from './payouts-support';
import { aQuote, aTakeBackBody, dhlShipmentsFor } from './support';
import { aReceivedTakeBack, grade } from './warehouse';

// Idempotency-Key as a retrying, racing client meets it (docs/guarantees.md): one key, one effect,
// the first answer again byte for byte, 422 for another request, and never a way round a check.

const CODE = /KRLF(-[0-9A-Z]{4}){7}/;

interface RawAnswer {
  status: number;
  contentType: string | null;
  location: string | null;
  text: string;
}

/** A call that keeps the answer's bytes, to compare a replay with the first answer exactly. */
async function rawCall(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<RawAnswer> {
  const response = await fetch(`${apiUrl()}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), location: response.headers.get('location'), text: await response.text() };
}

/** Sends the same request `count` times at once. */
const storm = (count: number, send: () => Promise<RawAnswer>) => Promise.all(Array.from({ length: count }, send));

/**
 * Every success of a storm is the same answer; the others are 409 (retry later with the same key)
 * or, on a machine too busy for the storm, a function timeout, which a client retries the same way.
 */
function expectOneOutcome(answers: RawAnswer[], status: number): RawAnswer | undefined {
  const served = answers.filter((answer) => answer.status === status);
  for (const answer of served) expect(answer).toEqual(served[0]);
  for (const answer of answers.filter((answer) => answer.status !== status)) {
    if (answer.status === 409) expect(answer.contentType).toBe('application/problem+json');
    else expect(answer.status).toBeGreaterThanOrEqual(500);
  }
  return served[0];
}

/** Retries as docs/guarantees.md tells a client to: the same request and key again while the answer is 409. */
async function retried(send: () => Promise<RawAnswer>): Promise<RawAnswer> {
  for (;;) {
    const answer = await send();
    if (answer.status !== 409) return answer;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/**
 * A repeat of a request whose answer held a secret shown once, once its first request is done: a 409 whose detail
 * says it was done (while the first still runs, the 409 says so instead, and the client retries).
 */
async function shownOnceRepeat(send: () => Promise<RawAnswer>): Promise<RawAnswer> {
  for (;;) {
    const answer = await send();
    expect(answer.status).toBe(409);
    expect(answer.contentType).toBe('application/problem+json');
    if (!JSON.parse(answer.text).detail.startsWith('A request with this Idempotency-Key is still being processed')) return answer;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

async function aVoucherOf(brand: string): Promise<string> {
  const { id } = await aLabelledTakeBackOf(brand);
  expect((await receiveAndGrade(brand, id)).status).toBe(200);
  const [email] = await untilEmails(id, 'voucher-issued');
  return CODE.exec(email!.text)![0];
}

describe('Idempotency-Key holds under storms, replays and wrong credentials', () => {
  it('spends a voucher once for 50 concurrent redemptions with one key; a retry gets the first answer', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const shop = { 'x-api-key': (await call('POST', '/v1/api-keys', { name: 'storm shop' }, await admin(brand))).body.apiKey as string };
    const code = await aVoucherOf(brand);
    const before = (await call('GET', `/v1/vouchers/${code}`, undefined, shop)).body.balance as number;
    const redeem = (key: string, amount: number) => rawCall('POST', `/v1/vouchers/${code}/redeem`, { amount, orderRef: '#storm' }, { ...shop, 'idempotency-key': key });

    const first = expectOneOutcome(await storm(50, () => redeem('storm', 100)), 200);
    const retry = await retried(() => redeem('storm', 100));
    expect(retry.status).toBe(200);
    if (first) expect(retry).toEqual(first);
    expect((await call('GET', `/v1/vouchers/${code}`, undefined, shop)).body.balance).toBe(before - 100);

    const k100 = await redeem('K', 100);
    expect(k100.status).toBe(200);
    expect(await redeem('K', 200)).toMatchObject({ status: 422, contentType: 'application/problem+json' });
    expect(await redeem('K', 100)).toEqual(k100);
    expect((await call('GET', `/v1/vouchers/${code}`, undefined, shop)).body.balance).toBe(before - 200);
  });

  it('refuses a redemption replayed without or with a wrong shop key as it would without Idempotency-Key', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const shop = { 'x-api-key': (await call('POST', '/v1/api-keys', { name: 'replay shop' }, await admin(brand))).body.apiKey as string };
    const code = await aVoucherOf(brand);
    const body = { amount: 100, orderRef: '#replay' };
    expect((await call('POST', `/v1/vouchers/${code}/redeem`, body, { ...shop, 'idempotency-key': 'R' })).status).toBe(200);

    for (const credentials of [{}, { 'x-api-key': 'krlf_wrong' }, await admin(brand)]) {
      const withoutKey = await call('POST', `/v1/vouchers/${code}/redeem`, body, credentials);
      const replayed = await call('POST', `/v1/vouchers/${code}/redeem`, body, { ...credentials, 'idempotency-key': 'R' });
      expect(withoutKey.status).toBe(401);
      expect(replayed).toMatchObject({ status: 401, body: { status: 401 } });
    }
    const otherShop = { 'x-api-key': (await call('POST', '/v1/api-keys', { name: 'other shop' }, await admin('demo'))).body.apiKey as string };
    expect((await call('POST', `/v1/vouchers/${code}/redeem`, body, { ...otherShop, 'idempotency-key': 'R' })).status).toBe(404);
    expect((await call('POST', '/v1/vouchers/KRLF-0000-0000-0000-0000-0000-0000-0000/redeem', body, { ...shop, 'idempotency-key': 'R' })).status).toBe(404);
  });

  it('creates one API key for a storm with one key, and answers the key with another name 422', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const headers = await admin(brand);
    const create = (name: string) => rawCall('POST', '/v1/api-keys', { name }, { ...headers, 'idempotency-key': 'key-1' });
    const first = expectOneOutcome(await storm(20, () => create('checkout')), 201);
    expect(await create('other')).toMatchObject({ status: 422 });
    // Done: a repeat is told so, with the key's id, and not given the key again (shown once, not kept).
    const again = await shownOnceRepeat(() => create('checkout'));
    const [created] = (await call('GET', '/v1/api-keys', undefined, headers)).body.apiKeys as { keyId: string }[];
    expect(JSON.parse(again.text).detail).toBe(
      `The API key ${created!.keyId} was created by the first request with this Idempotency-Key; the key itself is shown once and not kept. Revoke it if its answer was lost, and create another.`,
    );
    if (first) expect(again.text).not.toContain(JSON.parse(first.text).apiKey);
    expect((await call('GET', '/v1/api-keys', undefined, headers)).body.apiKeys).toHaveLength(1);
  });

  it("takes a held transfer's account once for a storm with one key, answers the key with another account 422, and one without a key as it stands", async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const held = await aQueuedTransferThatDoesNotOpen(brand, 'Jonas Weber');
    expect((await call('POST', '/v1/payouts/exports', undefined, { ...(await admin(brand)), 'idempotency-key': randomUUID() })).status).toBe(422);
    const path = `/v1/take-backs/${held.id}/bank-account?token=${encodeURIComponent(held.trackingToken)}`;
    const account = { iban: 'DE75512108001245126199', accountHolder: 'Jonas Weber' };
    const enter = (body: unknown, key?: string) => rawCall('PUT', path, body, key ? { 'idempotency-key': key } : {});

    const first = expectOneOutcome(await storm(20, () => enter(account, 'account-1')), 200) ?? (await retried(() => enter(account, 'account-1')));
    expect(JSON.parse(first.text)).toMatchObject({ status: 'QUEUED', bankAccount: { ibanMasked: 'DE75 **** **** **** **61 99' } });
    expect(await enter({ ...account, accountHolder: 'Max Weber' }, 'account-1')).toMatchObject({ status: 422 });
    expect(await enter(account, 'account-1')).toEqual(first);
    // Without a key, the same account again is answered as it stands; a storm of them changes nothing.
    for (const answer of await storm(10, () => enter(account))) expect(JSON.parse(answer.text)).toEqual(JSON.parse(first.text));
    const timeline = (await call('GET', `/v1/passports/${held.id}`, undefined, await admin(brand))).body.timeline.map((e: { type: string }) => e.type);
    expect(timeline.filter((type: string) => type === 'BankAccountReplaced')).toHaveLength(1);
  });

  it('cancels a take-back once for a storm with one key and one without, answering all alike', async () => {
    const { id, trackingToken } = await aLabelledTakeBackOf('demo');
    const cancel = (key?: string) => rawCall('POST', `/v1/take-backs/${id}/cancellation?token=${encodeURIComponent(trackingToken)}`, undefined, key ? { 'idempotency-key': key } : {});

    const first = expectOneOutcome(await storm(20, () => cancel('cancel-1')), 200) ?? (await retried(() => cancel('cancel-1')));
    expect(JSON.parse(first.text)).toMatchObject({ id, status: 'CANCELLED' });
    for (const answer of await storm(10, () => cancel())) expect(JSON.parse(answer.text)).toEqual(JSON.parse(first.text));
    expect(await cancel('cancel-1')).toEqual(first);
    const timeline = (await call('GET', `/v1/passports/${id}`, undefined, await ops())).body.timeline.map((e: { type: string }) => e.type);
    expect(timeline.filter((type: string) => type === 'TakeBackCancelled')).toHaveLength(1);
  });

  it('never cancels a take-back after its parcel was scanned, in a storm of cancellations around the scan', async () => {
    const { id, trackingToken } = await aLabelledTakeBackOf('demo');
    const cancel = () => rawCall('POST', `/v1/take-backs/${id}/cancellation?token=${encodeURIComponent(trackingToken)}`, undefined, { 'idempotency-key': randomUUID() });
    const scan = async () => call('POST', `/v1/passports/${id}/receipt`, {}, await ops());

    const [cancellations, received] = await Promise.all([storm(10, cancel), scan()]);

    // The parcel is received whatever came first: a cancelled take-back's parcel still is.
    expect(received).toMatchObject({ status: 200, body: { state: 'RECEIVED' } });
    const timeline = (await call('GET', `/v1/passports/${id}`, undefined, await ops())).body.timeline.map((e: { type: string }) => e.type);
    const cancelledAt = timeline.indexOf('TakeBackCancelled');
    expect(timeline.filter((type: string) => type === 'TakeBackCancelled').length).toBeLessThanOrEqual(1);
    if (cancelledAt >= 0) expect(cancelledAt).toBeLessThan(timeline.indexOf('ParcelReceived'));
    for (const answer of cancellations) {
      if (answer.status === 200) expect(cancelledAt).toBeGreaterThanOrEqual(0);
      else if (answer.status === 409) expect(JSON.parse(answer.text)).toMatchObject({ currentState: 'RECEIVED' });
      else expect(answer.status).toBeGreaterThanOrEqual(500);
    }
  });

  it('makes one parcel label to send an item back for a storm with one key and one with a key each', async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');
    await grade(id, 'DEFECTIVE');
    await call('POST', `/v1/take-backs/${id}/counter-offer?token=${encodeURIComponent(trackingToken)}`, { accept: false });
    const headers = await ops();
    const ship = (key: string) => rawCall('POST', `/v1/passports/${id}/return-shipment`, {}, { ...headers, 'idempotency-key': key });

    const [sameKey, ownKeys] = await Promise.all([storm(10, () => ship('return-1')), storm(10, () => ship(randomUUID()))]);

    const first = expectOneOutcome(sameKey, 200) ?? (await retried(() => ship('return-1')));
    const { shipmentNo } = JSON.parse(first.text).returnShipment;
    for (const answer of ownKeys) {
      // Another request making the label at that moment is answered 409: read the passport again.
      if (answer.status === 200) expect(JSON.parse(answer.text).returnShipment.shipmentNo).toBe(shipmentNo);
      else if (answer.status === 409) expect(answer.contentType).toContain('application/problem+json');
      else expect(answer.status).toBeGreaterThanOrEqual(500);
    }
    expect(await dhlShipmentsFor(id)).toHaveLength(1);
    const passport = (await call('GET', `/v1/passports/${id}`, undefined, headers)).body;
    expect(passport.timeline.filter((event: { type: string }) => event.type === 'ReturnedToCustomer')).toHaveLength(1);
    expect(passport.ledger.filter((entry: { entryId: string }) => entry.entryId.startsWith('RETURN#'))).toHaveLength(1);
  });

  it('creates one webhook subscription for a storm with one key, and answers the key with another body 422', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const headers = await admin(brand);
    const subscribe = (eventTypes: string[]) =>
      rawCall('POST', '/v1/webhook-subscriptions', { url: 'http://127.0.0.1:9/hooks', eventTypes }, { ...headers, 'idempotency-key': 'sub-1' });
    const first = expectOneOutcome(await storm(20, () => subscribe(['Graded'])), 201);
    expect(await subscribe(['LabelCreated'])).toMatchObject({ status: 422 });
    const again = await shownOnceRepeat(() => subscribe(['Graded']));
    expect(JSON.parse(again.text).detail).toMatch(/^The webhook subscription \w+ was created by the first request with this Idempotency-Key; its signing secret is shown once and not kept\./);
    if (first) expect(again.text).not.toContain(JSON.parse(first.text).secret);
    expect((await call('GET', '/v1/webhook-subscriptions', undefined, headers)).body.subscriptions).toHaveLength(1);
  });

  it('answers a retry after a storm of 50 identical take-back requests with the first 201', async () => {
    const body = aTakeBackBody(await aQuote());
    const request = (sent: unknown) => rawCall('POST', '/v1/brands/demo/take-backs', sent, { 'idempotency-key': 'take-back-1' });
    const first = expectOneOutcome(await storm(50, () => request(body)), 201);
    const retry = await retried(() => request(body));
    expect(retry.status).toBe(201);
    if (first) expect(retry).toEqual(first);
    expect(await request({ ...body, reason: 'another reason' })).toMatchObject({ status: 422 });
    expect(await request(body)).toEqual(retry);
  });

  it("never gives one brand's take-back answer to a request on another brand's path with the same key", async () => {
    const body = aTakeBackBody(await aQuote());
    const key = randomUUID();
    const first = await rawCall('POST', '/v1/brands/demo/take-backs', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    const elsewhere = await aBrandLikeDemo(() => ({}));
    const replayed = await rawCall('POST', `/v1/brands/${elsewhere}/take-backs`, body, { 'idempotency-key': key });
    expect(replayed.status).not.toBe(201);
    expect(replayed.text).not.toContain(JSON.parse(first.text).id);
  });

  it("never gives a take-back's answer to its key replayed with a query parameter the route does not read: 400 at the parameter", async () => {
    const body = aTakeBackBody(await aQuote());
    const key = randomUUID();
    const first = await rawCall('POST', '/v1/brands/demo/take-backs', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);

    const replayed = await call('POST', '/v1/brands/demo/take-backs?x=1', body, { 'idempotency-key': key });

    expect(replayed.status).toBe(400);
    expect(replayed.headers.get('content-type')).toBe('application/problem+json');
    expect(replayed.body.errors).toEqual([{ in: 'query', path: ['x'], message: 'is not a parameter of this route' }]);
    expect(await rawCall('POST', '/v1/brands/demo/take-backs', body, { 'idempotency-key': key })).toEqual(first);
  });

  it('exports the queued bank payouts once for a storm with one key, and answers the key with another date 422', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const { id, trackingToken } = await aLabelledTakeBackOf(brand, { method: 'BANK_TRANSFER', iban: SEPA_IBAN, accountHolder: 'Lena Fischer' });
    await receiveAndGrade(brand, id);
    await untilTracking(id, trackingToken, 'the queued bank payout', (page) => page.payout?.status === 'QUEUED');
    const headers = await admin(brand);
    const exportOn = (date: string) => rawCall('POST', `/v1/payouts/exports?executionDate=${date}`, undefined, { ...headers, 'idempotency-key': 'export-1' });

    // Days ahead within the 60 an export may name.
    const [day, nextDay] = [10, 11].map((days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)) as [string, string];
    const first = expectOneOutcome(await storm(20, () => exportOn(day)), 201) ?? (await retried(() => exportOn(day)));
    expect(await exportOn(nextDay)).toMatchObject({ status: 422 });
    expect(await exportOn(day)).toEqual(first);
    expect((await call('GET', '/v1/payouts/exports', undefined, headers)).body.exports).toHaveLength(1);
  });

  it("refuses a counter-offer answer replayed with a wrong or no tracking token as it would without Idempotency-Key", async () => {
    const { id, trackingToken } = await aReceivedTakeBack('GOOD');
    expect((await grade(id, 'FAIR')).status).toBe(200);
    const answer = (token: string | undefined, key?: string) =>
      call('POST', `/v1/take-backs/${id}/counter-offer${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`, { accept: true }, key ? { 'idempotency-key': key } : {});
    const first = await answer(trackingToken, 'answer-1');
    expect(first.status).toBe(200);

    expect((await answer('WRONG')).status).toBe(404);
    expect(await answer('WRONG', 'answer-1')).toMatchObject({ status: 404, body: { status: 404 } });
    expect((await answer(undefined)).status).toBe(400);
    expect((await answer(undefined, 'answer-1')).status).toBe(400);
    expect((await answer(trackingToken, 'answer-1')).body).toEqual(first.body);
  });

  it('refuses staff routes replayed without a token or with a role too small as they would without Idempotency-Key', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const body = { name: 'checkout' };
    expect((await call('POST', '/v1/api-keys', body, { ...(await admin(brand)), 'idempotency-key': 'staff-1' })).status).toBe(201);
    for (const credentials of [{}, { authorization: 'Bearer not-a-token' }, await ops(brand)]) {
      const withoutKey = await call('POST', '/v1/api-keys', body, credentials);
      expect(withoutKey.status).toBeGreaterThanOrEqual(401);
      expect(await call('POST', '/v1/api-keys', body, { ...credentials, 'idempotency-key': 'staff-1' })).toMatchObject({ status: withoutKey.status });
    }
  });
});
