import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startShopifySandbox } from '../../local/sandboxes/shopify/sandbox';
import { demoBrand } from '../../local/seed/demo-brand';
import type { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import type { DynamoDbPayoutExportStore } from '../../shared/adapters/dynamodb/payout-export-store';
import type { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import type { Passport } from '../../shared/domain/passport';
import { OwnVoucherCodes } from '../../shared/adapters/dynamodb/own-voucher-codes';
import { PayoutSettlement } from '../../shared/services/payout-settlement';
import { newId, trackingTokenFor } from '../../shared/services/tokens';
import { BankPayoutExports } from '../../shared/services/bank-payout-exports';
import { UnprocessableError } from '../../shared/domain/errors';
import { type KillHarness, startKillHarness } from '../support/kill-harness';
import type { PayoutWorkerConfig } from '../support/payout-worker';
import { aGradedPassport, aPayoutTable, bankAccounts, JEANS, memoryBlobs } from '../support/payouts';
import { localDynamoDb } from '../support/table';

// Exactly-once payouts under kill -9, with `tests/support/kill-harness.ts`: the payout step and the
// bank export run in a worker process (`tests/support/payout-worker.ts`) that is killed with SIGKILL
// at the answer of its n-th write, to DynamoDB Local or the brand's Shopify shop, again and again,
// until a worker finishes; each new worker settles them all again, as the workflow's retries would,
// and asks for exports again, a minute after the one before.

const ROOT = resolve(__dirname, '../..');
const TRACKING_SECRET = 'the-tracking-secret-of-the-payout-crash-test';

describe('payouts when the payout step is killed with SIGKILL again and again', () => {
  const dynamodbEndpoint = inject('dynamodbEndpoint');
  const client = localDynamoDb(dynamodbEndpoint);
  let store: DynamoDbSeedingPassportStore;
  let payouts: DynamoDbPayoutStore;
  let exportStore: DynamoDbPayoutExportStore;
  let tableName: string;
  let harness: KillHarness;
  let shop: Awaited<ReturnType<typeof startShopifySandbox>>;

  beforeAll(async () => {
    [harness, shop, { store, payouts, exportStore, tableName }] = await Promise.all([
      startKillHarness(join(ROOT, 'tests/support/payout-worker.ts')),
      startShopifySandbox(),
      aPayoutTable(client),
    ]);
  });
  afterAll(async () => {
    await Promise.all([harness?.stop(), shop?.stop()]);
  });

  it('issues each voucher once at the shop and on the ledger, queues each bank transfer once, and pays one take-back per customer as their first', async () => {
    const shopApi = `${await harness.proxyTo(shop.origin, 'shopify')}${new URL(shop.adminApiUrl).pathname}`;
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, payouts: { ...demoBrand.config.payouts!, voucherIssuer: { kind: 'shopify', adminApiUrl: shopApi } } } });
    // Two customers with two take-backs each, one of them paid by bank transfer.
    const customers = ['anna', 'ben'].map((name) => `${name}+${Date.now()}@example.org`);
    const passports: Passport[] = [];
    for (const email of customers) {
      passports.push(await aGradedPassport(store, { email, payout: 12_000 }), await aGradedPassport(store, { email, payout: 8_000, bankTransfer: true }));
    }
    passports.push(await aGradedPassport(store, { payout: 5_000 }), await aGradedPassport(store, { payout: 6_000 }));
    // Two whose grading left nothing to pay: settled once, without a voucher or a transfer, whatever was killed.
    const nothingToPay = [
      await aGradedPassport(store, { payout: 0, overrides: { product: JEANS } }),
      await aGradedPassport(store, { payout: 0, bankTransfer: true, overrides: { product: JEANS } }),
    ];
    const config: PayoutWorkerConfig = {
      dynamodbEndpoint: await harness.proxyTo(dynamodbEndpoint, 'DynamoDB'),
      tableName,
      shopifyAdminApiUrl: shopApi,
      // Those with nothing to pay first: the first workers are killed at their settlements' transactions.
      settle: [...nothingToPay, ...passports].map(({ id }) => id),
      folder: harness.home,
    };

    const kills = await harness.killedUntilFinished(config);

    // The kills hit the voucher's reservation and issue, the bank transfer's transaction and the shop.
    expect(kills.length, kills.join(', ')).toBeGreaterThanOrEqual(5);
    expect(kills, kills.join(', ')).toContain('DynamoDB TransactWriteItems');
    expect(kills.some((at) => at.startsWith('shopify')), kills.join(', ')).toBe(true);
    const ledgers = new DynamoDbRepairNetworkStore(tableName, store, client);
    for (const passport of passports) {
      const payout = (await payouts.getPayout(passport.id))!;
      const timeline = (await store.getTimeline(passport.id)).map((event) => event.type);
      expect((await ledgers.ledgerOf(passport.id)).filter((line) => line.kind === 'PAYOUT'), passport.id).toHaveLength(1);
      if (passport.payout.method === 'BANK_TRANSFER') {
        expect(payout.status, passport.id).toBe('QUEUED');
        expect(timeline.filter((type) => type === 'BankPayoutQueued'), passport.id).toHaveLength(1);
      } else {
        expect(payout.status, passport.id).toBe('ISSUED');
        expect(timeline.filter((type) => type === 'VoucherIssued'), passport.id).toHaveLength(1);
        // One discount at the shop, under the code the customer was given.
        expect(shop.discounts().filter((discount) => discount.title.includes(payout.voucher!.voucherId)).map(({ code }) => code), passport.id).toEqual([payout.voucher!.code]);
        expect(await payouts.getVoucher(payout.voucher!.code), passport.id).toMatchObject({ balance: payout.amount.amount });
      }
    }
    for (const passport of nothingToPay) {
      const payout = (await payouts.getPayout(passport.id))!;
      expect(payout, passport.id).toMatchObject({ status: 'NOTHING_TO_PAY', amount: { amount: 0 } });
      expect(payout.voucher, passport.id).toBeUndefined();
      const timeline = (await store.getTimeline(passport.id)).map((event) => event.type);
      expect(timeline.filter((type) => type === 'SettledWithoutPayout'), passport.id).toHaveLength(1);
      expect(timeline.filter((type) => ['VoucherIssued', 'BankPayoutQueued'].includes(type)), passport.id).toEqual([]);
      expect((await ledgers.ledgerOf(passport.id)).filter((line) => line.kind === 'PAYOUT'), passport.id).toEqual([]);
      expect(shop.discounts().filter((discount) => discount.title.includes(payout.payoutId)), passport.id).toEqual([]);
    }
    for (const email of customers) {
      const theirs = await Promise.all(passports.filter((passport) => passport.customer.email === email).map((passport) => payouts.getPayout(passport.id)));
      expect(theirs.map((payout) => payout!.segment).sort(), email).toEqual(['NEW', 'RETURNING']);
    }
  }, 300_000);

  it('exports each queued bank payout in exactly one SEPA file, sets each whose account does not open aside once, and leaves no export unfinished', async () => {
    const bankPassports = await Promise.all(Array.from({ length: 6 }, (_, index) => aGradedPassport(store, { payout: 1_000 + index, bankTransfer: true })));
    // Two whose accounts were sealed under another platform secret, queued between the others.
    const unreadable = await Promise.all(Array.from({ length: 2 }, (_, index) => aGradedPassport(store, { payout: 2_000 + index, bankTransfer: 'unreadable' })));
    const settlement = new PayoutSettlement({ store, payouts, issuerFor: async () => new OwnVoucherCodes(), now: () => new Date(), newId, randomBytes });
    for (const passport of [...bankPassports.slice(0, 3), ...unreadable, ...bankPassports.slice(3)]) {
      expect((await settlement.settle(passport.id)).outcome).toBe('BANK_PAYOUT_QUEUED');
    }
    const config: PayoutWorkerConfig = {
      dynamodbEndpoint: await harness.proxyTo(dynamodbEndpoint, 'DynamoDB'),
      tableName,
      shopifyAdminApiUrl: shop.adminApiUrl,
      settle: [],
      exportBrand: 'demo',
      folder: harness.home,
    };

    const kills = await harness.killedUntilFinished(config);

    // The kills hit the export's opening and finishing puts and the payouts' claims.
    expect(kills.length, kills.join(', ')).toBeGreaterThanOrEqual(5);
    expect(kills, kills.join(', ')).toContain('DynamoDB PutItem');
    expect(kills, kills.join(', ')).toContain('DynamoDB TransactWriteItems');
    expect(await exportStore.queuedBankPayouts('demo', 100)).toEqual([]);
    expect(await exportStore.unfinishedExports('demo')).toEqual([]);
    const exported = (await exportStore.listExports('demo', 100)).exports;
    const inExports = exported.flatMap((ready) => ready.payouts!.map(({ passportId }) => ({ passportId, exportId: ready.exportId })));
    for (const passport of bankPassports) {
      const payout = (await payouts.getPayout(passport.id))!;
      expect(inExports.filter(({ passportId }) => passportId === passport.id), passport.id).toEqual([{ passportId: passport.id, exportId: payout.exportId }]);
      expect(payout.status, passport.id).toBe('EXPORTED');
      expect((await store.getTimeline(passport.id)).filter((event) => event.type === 'BankPayoutExported'), passport.id).toHaveLength(1);
    }
    // Each file pays exactly its export's payouts.
    for (const ready of exported) {
      const file = readFileSync(join(harness.home, ready.fileKey!), 'utf8');
      const paid = [...file.matchAll(/<EndToEndId>([^<]+)<\/EndToEndId>/g)].map((match) => match[1]).sort();
      expect(paid, ready.exportId).toEqual(ready.payouts!.map(({ payoutId }) => payoutId).sort());
    }
    // The two that do not open are in no file, held once each, with one NeedsAttention event each.
    for (const passport of unreadable) {
      const payout = (await payouts.getPayout(passport.id))!;
      const timeline = (await store.getTimeline(passport.id)).map((event) => event.type);
      expect(payout.status, passport.id).toBe('HELD');
      expect(inExports.filter(({ passportId }) => passportId === passport.id), passport.id).toEqual([]);
      expect(timeline.filter((type) => type === 'NeedsAttention'), passport.id).toHaveLength(1);
      expect(timeline, passport.id).not.toContain('BankPayoutExported');
    }
    expect((await exportStore.heldBankPayouts('demo', 100)).map((payout) => payout.passportId).sort()).toEqual(unreadable.map((passport) => passport.id).sort());
  }, 300_000);

  it('queues a held transfer once with the account its customer entered again, and exports it once to that account', async () => {
    const held = await Promise.all(Array.from({ length: 2 }, (_, index) => aGradedPassport(store, { payout: 3_000 + index, bankTransfer: 'unreadable' })));
    const settlement = new PayoutSettlement({ store, payouts, issuerFor: async () => new OwnVoucherCodes(), now: () => new Date(), newId, randomBytes });
    for (const passport of held) expect((await settlement.settle(passport.id)).outcome).toBe('BANK_PAYOUT_QUEUED');
    // An export sets them aside (with those the test before left held, nothing else waits: 422).
    await new BankPayoutExports({ store, payouts: exportStore, blobs: memoryBlobs(), bankAccounts, now: () => new Date(), newId })
      .create('demo', undefined, 'https://api.test')
      .catch((error: unknown) => expect(error).toBeInstanceOf(UnprocessableError));
    for (const passport of held) expect(await payouts.getPayout(passport.id)).toMatchObject({ status: 'HELD' });
    const accounts = ['DE75512108001245126199', 'DE12500105170648489890'];
    const config: PayoutWorkerConfig = {
      dynamodbEndpoint: await harness.proxyTo(dynamodbEndpoint, 'DynamoDB'),
      tableName,
      shopifyAdminApiUrl: shop.adminApiUrl,
      settle: [],
      reenter: held.map((passport, index) => ({
        passportId: passport.id,
        token: trackingTokenFor(passport.id, TRACKING_SECRET),
        iban: accounts[index]!,
        accountHolder: 'Erika Mustermann',
      })),
      trackingSecret: TRACKING_SECRET,
      exportBrand: 'demo',
      folder: harness.home,
    };

    const kills = await harness.killedUntilFinished(config);

    // The kills hit the accounts' replacements and the export's writes.
    expect(kills.length, kills.join(', ')).toBeGreaterThanOrEqual(3);
    expect(kills, kills.join(', ')).toContain('DynamoDB TransactWriteItems');
    const exported = (await exportStore.listExports('demo', 100)).exports;
    for (const [index, passport] of held.entries()) {
      const payout = (await payouts.getPayout(passport.id))!;
      const timeline = (await store.getTimeline(passport.id)).map((event) => event.type);
      expect(payout.status, passport.id).toBe('EXPORTED');
      expect(timeline.filter((type) => type === 'BankAccountReplaced'), passport.id).toHaveLength(1);
      expect(timeline.filter((type) => type === 'BankPayoutExported'), passport.id).toHaveLength(1);
      const paidIn = exported.filter((ready) => ready.payouts!.some(({ passportId }) => passportId === passport.id));
      expect(paidIn.map((ready) => ready.exportId), passport.id).toEqual([payout.exportId]);
      // Its file pays the account entered again.
      const file = readFileSync(join(harness.home, paidIn[0]!.fileKey!), 'utf8');
      const block = [...file.matchAll(/<CdtTrfTxInf>([\s\S]*?)<\/CdtTrfTxInf>/g)].map((match) => match[1]!).find((tx) => tx.includes(payout.payoutId));
      expect(block, passport.id).toContain(`<IBAN>${accounts[index]}</IBAN>`);
    }
  }, 300_000);
});
