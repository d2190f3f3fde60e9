import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { voucherCodeFrom } from '../../shared/domain/vouchers';
import { newId } from '../../shared/services/tokens';
import { verifyWebhook } from '../../shared/webhooks/standard-webhooks';
import { call, eventually } from './client';
import { SEPA_IBAN, aBrandLikeDemo, aLabelledTakeBackOf, aQueuedTransferThatDoesNotOpen, aShopifyBrand, aWebhookReceiver, admin, emailsOf, ops, receiveAndGrade, untilEmails, untilTracking } from './payouts-support';
import { platform } from './platform';
import { passportOf } from './warehouse';
import { localDynamoDb } from '../support/table';
import { localDynamoDbStreams } from '../support/local-dynamodb';
import { latestStreamArn } from '../../local/runtime/dynamodb-tables';
import { listShards } from '../../local/runtime/stream-poller';
import { GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { redrive } from './support';

const CODE = /KRLF(-[0-9A-Z]{4}){7}/;

/** The transfers of a pain.001 file, read from its XML. */
function transfersOf(xml: string) {
  const field = (block: string, pattern: RegExp) => pattern.exec(block)?.[1];
  return {
    count: Number(field(xml, /<GrpHdr>[\s\S]*?<NbOfTxs>(\d+)<\/NbOfTxs>/)),
    controlSum: field(xml, /<GrpHdr>[\s\S]*?<CtrlSum>([\d.]+)<\/CtrlSum>/),
    debtorIban: field(xml, /<DbtrAcct>\s*<Id>\s*<IBAN>(\w+)<\/IBAN>/),
    transactions: [...xml.matchAll(/<CdtTrfTxInf>([\s\S]*?)<\/CdtTrfTxInf>/g)].map(([, block]) => ({
      endToEndId: field(block!, /<EndToEndId>([^<]+)</),
      amount: field(block!, /<InstdAmt Ccy="EUR">([\d.]+)</),
      creditor: field(block!, /<Cdtr>\s*<Nm>([^<]+)</),
      iban: field(block!, /<CdtrAcct>\s*<Id>\s*<IBAN>(\w+)</),
    })),
  };
}

describe('a customer is paid for a graded item and hears about every step', () => {
  let apiKey: string;

  beforeAll(async () => {
    // The shop's key, made the way a brand's developer makes one locally.
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'local/api-key.ts', '--brand', 'demo', '--name', 'e2e shop'], {
      env: { ...process.env, KREISLAUF_HOME: platform().home, KREISLAUF_API_URL: platform().apiUrl },
    });
    expect(stdout).toMatch(/^krlf_[A-Za-z0-9_-]{43}\n$/);
    apiKey = stdout.trim();
  });

  const shop = () => ({ 'x-api-key': apiKey });

  it('e-mails the voucher with its code and the CO2e saved, and the shop validates and redeems it', async () => {
    const { id, trackingToken } = await aLabelledTakeBackOf('demo');
    expect((await receiveAndGrade('demo', id)).status).toBe(200);

    const [email] = await untilEmails(id, 'voucher-issued');
    const code = CODE.exec(email!.text)![0];
    expect(email!.subject).toMatch(/^Ihr Gutschein über/);
    expect(email!.text).toMatch(/rund [\d,]+ kg CO₂e/);
    expect(email!.text).toContain('Quelle: ADEME');
    const page = await untilTracking(id, trackingToken, 'the voucher', (p) => p.payout?.status === 'ISSUED');
    expect(page.payout).toMatchObject({ method: 'VOUCHER', voucher: { code } });
    expect(page.impact).toMatchObject({ unit: 'kg CO2e', factor: { category: 'smartphone', origin: 'kreislauf', source: expect.stringContaining('ADEME') } });
    expect(page.impact.avoidedKgCo2e).toBeGreaterThan(0);

    // The passport's ledger: the demo brand's label (5.49 €) and the voucher at its cost to the
    // brand, 0.6 of the face value; nothing is sold yet, so the item stands at a loss.
    const faceValue = page.payout.amount;
    const voucherCost = Math.round(faceValue.amount * 0.6);
    const detail = await passportOf(id);
    expect(detail.ledger).toEqual([
      expect.objectContaining({ kind: 'LABEL', direction: 'COST', amount: { amount: 549, currency: 'EUR' } }),
      expect.objectContaining({ kind: 'PAYOUT', direction: 'COST', amount: { amount: voucherCost, currency: 'EUR' }, faceValue }),
    ]);
    expect(detail.economics).toEqual({ currency: 'EUR', revenue: 0, costs: 549 + voucherCost, margin: -(549 + voucherCost) });

    const shown = await call('GET', `/v1/vouchers/${code}`, undefined, shop());
    expect(shown).toMatchObject({ status: 200, body: { code, value: page.payout.amount, balance: page.payout.amount.amount, status: 'ACTIVE' } });
    expect(Date.parse(shown.body.expiresAt)).toBeGreaterThan(Date.now());

    const key = randomUUID();
    const redeemed = await call('POST', `/v1/vouchers/${code}/redeem`, { amount: 2_500, orderRef: '#1001' }, { ...shop(), 'idempotency-key': key });
    expect(redeemed).toMatchObject({ status: 200, body: { code, balance: page.payout.amount.amount - 2_500, status: 'ACTIVE' } });
    const repeated = await call('POST', `/v1/vouchers/${code}/redeem`, { amount: 2_500, orderRef: '#1001' }, { ...shop(), 'idempotency-key': key });
    expect(repeated.body).toEqual(redeemed.body);
    expect((await call('GET', `/v1/vouchers/${code}`, undefined, shop())).body.balance).toBe(page.payout.amount.amount - 2_500);

    const tooMuch = await call('POST', `/v1/vouchers/${code}/redeem`, { amount: page.payout.amount.amount, orderRef: '#1002' }, shop());
    expect(tooMuch).toMatchObject({ status: 409, body: { balance: page.payout.amount.amount - 2_500 } });
    expect(tooMuch.headers.get('content-type')).toBe('application/problem+json');
  });

  it("issues the voucher as a discount code in the shop of a brand that chose Shopify", async () => {
    const brand = await aShopifyBrand();
    const { id } = await aLabelledTakeBackOf(brand);
    await receiveAndGrade(brand, id);

    const code = CODE.exec((await untilEmails(id, 'voucher-issued'))[0]!.text)![0];
    const discounts = (await (await fetch(`${new URL(platform().shopifyAdminApiUrl).origin}/_sandbox/discounts`)).json()) as { code: string; amount: string; usageLimit: number }[];
    expect(discounts.filter((discount) => discount.code === code)).toEqual([expect.objectContaining({ usageLimit: 1, amount: expect.stringMatching(/^\d+\.\d{2}$/) })]);

    // The shop's checkout spends it; redeemed through the API as well, its value could be spent twice.
    const created = await call('POST', '/v1/api-keys', { name: 'e2e shop' }, { ...(await admin(brand)), 'idempotency-key': randomUUID() });
    const brandShop = { 'x-api-key': created.body.apiKey as string };
    const redeemed = await call('POST', `/v1/vouchers/${code}/redeem`, { amount: 100, orderRef: '#1001' }, { ...brandShop, 'idempotency-key': randomUUID() });
    expect(redeemed).toMatchObject({ status: 409, body: { issuer: 'shopify', detail: expect.stringMatching(/redeemed only at the shop's checkout/) } });
    expect(redeemed.headers.get('content-type')).toBe('application/problem+json');
    const shown = await call('GET', `/v1/vouchers/${code}`, undefined, brandShop);
    expect(shown.body.balance).toBe(shown.body.value.amount);
    const after = (await (await fetch(`${new URL(platform().shopifyAdminApiUrl).origin}/_sandbox/discounts`)).json()) as { code: string }[];
    expect(after.filter((discount) => discount.code === code)).toEqual(discounts.filter((discount) => discount.code === code));
  });

  it('answers 404 for a code nobody issued and 401 without a shop key', async () => {
    const unknown = voucherCodeFrom(randomBytes(16));
    expect((await call('GET', `/v1/vouchers/${unknown}`, undefined, shop())).status).toBe(404);
    expect((await call('POST', `/v1/vouchers/${unknown}/redeem`, { amount: 1, orderRef: '#1' }, shop())).status).toBe(404);
    expect((await call('GET', `/v1/vouchers/${unknown}`)).status).toBe(401);
  });

  it('pays a customer who chose cash in the brand\'s SEPA export, and tells them', async () => {
    // A brand of its own: an export takes every payout its brand queued, and other files queue theirs meanwhile.
    const brand = await aBrandLikeDemo(() => ({}));
    const { id, trackingToken } = await aLabelledTakeBackOf(brand, { method: 'BANK_TRANSFER', iban: SEPA_IBAN.replace(/(.{4})/g, '$1 '), accountHolder: 'Lena Fischer' });
    await receiveAndGrade(brand, id);
    const queued = await untilTracking(id, trackingToken, 'the queued bank payout', (p) => p.payout?.status === 'QUEUED');
    expect(queued.payout.bankAccount).toEqual({ ibanMasked: 'DE02 **** **** **** **20 51' });
    expect(JSON.stringify(queued)).not.toContain(SEPA_IBAN);

    const exported = await call('POST', '/v1/payouts/exports', undefined, { ...(await admin(brand)), 'idempotency-key': randomUUID() });
    expect(exported).toMatchObject({ status: 201, body: { count: 1, total: queued.payout.amount, payouts: [{ passportId: id, amount: queued.payout.amount }] } });

    const file = await call('GET', new URL(exported.body.fileUrl).pathname, undefined, await admin(brand));
    expect(file.headers.get('content-type')).toBe('application/xml');
    const pain001 = transfersOf(Buffer.from(file.body).toString('utf8'));
    const euros = (queued.payout.amount.amount / 100).toFixed(2);
    expect(pain001).toEqual({
      count: 1,
      controlSum: euros,
      debtorIban: 'DE89370400440532013000',
      transactions: [{ endToEndId: exported.body.payouts[0].payoutId, amount: euros, creditor: 'Lena Fischer', iban: SEPA_IBAN }],
    });

    const [email] = await untilEmails(id, 'bank-payout-sent');
    expect(email!.text).toContain('DE02 **** **** **** **20 51');
    expect(email!.text).not.toContain(SEPA_IBAN);
    expect((await call('GET', '/v1/payouts/exports', undefined, await admin(brand))).body.exports.map((e: { exportId: string }) => e.exportId)).toContain(exported.body.exportId);
    expect((await call('POST', '/v1/payouts/exports', undefined, await admin(brand))).status).toBe(409);
  });

  it("sets aside a transfer whose bank account cannot be opened, pays the others in the export, and queues it again once it opens", async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const good = await aLabelledTakeBackOf(brand, { method: 'BANK_TRANSFER', iban: SEPA_IBAN, accountHolder: 'Lena Fischer' });
    await receiveAndGrade(brand, good.id);
    await untilTracking(good.id, good.trackingToken, 'the queued bank payout', (p) => p.payout?.status === 'QUEUED');
    const bad = await aQueuedTransferThatDoesNotOpen(brand, 'Jonas Weber');

    const exported = await call('POST', '/v1/payouts/exports', undefined, { ...(await admin(brand)), 'idempotency-key': randomUUID() });

    expect(exported).toMatchObject({ status: 201, body: { count: 1, payouts: [{ passportId: good.id }], held: [{ passportId: bad.id, reason: expect.stringMatching(/cannot be opened/) }] } });
    const file = await call('GET', new URL(exported.body.fileUrl).pathname, undefined, await admin(brand));
    expect(transfersOf(Buffer.from(file.body).toString('utf8')).transactions.map((t) => t.creditor)).toEqual(['Lena Fischer']);
    await untilEmails(good.id, 'bank-payout-sent');
    // The customer sees the transfer still waiting; a person sees why on the passport.
    // The customer sees the transfer still waiting, asked to enter the account again; a person sees why on the passport.
    expect((await untilTracking(bad.id, bad.trackingToken, 'the held payout', (p) => p.payout?.status === 'QUEUED')).payout.bankAccount).toEqual({
      ibanMasked: 'DE02 **** **** **** **20 51',
      reenter: true,
    });
    const passport = await call('GET', `/v1/passports/${bad.id}`, undefined, await admin(brand));
    expect(passport.body.timeline.filter((e: { type: string }) => e.type === 'NeedsAttention')).toEqual([
      expect.objectContaining({
        data: {
          reason: expect.stringMatching(/set aside/),
          basis: { kind: 'PAYOUT_HELD', payoutId: exported.body.held[0].payoutId, problem: expect.stringMatching(/^(ALTERED|MALFORMED|NOT_AN_ACCOUNT)$/) },
          heldPayoutId: exported.body.held[0].payoutId,
        },
      }),
    ]);
    expect(passport.body.timeline.map((e: { type: string }) => e.type)).not.toContain('BankPayoutExported');
    // Nothing else waits: the next export is 409, naming the held transfer again, with no second NeedsAttention.
    const nothing = await call('POST', '/v1/payouts/exports', undefined, { ...(await admin(brand)), 'idempotency-key': randomUUID() });
    expect(nothing).toMatchObject({ status: 409, body: { held: [{ passportId: bad.id }] } });
    expect(nothing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const after = await call('GET', `/v1/passports/${bad.id}`, undefined, await admin(brand));
    expect(after.body.timeline.filter((e: { type: string }) => e.type === 'NeedsAttention')).toHaveLength(1);
    // The list of exports names it too, on every page, with the reason.
    const listed = await call('GET', '/v1/payouts/exports?limit=1', undefined, await admin(brand));
    expect(listed.body.held).toEqual([expect.objectContaining({ passportId: bad.id, ibanMasked: 'DE02 **** **** **** **20 51', reason: expect.stringMatching(/cannot be opened/) })]);

    // Once the account opens again (the record repaired), the next export pays it.
    await bad.repair();
    const later = await call('POST', '/v1/payouts/exports', undefined, { ...(await admin(brand)), 'idempotency-key': randomUUID() });
    expect(later).toMatchObject({ status: 201, body: { count: 1, payouts: [{ passportId: bad.id }], held: [] } });
    expect((await call('GET', '/v1/payouts/exports', undefined, await admin(brand))).body.held).toEqual([]);
    const [email] = await untilEmails(bad.id, 'bank-payout-sent');
    expect(email!.text).toContain('DE02 **** **** **** **20 51');
  });

  it('leaves a payout the issuer refused to a person, and pays it once when an admin starts it again after the fix', async () => {
    // A brand whose Shopify shop has no access token kept: the voucher issuer refuses every code.
    const brand = await aBrandLikeDemo((config) => ({
      payouts: { ...config.payouts!, voucherIssuer: { kind: 'shopify', adminApiUrl: 'https://shop-without-token.example/admin/api/2025-01/graphql.json' } },
    }));
    const { id, trackingToken } = await aLabelledTakeBackOf(brand);
    expect((await receiveAndGrade(brand, id)).status).toBe(200);
    const timeline = async () => (await call('GET', `/v1/passports/${id}`, undefined, await admin(brand))).body.timeline as { type: string; data: Record<string, unknown> }[];
    const asked = await eventually(async () => (await timeline()).find((event) => event.type === 'NeedsAttention'), 'the payout workflow asking a person');
    expect(asked.data.reason).toMatch(/could not be made/);
    // The passport tells the staff console that a person is asked, so it offers the admin the retry.
    const awaitsPerson = async () => (await call('GET', `/v1/passports/${id}`, undefined, await admin(brand))).body.payoutAwaitsPerson;
    expect(await awaitsPerson()).toBe(true);
    expect((await call('POST', `/v1/passports/${id}/payout`, undefined, await ops(brand))).status).toBe(403);
    // The brand's payouts list names it among the payouts waiting for a person; no other brand's does.
    const waiting = async (of: string) => (await call('GET', '/v1/payouts/exports', undefined, await admin(of))).body.awaiting as { passportId: string; reason: string }[];
    // With the facts beside the sentence, for the console to word: the failure's name and its own words.
    expect(asked.data.basis).toEqual({ kind: 'PAYOUT_FAILED', error: 'VoucherIssuerRejected', message: 'No Shopify access token is kept for shop-without-token.example' });
    expect(await waiting(brand)).toEqual([
      expect.objectContaining({ passportId: id, method: 'VOUCHER', amount: expect.objectContaining({ currency: 'EUR' }), reason: asked.data.reason, basis: asked.data.basis }),
    ]);
    expect((await waiting('demo')).map((payout) => payout.passportId)).not.toContain(id);

    // The brand's issuer put right: its own codes.
    const store = new DynamoDbSeedingPassportStore(platform().tableName, localDynamoDb(platform().dynamodbEndpoint));
    const catalog = (await store.getCatalog(brand))!;
    await store.putCatalog({ ...catalog, config: { ...catalog.config, payouts: { ...catalog.config.payouts!, voucherIssuer: { kind: 'kreislauf' } } } });
    const retried = await call('POST', `/v1/passports/${id}/payout`, undefined, { ...(await admin(brand)), 'idempotency-key': randomUUID() });
    expect(retried).toMatchObject({ status: 202, body: { passportId: id, execution: expect.stringMatching(/^retry-/) } });

    const [email] = await untilEmails(id, 'voucher-issued');
    expect(CODE.exec(email!.text)).not.toBeNull();
    expect((await untilTracking(id, trackingToken, 'the voucher', (p) => p.payout?.status === 'ISSUED')).payout.voucher.code).toBe(CODE.exec(email!.text)![0]);
    const again = await call('POST', `/v1/passports/${id}/payout`, undefined, await admin(brand));
    expect(again).toMatchObject({ status: 409, body: { payoutStatus: 'ISSUED' } });
    expect((await call('POST', `/v1/passports/${id}/payout`, undefined, await admin('demo'))).status).toBe(404);
    expect((await timeline()).filter((event) => event.type === 'VoucherIssued')).toHaveLength(1);
    expect(await waiting(brand)).toEqual([]);
    expect(await eventually(async () => ((await awaitsPerson()) === false ? 'paid' : undefined), 'the payout on the ledger')).toBe('paid');

    // Our own codes made it, so the brand's shop redeems it through the API, once (until 7 December 2026 the
    // voucher kept the issuer of its reservation, Shopify, and was redeemable nowhere).
    const code = CODE.exec(email!.text)![0];
    const created = await call('POST', '/v1/api-keys', { name: 'e2e shop' }, { ...(await admin(brand)), 'idempotency-key': randomUUID() });
    const brandShop = { 'x-api-key': created.body.apiKey as string };
    const value = (await call('GET', `/v1/vouchers/${code}`, undefined, brandShop)).body.value.amount as number;
    const redeemed = await call('POST', `/v1/vouchers/${code}/redeem`, { amount: value, orderRef: '#2001' }, { ...brandShop, 'idempotency-key': randomUUID() });
    expect(redeemed).toMatchObject({ status: 200, body: { balance: 0 } });
    expect((await call('POST', `/v1/vouchers/${code}/redeem`, { amount: 100, orderRef: '#2002' }, { ...brandShop, 'idempotency-key': randomUUID() })).status).toBe(409);
  });

  it('asks the customer of a held transfer for the account again, by e-mail and on the tracking page, and pays the account entered', async () => {
    const brand = await aBrandLikeDemo(() => ({}));
    const held = await aQueuedTransferThatDoesNotOpen(brand, 'Jonas Weber');
    const refused = await call('POST', '/v1/payouts/exports', undefined, { ...(await admin(brand)), 'idempotency-key': randomUUID() });
    expect(refused).toMatchObject({ status: 422, body: { held: [{ passportId: held.id }] } });

    const [asked] = await untilEmails(held.id, 'bank-details-needed');
    expect(asked!.subject).toBe('Bitte geben Sie Ihre Bankverbindung noch einmal ein');
    expect(asked!.text).toContain(`/track/${held.id}?token=`);
    const path = `/v1/take-backs/${held.id}/bank-account?token=${encodeURIComponent(held.trackingToken)}`;

    // What is refused writes nothing: a wrong token, an IBAN that is not one, a field too many.
    const wrongToken = await call('PUT', `/v1/take-backs/${held.id}/bank-account?token=not-the-token`, { iban: 'DE75512108001245126199', accountHolder: 'Jonas Weber' });
    expect(wrongToken.status).toBe(404);
    const badIban = await call('PUT', path, { iban: 'DE75512108001245126198', accountHolder: 'Jonas Weber' });
    expect(badIban).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ path: ['iban'] })] } });
    expect(badIban.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await call('PUT', path, { iban: 'DE75512108001245126199', accountHolder: 'Jonas Weber', bic: 'X' })).status).toBe(400);
    // A name the bank file would not carry as given ("Jonas" alone would be paid).
    expect(await call('PUT', path, { iban: 'DE75512108001245126199', accountHolder: 'Jonas 李' })).toMatchObject({
      status: 400,
      body: { errors: [{ path: ['accountHolder'], message: 'must be written in Latin letters, as the bank account shows it' }] },
    });
    expect((await untilTracking(held.id, held.trackingToken, 'the held payout', (p) => p.payout?.bankAccount?.reenter === true)).payout.status).toBe('QUEUED');

    // The account entered, sent twice with one Idempotency-Key (a retry) and once more without one.
    const key = randomUUID();
    const entered = await call('PUT', path, { iban: 'DE75 5121 0800 1245 1261 99', accountHolder: 'Jonas Weber' }, { 'idempotency-key': key });
    expect(entered).toMatchObject({ status: 200, body: { method: 'BANK_TRANSFER', status: 'QUEUED', bankAccount: { ibanMasked: 'DE75 **** **** **** **61 99' } } });
    expect(entered.body.bankAccount).not.toHaveProperty('reenter');
    expect(await call('PUT', path, { iban: 'DE75 5121 0800 1245 1261 99', accountHolder: 'Jonas Weber' }, { 'idempotency-key': key })).toMatchObject({ status: 200, body: entered.body });
    expect(await call('PUT', path, { iban: 'DE75512108001245126199', accountHolder: 'Jonas Weber' })).toMatchObject({ status: 200, body: entered.body });
    // Another account once it is queued again: 409, as the transfer may be in an export being written.
    expect(await call('PUT', path, { iban: SEPA_IBAN, accountHolder: 'Jonas Weber' })).toMatchObject({ status: 409, body: { payoutStatus: 'QUEUED' } });
    const page = await untilTracking(held.id, held.trackingToken, 'the account entered', (p) => p.payout?.bankAccount?.reenter === undefined);
    expect(page.payout.bankAccount).toEqual({ ibanMasked: 'DE75 **** **** **** **61 99' });
    const timeline = (await call('GET', `/v1/passports/${held.id}`, undefined, await admin(brand))).body.timeline.map((e: { type: string }) => e.type);
    expect(timeline.filter((type: string) => type === 'BankAccountReplaced')).toHaveLength(1);

    const paid = await call('POST', '/v1/payouts/exports', undefined, { ...(await admin(brand)), 'idempotency-key': randomUUID() });
    expect(paid).toMatchObject({ status: 201, body: { count: 1, payouts: [{ passportId: held.id }], held: [] } });
    const file = await call('GET', new URL(paid.body.fileUrl).pathname, undefined, await admin(brand));
    expect(transfersOf(Buffer.from(file.body).toString('utf8')).transactions).toEqual([expect.objectContaining({ iban: 'DE75512108001245126199', creditor: 'Jonas Weber' })]);
    const [sent] = await untilEmails(held.id, 'bank-payout-sent');
    expect(sent!.text).toContain('DE75 **** **** **** **61 99');
  });

  it('delivers passport events to a brand endpoint, signed so the brand can verify them', async () => {
    const receiver = await aWebhookReceiver();
    const { url, received } = receiver;
    try {
      const subscribed = await call('POST', '/v1/webhook-subscriptions', { url, eventTypes: ['LabelCreated'] }, await admin());
      expect(subscribed).toMatchObject({ status: 201, body: { url, eventTypes: ['LabelCreated'], secret: expect.stringMatching(/^whsec_/) } });

      const { id } = await aLabelledTakeBackOf('demo');
      const delivery = await eventually(async () => received.find((r) => JSON.parse(r.body).data.passportId === id), 'the LabelCreated delivery');
      const nowSeconds = Number(delivery.headers['webhook-timestamp']);
      expect(verifyWebhook({ headers: delivery.headers, body: delivery.body, secrets: [subscribed.body.secret], nowSeconds })).toMatchObject({ ok: true });
      expect(JSON.parse(delivery.body)).toMatchObject({ type: 'LabelCreated', data: { passportId: id, brand: 'demo', type: 'LabelCreated' } });

      // Without an Idempotency-Key the rotation is refused: a retry after a lost answer would rotate again.
      const path = `/v1/webhook-subscriptions/${subscribed.body.subscriptionId}/secret`;
      expect(await call('POST', path, undefined, await admin())).toMatchObject({ status: 400, body: { errors: [{ in: 'header', path: ['Idempotency-Key'] }] } });
      // The admin rotates the secret; a retry with the same Idempotency-Key is answered with the same secret.
      const key = { ...(await admin()), 'idempotency-key': randomUUID() };
      const rotated = await call('POST', path, undefined, key);
      expect(rotated).toMatchObject({ status: 200, body: { subscriptionId: subscribed.body.subscriptionId, secret: expect.stringMatching(/^whsec_/), previousSecretExpiresAt: expect.any(String) } });
      expect(rotated.headers.get('cache-control')).toBe('no-store');
      expect((await call('POST', path, undefined, key)).body).toEqual(rotated.body);
      expect(rotated.body.secret).not.toBe(subscribed.body.secret);
      expect((await call('POST', path, undefined, { ...(await ops()), 'idempotency-key': randomUUID() })).status).toBe(403);
      expect((await call('POST', `/v1/webhook-subscriptions/${newId()}/secret`, undefined, { ...(await admin()), 'idempotency-key': randomUUID() })).status).toBe(404);

      // The next delivery verifies with either secret for a day, so the brand's endpoint can switch when it is ready.
      const next = await aLabelledTakeBackOf('demo');
      const signed = await eventually(async () => received.find((r) => JSON.parse(r.body).data.passportId === next.id), 'the delivery after the rotation');
      const signedAt = Number(signed.headers['webhook-timestamp']);
      for (const secret of [rotated.body.secret, subscribed.body.secret]) {
        expect(verifyWebhook({ headers: signed.headers, body: signed.body, secrets: [secret], nowSeconds: signedAt })).toMatchObject({ ok: true });
      }

      expect((await call('DELETE', `/v1/webhook-subscriptions/${subscribed.body.subscriptionId}`, undefined, await admin())).status).toBe(204);
    } finally {
      await receiver.close();
    }
  });

  it("changes a subscription's event types in place: a later event reaches the endpoint by the new types only, signed with the same secret", async () => {
    const receiver = await aWebhookReceiver();
    try {
      const brand = await aBrandLikeDemo(() => ({}));
      const headers = await admin(brand);
      const subscribed = await call('POST', '/v1/webhook-subscriptions', { url: receiver.url, eventTypes: ['LabelCreated'] }, headers);
      expect(subscribed.status).toBe(201);
      const { secret, ...created } = subscribed.body;
      // Another endpoint of the brand (a query makes it one) gets both types: once it has the later one, the fan-out has run for it.
      const witness = await call('POST', '/v1/webhook-subscriptions', { url: `${receiver.url}?witness`, eventTypes: ['TakeBackRequested', 'LabelCreated'] }, headers);
      expect(witness.status).toBe(201);
      const path = `/v1/webhook-subscriptions/${created.subscriptionId}`;

      const keyed = { ...headers, 'idempotency-key': randomUUID() };
      const changed = await call('PATCH', path, { eventTypes: ['TakeBackRequested'] }, keyed);

      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ ...created, eventTypes: ['TakeBackRequested'] });
      expect(changed.headers.get('cache-control')).toBe('no-store');
      // Under its Idempotency-Key a retry is answered as the first; the key with other types is refused.
      expect(await call('PATCH', path, { eventTypes: ['TakeBackRequested'] }, keyed)).toMatchObject({ status: 200, body: changed.body });
      expect((await call('PATCH', path, { eventTypes: ['Sold'] }, keyed)).status).toBe(422);
      // The same types again change nothing; another brand's admin finds no such subscription.
      expect(await call('PATCH', path, { eventTypes: ['TakeBackRequested'] }, headers)).toMatchObject({ status: 200, body: changed.body });
      expect((await call('PATCH', path, { eventTypes: ['Sold'] }, await admin())).status).toBe(404);
      expect((await call('PATCH', `/v1/webhook-subscriptions/${newId()}`, { eventTypes: ['Sold'] }, headers)).status).toBe(404);
      expect((await call('GET', '/v1/webhook-subscriptions', undefined, headers)).body.subscriptions).toEqual(expect.arrayContaining([changed.body]));

      const { id } = await aLabelledTakeBackOf(brand);
      const of = (subscriptionId: string) => () =>
        receiver.received.filter((delivery) => delivery.headers['webhook-id']!.endsWith(`_${subscriptionId}`) && JSON.parse(delivery.body).data.passportId === id);
      const [requested] = await eventually(async () => (of(created.subscriptionId)().length > 0 ? of(created.subscriptionId)() : undefined), 'the TakeBackRequested delivery');
      const typesOf = (subscriptionId: string) => of(subscriptionId)().map((delivery) => JSON.parse(delivery.body).type);
      await eventually(async () => (typesOf(witness.body.subscriptionId).includes('LabelCreated') ? true : undefined), "the witness's LabelCreated delivery");

      expect(JSON.parse(requested!.body)).toMatchObject({ type: 'TakeBackRequested' });
      expect(verifyWebhook({ headers: requested!.headers, body: requested!.body, secrets: [secret], nowSeconds: Number(requested!.headers['webhook-timestamp']) })).toMatchObject({ ok: true });
      // The LabelCreated event was fanned out with the witness's delivery: none was sent or is waiting for the changed subscription.
      expect(typesOf(created.subscriptionId)).toEqual(['TakeBackRequested']);
      const queues = (await call('GET', '/_local/queues')).body as { name: string; messages: { body: string }[] }[];
      const deliveries = queues.find((queue) => queue.name.includes('BrandWebhooksDeliveries'));
      expect(deliveries?.messages.filter((message) => message.body.includes(created.subscriptionId))).toEqual([]);

      for (const subscriptionId of [created.subscriptionId, witness.body.subscriptionId]) {
        expect((await call('DELETE', `/v1/webhook-subscriptions/${subscriptionId}`, undefined, headers)).status).toBe(204);
      }
      expect((await call('PATCH', path, { eventTypes: ['Sold'] }, headers)).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });

  it("publishes a stream batch the publisher gave up on again with npm run redrive -- passport-events: the brand's endpoint gets the event once more under its webhook id, and nothing else happens twice", async () => {
    const receiver = await aWebhookReceiver();
    try {
      const brand = await aBrandLikeDemo(() => ({}));
      expect((await call('POST', '/v1/webhook-subscriptions', { url: receiver.url, eventTypes: ['LabelCreated'] }, await admin(brand))).status).toBe(201);
      const { id } = await aLabelledTakeBackOf(brand);
      const ours = () => receiver.received.filter((delivery) => JSON.parse(delivery.body).data.passportId === id);
      const [first] = await eventually(async () => (ours().length > 0 ? ours() : undefined), 'the LabelCreated delivery');
      const timelineOf = async () => (await call('GET', `/v1/passports/${id}`, undefined, await admin(brand))).body.timeline as unknown[];
      // The label e-mail is the take-back's last event until the parcel arrives.
      await untilEmails(id, 'label');
      await eventually(async () => ((await timelineOf()).some((event) => (event as { type: string }).type === 'LabelEmailSent') ? true : undefined), 'the LabelEmailSent event');
      const timelineBefore = (await timelineOf()).length;
      const emailsBefore = (await emailsOf(id)).length;

      // The record Lambda sends the mapping's on-failure destination for a batch it gave up on: where the event is in the stream.
      const position = await streamPositionOf(id, 'LabelCreated');
      const publisher = Object.entries(platform().functionArns).find(([logicalId]) => logicalId.startsWith('EventsPublishPassportEvents'))![1];
      const queues = (await call('GET', '/_local/queues')).body as { name: string; url: string; messages: unknown[] }[];
      const deadLetters = queues.find((queue) => queue.name.includes('EventsPublishDeadLetters'))!;
      const sqs = new SQSClient({ endpoint: new URL(deadLetters.url).origin, region: 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: deadLetters.url,
          MessageBody: JSON.stringify({
            requestContext: { requestId: randomUUID(), functionArn: publisher, condition: 'RetryAttemptsExhausted', approximateInvokeCount: 11 },
            responseContext: { statusCode: 200, executedVersion: '$LATEST' },
            version: '1.0',
            timestamp: new Date().toISOString(),
            DDBStreamBatchInfo: { shardId: position.shardId, startSequenceNumber: position.sequenceNumber, endSequenceNumber: position.sequenceNumber, batchSize: 1, streamArn: position.streamArn },
          }),
        }),
      );
      sqs.destroy();

      expect((await redrive('passport-events')).stdout).toBe(`handed 1 batch of ${deadLetters.url} back to ${publisher}\n`);
      const again = await eventually(async () => (ours().length > 1 ? ours() : undefined), 'the LabelCreated delivery once more');
      expect(again).toHaveLength(2);
      expect(again[1]!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
      expect(JSON.parse(again[1]!.body).data).toEqual(JSON.parse(first!.body).data);
      const left = ((await call('GET', '/_local/queues')).body as { name: string; messages: unknown[] }[]).find((queue) => queue.name.includes('EventsPublishDeadLetters'))!;
      expect(left.messages).toEqual([]);
      // Published again, the event is taken as seen by everything else it starts: no event, e-mail or label more.
      expect(await timelineOf()).toHaveLength(timelineBefore);
      expect(await emailsOf(id)).toHaveLength(emailsBefore);
      expect(ours()).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });
});

/** Where a passport's event of `type` is in the table's stream (DynamoDB Local's). */
async function streamPositionOf(passportId: string, type: string): Promise<{ streamArn: string; shardId: string; sequenceNumber: string }> {
  const tables = localDynamoDb(platform().dynamodbEndpoint);
  const streams = localDynamoDbStreams(platform().dynamodbEndpoint);
  try {
    const streamArn = (await latestStreamArn(tables, platform().tableName))!;
    for (const shard of await listShards(streams, streamArn)) {
      let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId!, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator) {
        const { Records = [], NextShardIterator } = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        const found = Records.find(({ eventName, dynamodb }) => eventName === 'INSERT' && dynamodb?.NewImage?.passportId?.S === passportId && dynamodb.NewImage.type?.S === type);
        if (found) return { streamArn, shardId: shard.ShardId!, sequenceNumber: found.dynamodb!.SequenceNumber! };
        iterator = Records.length > 0 ? NextShardIterator : undefined;
      }
    }
    throw new Error(`no ${type} event of ${passportId} in the stream`);
  } finally {
    tables.destroy();
    streams.destroy();
  }
}
