import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbApiKeyLookup, DynamoDbApiKeyStore } from '../../shared/adapters/dynamodb/api-key-store';
import type { DynamoDbTakeBackStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPayoutExportStore } from '../../shared/adapters/dynamodb/payout-export-store';
import { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { ConflictError } from '../../shared/domain/errors';
import { ApiKeyAuthentication, ApiKeys } from '../../shared/services/api-keys';
import { BankPayoutExports } from '../../shared/services/bank-payout-exports';
import { PayoutSettlement } from '../../shared/services/payout-settlement';
import { newId } from '../../shared/services/tokens';
import { VoucherService } from '../../shared/services/voucher-service';
import { aGradedPassport, aPayoutTable, aRecordingVoucherIssuer, bankAccounts, memoryBlobs } from '../support/payouts';
import { changedAfterFirstCall } from '../support/racing-store';
import { answerLostOnce, localDynamoDb } from '../support/table';

const now = () => new Date();

describe('payouts under retries, duplicate events and races (DynamoDB Local)', () => {
  let store: DynamoDbTakeBackStore;
  let payouts: DynamoDbPayoutStore;
  let exportStore: DynamoDbPayoutExportStore;
  let tableName: string;
  const issuer = aRecordingVoucherIssuer();
  const { issued } = issuer;
  const settlement = () => new PayoutSettlement({ store, payouts, issuerFor: async () => issuer, now, newId, randomBytes });

  beforeAll(async () => {
    ({ store, payouts, exportStore, tableName } = await aPayoutTable(localDynamoDb(inject('dynamodbEndpoint'))));
  });

  const typesOf = async (passportId: string) => (await store.getTimeline(passportId)).map((event) => event.type);

  it('issues one voucher when the issuing event is delivered five times at once', async () => {
    const passport = await aGradedPassport(store);

    const outcomes = await Promise.all(Array.from({ length: 5 }, () => settlement().settle(passport.id)));

    expect(outcomes.filter((o) => o.outcome === 'VOUCHER_ISSUED')).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.payoutId)).size).toBe(1);
    expect((await typesOf(passport.id)).filter((type) => type === 'VoucherIssued')).toHaveLength(1);
    const payout = await payouts.getPayout(passport.id);
    expect(payout).toMatchObject({ status: 'ISSUED', method: 'VOUCHER' });
    expect(await payouts.getVoucher(payout!.voucher!.code)).toMatchObject({ balance: payout!.amount.amount, passportId: passport.id });
    // Every attempt offered the issuer the same voucher, so an issuer with codes of its own cannot duplicate it.
    expect(new Set(issued.filter((v) => v.voucherId === payout!.voucher!.voucherId).map((v) => v.code))).toEqual(new Set([payout!.voucher!.code]));
  });

  it('issues nothing more when the event comes again later', async () => {
    const passport = await aGradedPassport(store);
    await settlement().settle(passport.id);
    for (let i = 0; i < 5; i++) expect((await settlement().settle(passport.id)).outcome).toBe('SETTLED_BEFORE');
    expect((await typesOf(passport.id)).filter((type) => type === 'VoucherIssued')).toHaveLength(1);
  });

  it('pays the brand bonuses for smartphones and vouchers, and returning customers a little more', async () => {
    const email = `returning.${newId()}@example.org`;
    const first = await aGradedPassport(store, { payout: 14_900, email });
    await settlement().settle(first.id);
    const second = await aGradedPassport(store, { payout: 14_900, email });
    await settlement().settle(second.id);

    // 149.00 + 5.00 smartphone + 14.90 voucher (10 %), and 4.47 (3 %) for the returning customer.
    expect((await payouts.getPayout(first.id))?.amount).toEqual({ amount: 14_900 + 500 + 1_490, currency: 'EUR' });
    expect(await payouts.getPayout(second.id)).toMatchObject({ segment: 'RETURNING', amount: { amount: 14_900 + 500 + 447 + 1_490 } });
  });

  it('counts a customer writing their address with a +tag as the customer they are: returning, with no second new-customer bonus', async () => {
    // Until 7 December 2026 each +tag was a new customer of its own (the take-backs were counted per address, not per mailbox).
    const mailbox = `tagged.${newId()}`;
    const first = await aGradedPassport(store, { payout: 14_900, email: `${mailbox}@example.org` });
    await settlement().settle(first.id);
    const second = await aGradedPassport(store, { payout: 14_900, email: `${mailbox.toUpperCase()}+shop2@Example.org` });
    await settlement().settle(second.id);

    expect((await payouts.getPayout(first.id))?.segment).toBe('NEW');
    expect(await payouts.getPayout(second.id)).toMatchObject({ segment: 'RETURNING', amount: { amount: 14_900 + 500 + 447 + 1_490 } });
  });

  it("pays a customer's first payout as their first while their other take-backs are only requested, and the next as returning", async () => {
    const email = `requested.${newId()}@example.org`;
    // As a take-back request lists each under its customer: the payouts count in the same partition.
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => aGradedPassport(store, { email, indexed: true })));

    expect((await settlement().settle(first!.id)).outcome).toBe('VOUCHER_ISSUED');
    expect((await payouts.getPayout(first!.id))?.segment).toBe('NEW');
    expect((await payouts.getPayout(first!.id))?.breakdown.map((line) => line.label)).not.toContain('Segment RETURNING bonus');
    await settlement().settle(second!.id);
    await settlement().settle(third!.id);
    expect([(await payouts.getPayout(second!.id))?.segment, (await payouts.getPayout(third!.id))?.segment]).toEqual(['RETURNING', 'RETURNING']);
  });

  it('pays a take-back as returning when the customer\'s first was settled between its count and its write', async () => {
    for (const firstByBank of [false, true]) {
      const email = `racing.${newId()}@example.org`;
      const first = await aGradedPassport(store, { email, bankTransfer: firstByBank });
      const second = await aGradedPassport(store, { email, bankTransfer: !firstByBank });
      // The first is settled in full right after the second counted the customer's earlier take-backs (none).
      const { racing, changed } = changedAfterFirstCall(payouts, 'countPaidTakeBacks', () => settlement().settle(first.id), (_brand, _hash, id) => id === second.id);

      await new PayoutSettlement({ store, payouts: racing, issuerFor: async () => issuer, now, newId, randomBytes }).settle(second.id);

      expect(changed()).toBe(true);
      expect((await payouts.getPayout(first.id))?.segment).toBe('NEW');
      expect(await payouts.getPayout(second.id)).toMatchObject({ segment: 'RETURNING', breakdown: expect.arrayContaining([{ label: 'Segment RETURNING bonus', amount: 447 }]) });
    }
  });

  it('pays exactly one of a customer\'s take-backs as their first when eight are settled at once', async () => {
    const email = `storm.${newId()}@example.org`;
    // Listed under their customer as take-back requests list them, in the partition the count reads.
    const passports = await Promise.all(Array.from({ length: 8 }, (_, i) => aGradedPassport(store, { email, bankTransfer: i % 2 === 0, indexed: true })));

    const outcomes = await Promise.all(passports.map((passport) => settlement().settle(passport.id)));

    expect(outcomes.map((o) => o.outcome).sort()).toEqual([...Array(4).fill('BANK_PAYOUT_QUEUED'), ...Array(4).fill('VOUCHER_ISSUED')]);
    const segments = await Promise.all(passports.map(async (passport) => (await payouts.getPayout(passport.id))?.segment));
    expect(segments.filter((segment) => segment === 'NEW')).toHaveLength(1);
    expect(segments.filter((segment) => segment === 'RETURNING')).toHaveLength(7);
  });

  it('never spends more than the balance when 20 redemptions of one voucher race', async () => {
    const passport = await aGradedPassport(store, { payout: 9_000 });
    await settlement().settle(passport.id);
    const { voucher, amount } = (await payouts.getPayout(passport.id))!;
    const keys = new ApiKeys({ keys: new DynamoDbApiKeyStore(tableName, localDynamoDb(inject('dynamodbEndpoint'))), now, newId, randomBytes });
    const { apiKey } = await keys.create('demo', 'checkout');
    const shop = new VoucherService({ payouts, apiKeys: new ApiKeyAuthentication({ keys: new DynamoDbApiKeyLookup(tableName, localDynamoDb(inject('dynamodbEndpoint'))), now }), now, newId });
    const spend = 1_000;

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => shop.redeem(apiKey, voucher!.code, { amount: spend, orderRef: `order-${i}` })),
    );

    const served = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(served).toHaveLength(Math.floor(amount.amount / spend));
    expect(refused.every((r) => r.reason instanceof ConflictError)).toBe(true);
    const after = await payouts.getVoucher(voucher!.code);
    expect(after!.balance).toBe(amount.amount - served.length * spend);
    expect(after!.balance).toBeGreaterThanOrEqual(0);
    expect(after!.redemptions.reduce((sum, r) => sum + r.amount, 0)).toBe(served.length * spend);
  });

  it('puts every bank payout into exactly one export when two exports race, and writes one event each', async () => {
    const queued = await Promise.all(Array.from({ length: 6 }, () => aGradedPassport(store, { bankTransfer: true, payout: 10_000 })));
    for (const passport of queued) expect((await settlement().settle(passport.id)).outcome).toBe('BANK_PAYOUT_QUEUED');
    const blobs = memoryBlobs();
    const exporter = () => new BankPayoutExports({ store, payouts: exportStore, blobs, bankAccounts, now, newId });

    const results = await Promise.allSettled([exporter().create('demo', undefined, 'https://api.test'), exporter().create('demo', undefined, 'https://api.test')]);

    const exported = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.payouts.map((p) => p.passportId) : []));
    const ours = exported.filter((id) => queued.some((p) => p.id === id));
    expect(ours.sort()).toEqual(queued.map((p) => p.id).sort());
    expect(new Set(exported).size).toBe(exported.length);
    for (const passport of queued) {
      expect((await typesOf(passport.id)).filter((type) => type === 'BankPayoutExported')).toHaveLength(1);
      expect(await payouts.getPayout(passport.id)).toMatchObject({ status: 'EXPORTED' });
    }
  });

  it('refuses to claim a payout an export has claimed already', async () => {
    const passport = await aGradedPassport(store, { bankTransfer: true });
    await settlement().settle(passport.id);
    const payout = (await payouts.getPayout(passport.id))!;
    const event = (exportId: string) => ({ type: 'BankPayoutExported' as const, data: { payoutId: payout.payoutId, exportId } });

    const [first, second] = await Promise.all(
      [newId(), newId()].map((exportId) => exportStore.claimForExport(payout, exportId, event(exportId), new Date().toISOString())),
    );

    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect((await typesOf(passport.id)).filter((type) => type === 'BankPayoutExported')).toHaveLength(1);
  });

  it('answers with the export when the answer to its completion was lost and the SDK sent it again', async () => {
    const passport = await aGradedPassport(store, { bankTransfer: true, payout: 3_100 });
    await settlement().settle(passport.id);
    // The completing write (status READY) lands, its answer is lost, the SDK sends it again and finds the export no longer OPEN.
    const lossy = answerLostOnce(inject('dynamodbEndpoint'), 'PutItem', (input) => (input.Item as { status?: { S?: string } } | undefined)?.status?.S === 'READY');
    const exporter = new BankPayoutExports({ store, payouts: new DynamoDbPayoutExportStore(tableName, lossy.client), blobs: memoryBlobs(), bankAccounts, now, newId });

    const created = await exporter.create('demo', undefined, 'https://api.test');

    expect(lossy.sent()).toBe(2);
    expect(created.payouts.map((p) => p.passportId)).toContain(passport.id);
    expect(await exportStore.getExport('demo', created.exportId)).toMatchObject({ status: 'READY', count: created.count });
  });

  it('discards an export its request left before claiming anything, and exports the waiting payouts in a new one', async () => {
    const passport = await aGradedPassport(store, { bankTransfer: true, payout: 2_700 });
    await settlement().settle(passport.id);
    const openedAt = new Date();
    const left = newId();
    await exportStore.openExport({ exportId: left, brand: 'demo', createdAt: openedAt.toISOString(), requestedExecutionDate: '2030-01-02', status: 'OPEN' });
    const exporter = new BankPayoutExports({ store, payouts: exportStore, blobs: memoryBlobs(), bankAccounts, now: () => new Date(openedAt.getTime() + 120_000), newId });

    const created = await exporter.create('demo', undefined, 'https://api.test');

    expect(created.exportId).not.toBe(left);
    expect(created.payouts.map((p) => p.passportId)).toContain(passport.id);
    expect(await exportStore.getExport('demo', left)).toMatchObject({ status: 'DISCARDED' });
  });

  it('counts an export finished exactly so as done, and one finished otherwise as not', async () => {
    const exportId = newId();
    const open = { exportId, brand: 'demo', createdAt: new Date().toISOString(), requestedExecutionDate: '2030-01-02', status: 'OPEN' as const };
    await exportStore.openExport(open);
    const ready = { ...open, status: 'READY' as const, fileKey: `exports/payouts/demo/${exportId}.xml`, count: 2, total: { amount: 5_000, currency: 'EUR' }, payouts: [] };

    expect(await exportStore.completeExport(ready)).toBe(true);

    expect(await exportStore.completeExport(ready)).toBe(true);
    expect(await exportStore.completeExport({ ...ready, count: 1, total: { amount: 2_500, currency: 'EUR' } })).toBe(false);
    expect(await exportStore.completeExport({ ...open, status: 'DISCARDED' })).toBe(false);
  });

  it('stops claiming payouts half-way through its lease, so that a slow request never claims into an export another one took over', async () => {
    const queued = await Promise.all(Array.from({ length: 6 }, () => aGradedPassport(store, { bankTransfer: true, payout: 1_500 })));
    for (const passport of queued) expect((await settlement().settle(passport.id)).outcome).toBe('BANK_PAYOUT_QUEUED');
    // A slow request: its clock reads 10 s later at every look, so its claim window (30 s) closes after two claims.
    const openedAt = Date.now();
    let looks = 0;
    const slow = new BankPayoutExports({ store, payouts: exportStore, blobs: memoryBlobs(), bankAccounts, now: () => new Date(openedAt + 10_000 * looks++), newId });

    const first = await slow.create('demo', undefined, 'https://api.test');
    const second = await new BankPayoutExports({ store, payouts: exportStore, blobs: memoryBlobs(), bankAccounts, now, newId }).create('demo', undefined, 'https://api.test');

    expect(first.count).toBe(2);
    expect(second.count).toBe(4);
    const inFiles = [...first.payouts, ...second.payouts].map((p) => p.passportId).sort();
    expect(inFiles).toEqual(queued.map((p) => p.id).sort());
    for (const { exportId, payouts: inFile } of [first, second]) {
      expect(await exportStore.getExport('demo', exportId)).toMatchObject({ status: 'READY', count: inFile.length });
      expect((await exportStore.claimedBy(exportId)).map((p) => p.passportId).sort()).toEqual(inFile.map((p) => p.passportId).sort());
    }
  });

  it('lets a second request wait while an export is being written, and finishes one its request left behind', async () => {
    const passport = await aGradedPassport(store, { bankTransfer: true, payout: 4_200 });
    await settlement().settle(passport.id);
    const payout = (await payouts.getPayout(passport.id))!;
    const openedAt = new Date();
    const exportId = newId();
    await exportStore.openExport({ exportId, brand: 'demo', createdAt: openedAt.toISOString(), requestedExecutionDate: '2030-01-02', status: 'OPEN' });
    await exportStore.claimForExport(payout, exportId, { type: 'BankPayoutExported', data: { payoutId: payout.payoutId, exportId } }, openedAt.toISOString());
    const exporterAt = (at: Date) => new BankPayoutExports({ store, payouts: exportStore, blobs: memoryBlobs(), bankAccounts, now: () => at, newId });

    await expect(exporterAt(new Date(openedAt.getTime() + 5_000)).create('demo', undefined, 'https://api.test')).rejects.toBeInstanceOf(ConflictError);
    const finished = await exporterAt(new Date(openedAt.getTime() + 120_000)).create('demo', undefined, 'https://api.test');

    expect(finished.exportId).toBe(exportId);
    expect(finished.payouts.map((p) => p.passportId)).toContain(passport.id);
    expect((await exportStore.getExport('demo', exportId))?.status).toBe('READY');
  });
});
