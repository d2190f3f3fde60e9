import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { DynamoDbSeedingPassportStore, DynamoDbTakeBackStore } from '../../shared/adapters/dynamodb/passport-store';
import type { DynamoDbPayoutExportStore } from '../../shared/adapters/dynamodb/payout-export-store';
import type { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { ConflictError, UnprocessableError } from '../../shared/domain/errors';
import type { Passport } from '../../shared/domain/passport';
import { BankAccounts } from '../../shared/services/bank-accounts';
import { BankPayoutExports, listPayoutExports } from '../../shared/services/bank-payout-exports';
import { FieldCipher } from '../../shared/services/field-cipher';
import { PayoutSettlement } from '../../shared/services/payout-settlement';
import { newId } from '../../shared/services/tokens';
import { aGradedPassport, aPayoutTable, bankAccounts, damageSealedAccount, memoryBlobs, otherSecretBankAccounts as otherKey } from '../support/payouts';
import { localDynamoDb } from '../support/table';

const now = () => new Date();
const origin = 'https://api.test';

/**
 * A bank payout whose account cannot be opened (altered, or sealed under a platform secret that
 * has changed) must not stop the brand's other payouts, and must not be lost: it is set aside once,
 * with a NeedsAttention event, and exported when its account opens again.
 */
describe('bank exports with accounts that do not open (DynamoDB Local)', () => {
  let store: DynamoDbTakeBackStore;
  let payouts: DynamoDbPayoutStore;
  let exportStore: DynamoDbPayoutExportStore;
  let tableName: string;
  const client = localDynamoDb(inject('dynamodbEndpoint'));

  beforeEach(async () => {
    // A table per test: each starts with an empty queue of the demo brand's transfers.
    ({ store, payouts, exportStore, tableName } = await aPayoutTable(client));
  });

  const admin = { subject: 'admin-1', brand: 'demo', roles: ['admin' as const] };
  /** The exports' list: the exports, the transfers set aside, and no payout waiting for a person. */
  const listDeps = () => ({ payouts: exportStore, attention: { awaiting: async () => [] } });
  const exporter = (accounts = bankAccounts, blobs = memoryBlobs(), clock = now) => new BankPayoutExports({ store, payouts: exportStore, blobs, bankAccounts: accounts, now: clock, newId });
  const typesOf = async (passportId: string) => (await store.getTimeline(passportId)).map((event) => event.type);

  /** A graded take-back paid by bank transfer, its payout QUEUED; `unreadable` seals its account under another secret. */
  async function aQueuedTransfer(unreadable = false): Promise<Passport> {
    const passport = await aGradedPassport(store, { bankTransfer: unreadable ? 'unreadable' : true });
    const settled = await new PayoutSettlement({ store, payouts, issuerFor: async () => ({ kind: 'kreislauf', issue: async () => ({}) }), now, newId, randomBytes }).settle(passport.id);
    expect(settled.outcome).toBe('BANK_PAYOUT_QUEUED');
    return passport;
  }

  it('exports the readable transfers and sets the unreadable one aside with a NeedsAttention event, once', async () => {
    const readable = [await aQueuedTransfer(), await aQueuedTransfer()];
    const broken = await aQueuedTransfer(true);
    const blobs = memoryBlobs();

    const created = await exporter(bankAccounts, blobs).create('demo', undefined, origin);

    expect(created.payouts.map((p) => p.passportId).sort()).toEqual(readable.map((p) => p.id).sort());
    expect(created.held).toEqual([
      expect.objectContaining({ passportId: broken.id, payoutId: (await payouts.getPayout(broken.id))!.payoutId, reason: expect.stringMatching(/cannot be opened/) }),
    ]);
    const file = new TextDecoder().decode(blobs.objects.get(`exports/payouts/demo/${created.exportId}.xml`)!.body);
    expect(file.match(/<CdtTrfTxInf>/g)).toHaveLength(2);
    expect(file.match(/<EndToEndId>/g)).toHaveLength(2);
    expect(file).not.toContain((await payouts.getPayout(broken.id))!.payoutId);
    expect(await exportStore.getExport('demo', created.exportId)).toMatchObject({ status: 'READY', count: 2, held: [expect.objectContaining({ passportId: broken.id })] });
    expect(await payouts.getPayout(broken.id)).toMatchObject({ status: 'HELD', held: { reason: expect.stringMatching(/cannot be opened/) } });
    expect(await payouts.getPayout(broken.id)).not.toHaveProperty('exportId');
    const heldPayoutId = (await payouts.getPayout(broken.id))!.payoutId;
    // The event says why in English and as facts: the account was sealed for another record (it does not open).
    expect((await store.getTimeline(broken.id)).find((event) => event.type === 'NeedsAttention')?.data).toEqual({
      reason: expect.stringMatching(new RegExp(`^The bank transfer ${heldPayoutId} cannot be exported: its sealed bank account was altered, or sealed for another record or under another secret\\. It is set aside`)),
      basis: { kind: 'PAYOUT_HELD', payoutId: heldPayoutId, problem: 'ALTERED' },
      heldPayoutId,
    });
    expect(await typesOf(broken.id)).not.toContain('BankPayoutExported');

    // The next export finds nothing waiting: the held transfer is named again, neither exported nor flagged again.
    const nothing = await exporter().create('demo', undefined, origin).catch((error: unknown) => error);
    expect(nothing).toBeInstanceOf(ConflictError);
    expect((nothing as ConflictError).extensions).toEqual({ held: [expect.objectContaining({ passportId: broken.id, reason: expect.stringMatching(/cannot be opened/) })] });
    expect((await typesOf(broken.id)).filter((type) => type === 'NeedsAttention')).toHaveLength(1);
    expect(await payouts.getPayout(broken.id)).toMatchObject({ status: 'HELD' });
  });

  it("sets aside a transfer whose holder's name the file cannot carry, and exports the others, one of a product with a long name in umlauts", async () => {
    // 35 × Ä passes the take-back's check (70 characters as the file writes them); 70 × Ä was accepted before it.
    const tooLong = await aGradedPassport(store, { bankTransfer: true, accountHolder: 'Ä'.repeat(70) });
    await new PayoutSettlement({ store, payouts, issuerFor: async () => ({ kind: 'kreislauf', issue: async () => ({}) }), now, newId, randomBytes }).settle(tooLong.id);
    const umlauts = await aGradedPassport(store, {
      bankTransfer: true,
      accountHolder: 'Ä'.repeat(35),
      overrides: { product: { sku: 'DO-PHONE-X2-128', name: `Größe XL für Überkopfmontage, ölbeständig, grün-blau ${'ä'.repeat(60)}`, category: 'smartphone', weightGrams: 192 } },
    });
    await new PayoutSettlement({ store, payouts, issuerFor: async () => ({ kind: 'kreislauf', issue: async () => ({}) }), now, newId, randomBytes }).settle(umlauts.id);
    const plain = await aQueuedTransfer();
    const blobs = memoryBlobs();

    const created = await exporter(bankAccounts, blobs).create('demo', undefined, origin);

    expect(created.payouts.map((p) => p.passportId).sort()).toEqual([umlauts.id, plain.id].sort());
    const heldPayoutId = (await payouts.getPayout(tooLong.id))!.payoutId;
    expect(created.held).toEqual([expect.objectContaining({ passportId: tooLong.id, payoutId: heldPayoutId, reason: expect.stringMatching(/name is longer than the 70 characters/) })]);
    const file = new TextDecoder().decode(blobs.objects.get(`exports/payouts/demo/${created.exportId}.xml`)!.body);
    expect(file).toContain(`<Nm>${'AE'.repeat(35)}</Nm>`);
    const remittance = /<Ustrd>(Demo Outfitters trade-in [^<]*Groesse XL fuer Ueberkopfmontage[^<]*)<\/Ustrd>/.exec(file)?.[1];
    expect(remittance?.length).toBe(140);
    expect(await payouts.getPayout(tooLong.id)).toMatchObject({ status: 'HELD' });
    expect(await typesOf(tooLong.id)).not.toContain('BankPayoutExported');
    expect((await store.getTimeline(tooLong.id)).find((event) => event.type === 'NeedsAttention')?.data).toEqual({
      reason: `The bank transfer ${heldPayoutId} cannot be exported: its account holder's name is longer than the 70 characters a bank file holds (ä written ae, ß ss). It is set aside and goes into the next export once its customer enters the account again on the tracking page, with the name as the bank shortens it.`,
      basis: { kind: 'PAYOUT_HELD', payoutId: heldPayoutId, problem: 'NAME_TOO_LONG' },
      heldPayoutId,
    });
  });

  it("refuses with 422, claiming nothing, an export whose file SEPA's checks would refuse, and exports once the brand's account is put right", async () => {
    const transfers = [await aQueuedTransfer(), await aQueuedTransfer()];
    // An account to pay from saved before the save checked it as the file writes it: 70 letters, 140 once spelled out.
    const catalog = (await store.getCatalog('demo'))!;
    const debtor = catalog.config.payouts!.sepaDebtor!;
    await (store as DynamoDbSeedingPassportStore).putCatalog({ ...catalog, config: { ...catalog.config, payouts: { ...catalog.config.payouts!, sepaDebtor: { ...debtor, name: 'Ö'.repeat(70) } } } });

    const refused = await exporter().create('demo', undefined, origin).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(UnprocessableError);
    expect((refused as UnprocessableError).message).toBe(
      "The bank file cannot be written, so nothing was exported (check the brand's payout settings): debtor.name: At most 70 characters, but this has 140 in the SEPA character set.",
    );
    expect((await exportStore.listExports('demo', 10)).exports).toEqual([]);
    for (const passport of transfers) {
      expect(await payouts.getPayout(passport.id)).toMatchObject({ status: 'QUEUED' });
      expect(await typesOf(passport.id)).not.toContain('BankPayoutExported');
    }

    await (store as DynamoDbSeedingPassportStore).putCatalog(catalog);
    const created = await exporter().create('demo', undefined, origin);
    expect(created.payouts.map((p) => p.passportId).sort()).toEqual(transfers.map((p) => p.id).sort());
  });

  it('answers 422 with the held transfers when none opens, writes no export, and exports them once the key is back', async () => {
    const transfers = [await aQueuedTransfer(), await aQueuedTransfer()];

    const refused = await exporter(otherKey).create('demo', undefined, origin).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(UnprocessableError);
    expect((refused as UnprocessableError).extensions).toMatchObject({ held: expect.arrayContaining(transfers.map((p) => expect.objectContaining({ passportId: p.id }))) });
    expect((await exportStore.listExports('demo', 10)).exports).toEqual([]);
    for (const passport of transfers) expect(await payouts.getPayout(passport.id)).toMatchObject({ status: 'HELD' });
    // The list names them, oldest first, with the reason each was set aside for.
    const listed = await listPayoutExports(listDeps(), admin, { limit: 10 }, origin);
    expect(listed).toEqual({ exports: [], held: transfers.map((p) => expect.objectContaining({ passportId: p.id, reason: expect.stringMatching(/cannot be opened/) })), awaiting: [] });

    const created = await exporter().create('demo', undefined, origin);

    expect(created.payouts.map((p) => p.passportId).sort()).toEqual(transfers.map((p) => p.id).sort());
    expect(created.held).toEqual([]);
    expect(await listPayoutExports(listDeps(), admin, { limit: 10 }, origin)).toMatchObject({ exports: [{ exportId: created.exportId }], held: [] });
    for (const passport of transfers) {
      expect(await payouts.getPayout(passport.id)).toMatchObject({ status: 'EXPORTED', exportId: created.exportId });
      expect(await payouts.getPayout(passport.id)).not.toHaveProperty('held');
      const types = await typesOf(passport.id);
      expect(types.filter((type) => type === 'BankPayoutExported')).toHaveLength(1);
      expect(types.indexOf('NeedsAttention')).toBeLessThan(types.indexOf('BankPayoutExported'));
    }
  });

  it('exports the transfers it puts back in the queue even while the queue index does not show them yet', async () => {
    const transfers = [await aQueuedTransfer(), await aQueuedTransfer()];
    await exporter(otherKey).create('demo', undefined, origin).catch(() => undefined);
    for (const passport of transfers) expect(await payouts.getPayout(passport.id)).toMatchObject({ status: 'HELD' });
    // DynamoDB updates an index after its table (reads of a GSI are eventually consistent; DynamoDB
    // Local's are not): the queue read right after the payouts went back still shows it empty.
    const laggingIndex: DynamoDbPayoutExportStore = Object.assign(Object.create(exportStore) as DynamoDbPayoutExportStore, { queuedBankPayouts: async () => [] });

    const created = await new BankPayoutExports({ store, payouts: laggingIndex, blobs: memoryBlobs(), bankAccounts, now, newId }).create('demo', undefined, origin);

    expect(created.payouts.map((p) => p.passportId).sort()).toEqual(transfers.map((p) => p.id).sort());
    expect(created.held).toEqual([]);
    for (const passport of transfers) expect(await payouts.getPayout(passport.id)).toMatchObject({ status: 'EXPORTED', exportId: created.exportId });
  });

  it('exports each transfer put back once when five exports race while the queue index does not show them yet', async () => {
    const transfers = [await aQueuedTransfer(), await aQueuedTransfer(), await aQueuedTransfer()];
    await exporter(otherKey).create('demo', undefined, origin).catch(() => undefined);
    const laggingIndex: DynamoDbPayoutExportStore = Object.assign(Object.create(exportStore) as DynamoDbPayoutExportStore, { queuedBankPayouts: async () => [] });
    const racing = () => new BankPayoutExports({ store, payouts: laggingIndex, blobs: memoryBlobs(), bankAccounts, now, newId }).create('demo', undefined, origin);

    const answers = await Promise.allSettled(Array.from({ length: 5 }, racing));

    const exported = answers.flatMap((answer) => (answer.status === 'fulfilled' ? answer.value.payouts.map((p) => p.passportId) : []));
    expect(exported.sort()).toEqual(transfers.map((p) => p.id).sort());
    for (const answer of answers) if (answer.status === 'rejected') expect(answer.reason).toBeInstanceOf(ConflictError);
    for (const passport of transfers) {
      expect(await payouts.getPayout(passport.id)).toMatchObject({ status: 'EXPORTED' });
      expect((await typesOf(passport.id)).filter((type) => type === 'BankPayoutExported')).toHaveLength(1);
    }
  });

  it('sets aside a claimed transfer that no longer opens when it takes over an unfinished export, and finishes the export', async () => {
    const [kept, lost] = [await aQueuedTransfer(), await aQueuedTransfer()];
    const openedAt = new Date();
    const exportId = newId();
    await exportStore.openExport({ exportId, brand: 'demo', createdAt: openedAt.toISOString(), requestedExecutionDate: '2030-01-02', status: 'OPEN' });
    for (const passport of [kept, lost]) {
      const payout = (await payouts.getPayout(passport.id))!;
      expect(await exportStore.claimForExport(payout, exportId, { type: 'BankPayoutExported', data: { payoutId: payout.payoutId, exportId } }, openedAt.toISOString())).toBe(true);
    }
    // The lost transfer's account no longer opens (altered in the table after it was claimed).
    await damageSealedAccount(client, tableName, lost.id);

    const finished = await exporter(bankAccounts, memoryBlobs(), () => new Date(openedAt.getTime() + 120_000)).create('demo', undefined, origin);

    expect(finished.exportId).toBe(exportId);
    expect(finished.payouts.map((p) => p.passportId)).toEqual([kept.id]);
    expect(finished.held.map((p) => p.passportId)).toEqual([lost.id]);
    expect(await payouts.getPayout(lost.id)).toMatchObject({ status: 'HELD' });
    expect((await exportStore.claimedBy(exportId)).map((p) => p.passportId)).toEqual([kept.id]);
  });

  it("finishes an export left unfinished after its claim by a holder's name or an account to pay from the file refuses", async () => {
    // The probe's stuck export: claimed with a holder's name that was accepted before the take-back checked it.
    const [kept, tooLong] = [await aQueuedTransfer(), await aGradedPassport(store, { bankTransfer: true, accountHolder: 'Ä'.repeat(70) })];
    await new PayoutSettlement({ store, payouts, issuerFor: async () => ({ kind: 'kreislauf', issue: async () => ({}) }), now, newId, randomBytes }).settle(tooLong.id);
    const openedAt = new Date();
    const exportId = newId();
    await exportStore.openExport({ exportId, brand: 'demo', createdAt: openedAt.toISOString(), requestedExecutionDate: '2030-01-02', status: 'OPEN' });
    for (const passport of [kept, tooLong]) {
      const payout = (await payouts.getPayout(passport.id))!;
      expect(await exportStore.claimForExport(payout, exportId, { type: 'BankPayoutExported', data: { payoutId: payout.payoutId, exportId } }, openedAt.toISOString())).toBe(true);
    }
    // And the brand's account to pay from, saved before the save checked it, is one no file takes.
    const catalog = (await store.getCatalog('demo'))!;
    const debtor = catalog.config.payouts!.sepaDebtor!;
    await (store as DynamoDbSeedingPassportStore).putCatalog({ ...catalog, config: { ...catalog.config, payouts: { ...catalog.config.payouts!, sepaDebtor: { ...debtor, name: 'Ö'.repeat(70) } } } });
    const later = () => new Date(openedAt.getTime() + 120_000);

    const refused = await exporter(bankAccounts, memoryBlobs(), later).create('demo', undefined, origin).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(UnprocessableError);
    expect((refused as UnprocessableError).message).toBe(
      "The bank file cannot be written, so nothing was exported (check the brand's payout settings): debtor.name: At most 70 characters, but this has 140 in the SEPA character set.",
    );
    expect(await exportStore.getExport('demo', exportId)).toMatchObject({ status: 'OPEN' });
    expect((await exportStore.claimedBy(exportId)).map((p) => p.passportId)).toEqual([kept.id]);

    await (store as DynamoDbSeedingPassportStore).putCatalog(catalog);
    const finished = await exporter(bankAccounts, memoryBlobs(), later).create('demo', undefined, origin);

    expect(finished.exportId).toBe(exportId);
    expect(finished.payouts.map((p) => p.passportId)).toEqual([kept.id]);
    // Set aside by the refused attempt already: the list of exports names it, as every transfer set aside.
    expect(await payouts.getPayout(tooLong.id)).toMatchObject({ status: 'HELD' });
    expect((await listPayoutExports(listDeps(), admin, { limit: 10 }, origin)).held.map((p) => p.passportId)).toEqual([tooLong.id]);
  });

  it('sets each unreadable transfer aside exactly once when three exports race', async () => {
    const readable = await Promise.all(Array.from({ length: 4 }, () => aQueuedTransfer()));
    const unreadable = await Promise.all(Array.from({ length: 2 }, () => aQueuedTransfer(true)));
    // And one whose holder's name the file cannot carry (accepted before the take-back checked it): set aside the same way.
    const tooLong = await aGradedPassport(store, { bankTransfer: true, accountHolder: 'Ä'.repeat(70) });
    await new PayoutSettlement({ store, payouts, issuerFor: async () => ({ kind: 'kreislauf', issue: async () => ({}) }), now, newId, randomBytes }).settle(tooLong.id);
    const broken = [...unreadable, tooLong];

    const results = await Promise.allSettled(Array.from({ length: 3 }, () => exporter().create('demo', undefined, origin)));

    const exports = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
    const exported = exports.flatMap((e) => e.payouts.map((p) => p.passportId));
    expect(exported.sort()).toEqual(readable.map((p) => p.id).sort());
    // Each answer names what is set aside, a refused one in its problem; between them, every held transfer.
    const held = results.flatMap((r) => (r.status === 'fulfilled' ? r.value.held : ((r.reason as ConflictError).extensions.held as { passportId: string }[] | undefined) ?? []));
    expect([...new Set(held.map((p) => p.passportId))].sort()).toEqual(broken.map((p) => p.id).sort());
    for (const passport of broken) {
      expect((await typesOf(passport.id)).filter((type) => type === 'NeedsAttention')).toHaveLength(1);
      expect(await payouts.getPayout(passport.id)).toMatchObject({ status: 'HELD' });
    }
  });

  it('sets nothing aside when the platform secret cannot be read, and fails so that the request is retried', async () => {
    const transfer = await aQueuedTransfer();
    const unavailable = new BankAccounts(
      new FieldCipher(async () => {
        throw new Error('Secrets Manager is unavailable');
      }),
    );

    await expect(exporter(unavailable).create('demo', undefined, origin)).rejects.toThrow('Secrets Manager is unavailable');

    expect(await payouts.getPayout(transfer.id)).toMatchObject({ status: 'QUEUED' });
    expect(await typesOf(transfer.id)).not.toContain('NeedsAttention');
    expect((await exporter().create('demo', undefined, origin)).payouts.map((p) => p.passportId)).toEqual([transfer.id]);
  });
});
