import { createHash, randomBytes } from 'node:crypto';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbApiKeyLookup, DynamoDbApiKeyStore } from '../../shared/adapters/dynamodb/api-key-store';
import { apiKeyKey } from '../../shared/adapters/dynamodb/keys';
import { BrandConfigUnreadableError } from '../../shared/domain/brand-config';
import { OwnVoucherCodes } from '../../shared/adapters/dynamodb/own-voucher-codes';
import type { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import type { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { ConflictError, NotFoundError, UnprocessableError } from '../../shared/domain/errors';
import { VoucherIssuerRejectedError, VoucherIssuerUnavailableError, type VoucherIssuer, type VoucherToIssue } from '../../shared/ports/voucher-issuer';
import { UnauthenticatedError } from '../../shared/http/staff';
import { ApiKeyAuthentication, ApiKeys } from '../../shared/services/api-keys';
import { PayoutSettlement } from '../../shared/services/payout-settlement';
import { newId } from '../../shared/services/tokens';
import { VoucherService } from '../../shared/services/voucher-service';
import { aGradedPassport, aPayoutTable, aRecordingVoucherIssuer } from '../support/payouts';
import { localDynamoDb } from '../support/table';
import { demoBrand } from '../../local/seed/demo-brand';

describe("the brand shop's vouchers (DynamoDB Local)", () => {
  let store: DynamoDbSeedingPassportStore;
  let payouts: DynamoDbPayoutStore;
  let keys: ApiKeys;
  let clock = new Date('2026-11-04T10:00:00.000Z');
  const now = () => clock;
  // The voucher routes check keys with a look-up of their own, as the functions compose them.
  const checking = (at = now) => new ApiKeyAuthentication({ keys: new DynamoDbApiKeyLookup(tableName, client), now: at });
  const shop = () => new VoucherService({ payouts, apiKeys: checking(), now, newId });

  let client: ReturnType<typeof localDynamoDb>;
  let tableName: string;

  beforeAll(async () => {
    client = localDynamoDb(inject('dynamodbEndpoint'));
    ({ store, payouts, tableName } = await aPayoutTable(client));
    keys = new ApiKeys({ keys: new DynamoDbApiKeyStore(tableName, client), now, newId, randomBytes });
  });

  async function aVoucherCode(): Promise<string> {
    // 100.00 graded, 5.00 for a smartphone and 10.00 for taking a voucher: 115.00.
    const passport = await aGradedPassport(store, { payout: 10_000 });
    await new PayoutSettlement({ store, payouts, issuerFor: async () => new OwnVoucherCodes(), now, newId, randomBytes }).settle(passport.id);
    return (await payouts.getPayout(passport.id))!.voucher!.code;
  }

  it("shows the voucher's value, balance, status and expiry to the brand's shop", async () => {
    const { apiKey } = await keys.create('demo', 'checkout');
    const code = await aVoucherCode();
    expect(await shop().lookup(apiKey, code)).toEqual({
      code,
      value: { amount: 11_500, currency: 'EUR' },
      balance: 11_500,
      status: 'ACTIVE',
      expiresAt: '2029-11-03T23:59:59.999Z',
    });
  });

  it("refuses to redeem a voucher that is a discount code in the brand's Shopify shop, which only the shop's checkout spends", async () => {
    // A brand like the demo brand whose vouchers are made in its Shopify shop.
    const brand = `shop-${newId().toLowerCase()}`;
    const adminApiUrl = 'https://shop.myshopify.com/admin/api/2025-01/graphql.json';
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, brand, payouts: { ...demoBrand.config.payouts!, voucherIssuer: { kind: 'shopify', adminApiUrl } } } });
    const passport = await aGradedPassport(store, { payout: 10_000, overrides: { brand } });
    const shopify = { kind: 'shopify' as const, issue: async () => ({}) };
    await new PayoutSettlement({ store, payouts, issuerFor: async () => shopify, now, newId, randomBytes }).settle(passport.id);
    const { code, issuer } = (await payouts.getPayout(passport.id))!.voucher!;
    expect(issuer).toBe('shopify');
    const { apiKey } = await keys.create(brand, 'checkout');

    const refused = await shop().redeem(apiKey, code, { amount: 11_500, orderRef: '#1001' }, 'order-1001').catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).message).toMatch(/redeemed only at the shop's checkout/);
    expect((refused as ConflictError).extensions).toEqual({ issuer: 'shopify' });
    expect(await payouts.getVoucher(code)).toMatchObject({ balance: 11_500, redemptions: [] });
  });

  it("redeems a voucher our own codes made after the brand's Shopify shop refused it and the admin switched the brand to them", async () => {
    // A brand whose Shopify shop refuses every code (no access token kept for it): the voucher is reserved, not issued.
    const brand = `switched-${newId().toLowerCase()}`;
    const adminApiUrl = 'https://shop-without-token.example/admin/api/2025-01/graphql.json';
    const config = { ...demoBrand.config, brand, payouts: { ...demoBrand.config.payouts!, voucherIssuer: { kind: 'shopify' as const, adminApiUrl } } };
    await store.putCatalog({ ...demoBrand, config });
    const passport = await aGradedPassport(store, { payout: 10_000, overrides: { brand } });
    const refusingShop = { kind: 'shopify' as const, issue: async () => Promise.reject(new VoucherIssuerRejectedError('No Shopify access token is kept for shop-without-token.example')) };
    // The issuers as the payout functions compose them: the brand's settings choose.
    const settlement = new PayoutSettlement({
      store,
      payouts,
      issuerFor: async (catalog) => (catalog.config.payouts?.voucherIssuer?.kind === 'shopify' ? refusingShop : new OwnVoucherCodes()),
      now,
      newId,
      randomBytes,
    });
    await expect(settlement.settle(passport.id)).rejects.toBeInstanceOf(VoucherIssuerRejectedError);
    expect(await payouts.getPayout(passport.id)).toMatchObject({ status: 'RESERVED', voucher: { issuer: 'shopify' } });

    // The admin puts it right with our own codes, and the payout is started again.
    await store.putCatalog({ ...demoBrand, config: { ...config, payouts: { ...config.payouts, voucherIssuer: { kind: 'kreislauf' } } } });
    expect(await settlement.settle(passport.id)).toMatchObject({ outcome: 'VOUCHER_ISSUED' });

    // Our own codes made it, and no shop holds it: it is spent here, once.
    const { code, issuer } = (await payouts.getPayout(passport.id))!.voucher!;
    expect(issuer).toBe('kreislauf');
    expect(await payouts.getVoucher(code)).toMatchObject({ issuer: 'kreislauf', balance: 11_500 });
    const { apiKey } = await keys.create(brand, 'checkout');
    expect(await shop().redeem(apiKey, code, { amount: 11_500, orderRef: '#1001' }, 'order-1001')).toMatchObject({ balance: 0 });
    await expect(shop().redeem(apiKey, code, { amount: 100, orderRef: '#1002' }, 'order-1002')).rejects.toBeInstanceOf(ConflictError);
  });

  it('makes the voucher with one issuer when two attempts read different issuers from settings being switched', async () => {
    const passport = await aGradedPassport(store, { payout: 10_000 });
    // One attempt read the brand's Shopify shop, another (a moment later, after a switch) our own codes.
    const shopCodes: string[] = [];
    const ownCodes = aRecordingVoucherIssuer();
    let kreislaufAttemptDone: () => void = () => {};
    const kreislaufAttemptEnded = new Promise<void>((resolve) => (kreislaufAttemptDone = resolve));
    let shopCalled: () => void = () => {};
    const shopReached = new Promise<void>((resolve) => (shopCalled = resolve));
    // The shop answers only once the other attempt has ended, as a slow shop did in the storm of retries.
    const slowShop = {
      kind: 'shopify' as const,
      issue: async (voucher: VoucherToIssue) => {
        shopCalled();
        await kreislaufAttemptEnded;
        shopCodes.push(voucher.code);
        return {};
      },
    };
    const attempt = (issuer: VoucherIssuer) => new PayoutSettlement({ store, payouts, issuerFor: async () => issuer, now, newId, randomBytes }).settle(passport.id);

    const viaShop = attempt(slowShop);
    await shopReached;
    const viaOwnCodes = await attempt(ownCodes).then(
      (settled) => settled,
      (error: unknown) => error,
    );
    kreislaufAttemptDone();
    await viaShop;

    // Our own codes were not asked while the shop held the voucher: only the shop made it, and it is spent only there.
    expect(viaOwnCodes).toBeInstanceOf(VoucherIssuerUnavailableError);
    expect(ownCodes.issued).toEqual([]);
    const { code, issuer } = (await payouts.getPayout(passport.id))!.voucher!;
    expect(shopCodes).toEqual([code]);
    expect(issuer).toBe('shopify');
    expect(await payouts.getVoucher(code)).toMatchObject({ issuer: 'shopify' });
    const { apiKey } = await keys.create('demo', 'checkout');
    await expect(shop().redeem(apiKey, code, { amount: 11_500, orderRef: '#1001' }, 'order-1001')).rejects.toBeInstanceOf(ConflictError);
  });

  it('asks the same issuer again after one that did not answer, until the brand names it again', async () => {
    const passport = await aGradedPassport(store, { payout: 10_000 });
    const unreachableShop = { kind: 'shopify' as const, issue: async () => Promise.reject(new VoucherIssuerUnavailableError('The shop answered 503')) };
    const ownCodes = aRecordingVoucherIssuer();
    const answeringShop = aRecordingVoucherIssuer();
    const attempt = (issuer: VoucherIssuer) => new PayoutSettlement({ store, payouts, issuerFor: async () => issuer, now, newId, randomBytes }).settle(passport.id);

    await expect(attempt(unreachableShop)).rejects.toBeInstanceOf(VoucherIssuerUnavailableError);
    // The shop may have made the code after all: our own codes do not make a second one.
    await expect(attempt(ownCodes)).rejects.toBeInstanceOf(VoucherIssuerUnavailableError);
    expect(ownCodes.issued).toEqual([]);
    expect(await attempt({ ...answeringShop, kind: 'shopify' })).toMatchObject({ outcome: 'VOUCHER_ISSUED' });
    expect(answeringShop.issued).toHaveLength(1);
    expect((await payouts.getPayout(passport.id))!.voucher).toMatchObject({ issuer: 'shopify' });
  });

  it('redeems part of the balance and answers with what is left', async () => {
    const { apiKey } = await keys.create('demo', 'checkout');
    const code = await aVoucherCode();
    expect(await shop().redeem(apiKey, code, { amount: 4_500, orderRef: '#1001' })).toMatchObject({ balance: 7_000, status: 'ACTIVE', amount: 4_500 });
    expect(await shop().redeem(apiKey, code, { amount: 7_000, orderRef: '#1002' })).toMatchObject({ balance: 0, status: 'REDEEMED' });
    await expect(shop().redeem(apiKey, code, { amount: 1, orderRef: '#1003' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('spends the voucher once for 50 concurrent redemptions with one Idempotency-Key, each answered with the same redemption', async () => {
    const { apiKey } = await keys.create('demo', 'checkout');
    const code = await aVoucherCode();
    const answers = await Promise.allSettled(
      Array.from({ length: 50 }, () => shop().redeem(apiKey, code, { amount: 1_000, orderRef: '#storm' }, 'storm-1')),
    );
    const served = answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value] : []));
    expect(served.length).toBeGreaterThan(0);
    expect(new Set(served.map((answer) => answer.redemptionId)).size).toBe(1);
    for (const answer of answers) if (answer.status === 'rejected') expect(answer.reason).toBeInstanceOf(ConflictError);
    const voucher = (await payouts.getVoucher(code))!;
    expect(voucher).toMatchObject({ balance: 10_500 });
    expect(voucher.redemptions).toHaveLength(1);
  });

  it('answers a repeated key with the first redemption, and the key with another amount with 422, also after the first', async () => {
    const { apiKey } = await keys.create('demo', 'checkout');
    const code = await aVoucherCode();
    const first = await shop().redeem(apiKey, code, { amount: 100, orderRef: '#1' }, 'K');
    await expect(shop().redeem(apiKey, code, { amount: 200, orderRef: '#1' }, 'K')).rejects.toBeInstanceOf(UnprocessableError);
    expect(await shop().redeem(apiKey, code, { amount: 100, orderRef: '#1' }, 'K')).toEqual(first);
    expect(await shop().lookup(apiKey, code)).toMatchObject({ balance: 11_400 });
  });

  it("keeps each shop key's Idempotency-Keys apart: the same key from a second shop of the brand is its own redemption", async () => {
    const first = await keys.create('demo', 'shop one');
    const second = await keys.create('demo', 'shop two');
    const code = await aVoucherCode();
    const mine = await shop().redeem(first.apiKey, code, { amount: 500, orderRef: '#1001' }, 'order-1001');
    const theirs = await shop().redeem(second.apiKey, code, { amount: 500, orderRef: '#1001' }, 'order-1001');
    expect(theirs.redemptionId).not.toBe(mine.redemptionId);
    expect(theirs).toMatchObject({ balance: 10_500 });
    // Each shop's retry is answered with its own redemption, and spends nothing more.
    expect(await shop().redeem(first.apiKey, code, { amount: 500, orderRef: '#1001' }, 'order-1001')).toEqual(mine);
    expect(await shop().redeem(second.apiKey, code, { amount: 500, orderRef: '#1001' }, 'order-1001')).toEqual(theirs);
    const voucher = (await payouts.getVoucher(code))!;
    expect(voucher.balance).toBe(10_500);
    expect(voucher.redemptions.map((redemption) => redemption.redemptionId)).toEqual([mine.redemptionId, theirs.redemptionId]);
  });

  it('redeems each of two vouchers once when one order pays with both under one Idempotency-Key', async () => {
    const { apiKey } = await keys.create('demo', 'checkout');
    const [one, two] = [await aVoucherCode(), await aVoucherCode()];
    const first = await shop().redeem(apiKey, one, { amount: 11_500, orderRef: '#2002' }, 'order-2002');
    const second = await shop().redeem(apiKey, two, { amount: 3_000, orderRef: '#2002' }, 'order-2002');
    expect(second.redemptionId).not.toBe(first.redemptionId);
    expect(await shop().redeem(apiKey, two, { amount: 3_000, orderRef: '#2002' }, 'order-2002')).toEqual(second);
    expect([(await payouts.getVoucher(one))!.balance, (await payouts.getVoucher(two))!.balance]).toEqual([0, 8_500]);
  });

  it('replays the first redemption even when the rest of the balance no longer covers the amount', async () => {
    const { apiKey } = await keys.create('demo', 'checkout');
    const code = await aVoucherCode();
    const first = await shop().redeem(apiKey, code, { amount: 11_500, orderRef: '#all' }, 'all-of-it');
    expect(await shop().redeem(apiKey, code, { amount: 11_500, orderRef: '#all' }, 'all-of-it')).toEqual(first);
  });

  it('redeems twice without an Idempotency-Key: each request is its own redemption', async () => {
    const { apiKey } = await keys.create('demo', 'checkout');
    const code = await aVoucherCode();
    const [one, two] = await Promise.all([shop().redeem(apiKey, code, { amount: 100, orderRef: '#1' }), shop().redeem(apiKey, code, { amount: 100, orderRef: '#1' })]);
    expect(one.redemptionId).not.toBe(two.redemptionId);
    expect(await shop().lookup(apiKey, code)).toMatchObject({ balance: 11_300 });
  });

  it('refuses more than the balance, another currency and an expired voucher with 409', async () => {
    const { apiKey } = await keys.create('demo', 'checkout');
    const code = await aVoucherCode();
    await expect(shop().redeem(apiKey, code, { amount: 11_501, orderRef: '#1' })).rejects.toMatchObject({ status: 409, extensions: { balance: 11_500 } });
    await expect(shop().redeem(apiKey, code, { amount: 100, orderRef: '#1', currency: 'CHF' })).rejects.toBeInstanceOf(ConflictError);
    clock = new Date('2029-11-04T00:00:00.000Z');
    await expect(shop().redeem(apiKey, code, { amount: 100, orderRef: '#1' })).rejects.toMatchObject({ status: 409, extensions: { expiresAt: '2029-11-03T23:59:59.999Z' } });
    expect(await shop().lookup(apiKey, code)).toMatchObject({ status: 'EXPIRED', balance: 11_500 });
    clock = new Date('2026-11-04T10:00:00.000Z');
  });

  it("knows no voucher of another brand, as if it did not exist", async () => {
    const { apiKey } = await keys.create(`other-${newId().toLowerCase()}`, 'checkout');
    const code = await aVoucherCode();
    await expect(shop().lookup(apiKey, code)).rejects.toBeInstanceOf(NotFoundError);
    await expect(shop().redeem(apiKey, code, { amount: 1, orderRef: '#1' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a missing, unknown or revoked key with 401', async () => {
    const code = await aVoucherCode();
    await expect(shop().lookup(undefined, code)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(shop().lookup('krlf_not-a-key', code)).rejects.toBeInstanceOf(UnauthenticatedError);
    const { apiKey, keyId } = await keys.create('demo', 'old checkout');
    await keys.revoke('demo', keyId);
    await expect(new VoucherService({ payouts, apiKeys: checking(() => new Date(clock.getTime() + 60_000)), now, newId }).lookup(apiKey, code)).rejects.toBeInstanceOf(
      UnauthenticatedError,
    );
  });

  it('never takes a stored key that does not parse or is another key: the brand configuration gone bad, for the shop and the list', async () => {
    const brand = `b-${newId().toLowerCase()}`;
    const good = await keys.create(brand, 'checkout');
    const spoiled = await keys.create(brand, 'old checkout');
    const code = await aVoucherCode();
    const doc = DynamoDBDocumentClient.from(client);
    const hashOf = (apiKey: string) => createHash('sha256').update(apiKey).digest('hex');
    const item = async (apiKey: string) => (await doc.send(new GetCommand({ TableName: tableName, Key: apiKeyKey(hashOf(apiKey)) }))).Item!;
    // Written by hand: the brand's name gone wrong.
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...(await item(spoiled.apiKey)), brand: 'Not A Slug' } }));

    const refused = await shop().lookup(spoiled.apiKey, code).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BrandConfigUnreadableError);
    expect((refused as BrandConfigUnreadableError).problems).toEqual([`API key ${spoiled.keyId}: brand: must be a brand slug (a-z, 0-9, -)`]);
    const listed = await keys.list(brand).catch((error: unknown) => error);
    expect(listed).toBeInstanceOf(BrandConfigUnreadableError);
    expect((listed as BrandConfigUnreadableError).problems).toEqual([`API key ${spoiled.keyId}: brand: must be a brand slug (a-z, 0-9, -)`]);

    // Another key's record under this key's hash.
    await doc.send(new PutCommand({ TableName: tableName, Item: { ...(await item(spoiled.apiKey)), brand, keyHash: hashOf(good.apiKey) } }));
    const mismatched = await shop().lookup(spoiled.apiKey, code).catch((error: unknown) => error);
    expect((mismatched as BrandConfigUnreadableError).problems).toEqual([`API key ${spoiled.keyId}: keyHash: is not the hash the key was found by`]);
    // The good key still works.
    await keys.revoke(brand, spoiled.keyId);
    expect(await keys.list(brand)).toEqual({ apiKeys: [{ keyId: good.keyId, name: 'checkout', createdAt: good.createdAt }] });
  });

  it("stores only a hash of a key and lists a brand's keys without them", async () => {
    const brand = `b-${newId().toLowerCase()}`;
    const created = await keys.create(brand, 'checkout');
    expect(created.apiKey).toMatch(/^krlf_[A-Za-z0-9_-]{43}$/);
    expect(await keys.list(brand)).toEqual({ apiKeys: [{ keyId: created.keyId, name: 'checkout', createdAt: created.createdAt }] });
    await expect(keys.revoke(`other-${newId().toLowerCase()}`, created.keyId)).rejects.toBeInstanceOf(NotFoundError);
  });
});
