import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import type { DynamoDbTakeBackStore } from '../../shared/adapters/dynamodb/passport-store';
import type { DynamoDbPayoutExportStore } from '../../shared/adapters/dynamodb/payout-export-store';
import type { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { ConflictError, NotFoundError } from '../../shared/domain/errors';
import type { Passport } from '../../shared/domain/passport';
import { BankAccountReentry } from '../../shared/services/bank-account-reentry';
import { BankPayoutExports } from '../../shared/services/bank-payout-exports';
import { PayoutSettlement } from '../../shared/services/payout-settlement';
import { newId, trackingTokenFor } from '../../shared/services/tokens';
import { aGradedPassport, aPayoutTable, bankAccounts, memoryBlobs } from '../support/payouts';
import { localDynamoDb } from '../support/table';

const now = () => new Date();
const origin = 'https://api.test';
const TRACKING_SECRET = 'the-tracking-secret-of-the-bank-account-reentry-tests';
const token = (passport: Passport) => trackingTokenFor(passport.id, TRACKING_SECRET);
/** Another valid German IBAN than the one `aGradedPassport` seals. */
const NEW_IBAN = 'DE02120300000000202051';
const OLD_IBAN = 'DE89370400440532013000';
const entry = { iban: NEW_IBAN, accountHolder: 'Erika Mustermann' };
/** The accounts a pain.001 file pays to (the debtor's, the brand's, is not among them). */
const creditorIbans = (file: string) => [...file.matchAll(/<CdtrAcct>\s*<Id>\s*<IBAN>([A-Z0-9]+)<\/IBAN>/g)].map((match) => match[1]);

/**
 * A bank transfer set aside because its account does not open is paid once its customer enters
 * the account again: the new account replaces the old one and the transfer is queued again, in
 * one conditional transaction, so retries, races and exports never pay the old account or write
 * the change twice.
 */
describe('a held transfer whose customer enters the account again (DynamoDB Local)', () => {
  let store: DynamoDbTakeBackStore;
  let payouts: DynamoDbPayoutStore;
  let exportStore: DynamoDbPayoutExportStore;
  const client = localDynamoDb(inject('dynamodbEndpoint'));

  beforeEach(async () => {
    ({ store, payouts, exportStore } = await aPayoutTable(client));
  });

  const reentry = () => new BankAccountReentry({ store, payouts, bankAccounts, trackingSecret: async () => TRACKING_SECRET, now });
  const exporter = (blobs = memoryBlobs()) => new BankPayoutExports({ store, payouts: exportStore, blobs, bankAccounts, now, newId });
  const typesOf = async (passportId: string) => (await store.getTimeline(passportId)).map((event) => event.type);
  const count = async (passportId: string, type: string) => (await typesOf(passportId)).filter((t) => t === type).length;

  async function aQueuedTransfer(unreadable: boolean): Promise<Passport> {
    const passport = await aGradedPassport(store, { bankTransfer: unreadable ? 'unreadable' : true });
    const settled = await new PayoutSettlement({ store, payouts, issuerFor: async () => ({ kind: 'kreislauf', issue: async () => ({}) }), now, newId, randomBytes }).settle(passport.id);
    expect(settled.outcome).toBe('BANK_PAYOUT_QUEUED');
    return passport;
  }

  /** A transfer an export has set aside, with a readable one exported beside it (an export with nothing to pay is refused). */
  async function aHeldTransfer(): Promise<Passport> {
    const held = await aQueuedTransfer(true);
    await aQueuedTransfer(false);
    const created = await exporter().create('demo', undefined, origin);
    expect(created.held.map((h) => h.passportId)).toEqual([held.id]);
    expect(await payouts.getPayout(held.id)).toMatchObject({ status: 'HELD' });
    return held;
  }

  it('queues the transfer again with the new account, which the next export pays, and says so once on the timeline', async () => {
    const held = await aHeldTransfer();
    const events = await store.getTimeline(held.id);
    expect(events.at(-1)).toMatchObject({ type: 'NeedsAttention', data: { heldPayoutId: (await payouts.getPayout(held.id))!.payoutId } });

    const answer = await reentry().replace(held.id, token(held), entry);

    expect(answer).toMatchObject({ method: 'BANK_TRANSFER', status: 'QUEUED', bankAccount: { ibanMasked: 'DE02 **** **** **** **20 51' } });
    expect(answer.bankAccount).not.toHaveProperty('reenter');
    const payout = (await payouts.getPayout(held.id))!;
    expect(payout).toMatchObject({ status: 'QUEUED', ibanMasked: 'DE02 **** **** **** **20 51' });
    expect(payout).not.toHaveProperty('held');
    const passport = (await store.getPassport(held.id))!;
    expect(passport.version).toBe(held.version + 3); // BankPayoutQueued, NeedsAttention, BankAccountReplaced
    expect(await bankAccounts.open(held.id, passport.payout.bankAccount!)).toEqual(entry);
    expect((await store.getTimeline(held.id)).at(-1)).toMatchObject({ type: 'BankAccountReplaced', data: { payoutId: payout.payoutId, ibanMasked: payout.ibanMasked } });

    const blobs = memoryBlobs();
    const paid = await exporter(blobs).create('demo', undefined, origin);
    expect(paid.payouts.map((p) => p.passportId)).toEqual([held.id]);
    expect(paid.held).toEqual([]);
    const file = new TextDecoder().decode(blobs.objects.get(`exports/payouts/demo/${paid.exportId}.xml`)!.body);
    expect(creditorIbans(file)).toEqual([NEW_IBAN]);
    expect(await count(held.id, 'BankAccountReplaced')).toBe(1);
    expect(await count(held.id, 'BankPayoutExported')).toBe(1);
  });

  it('answers a retry of the same account as it stands, writing nothing, and refuses another account once the first is taken', async () => {
    const held = await aHeldTransfer();
    await reentry().replace(held.id, token(held), entry);
    const version = (await store.getPassport(held.id))!.version;

    expect(await reentry().replace(held.id, token(held), { ...entry })).toMatchObject({ status: 'QUEUED', bankAccount: { ibanMasked: 'DE02 **** **** **** **20 51' } });
    const other = await reentry().replace(held.id, token(held), { iban: OLD_IBAN, accountHolder: 'Erika Mustermann' }).catch((error: unknown) => error);
    expect(other).toBeInstanceOf(ConflictError);
    expect((other as ConflictError).extensions).toEqual({ payoutStatus: 'QUEUED' });
    // Another holder's name on the same IBAN is another account, too.
    await expect(reentry().replace(held.id, token(held), { ...entry, accountHolder: 'Max Mustermann' })).rejects.toBeInstanceOf(ConflictError);

    expect((await store.getPassport(held.id))!.version).toBe(version);
    expect(await count(held.id, 'BankAccountReplaced')).toBe(1);
  });

  it('writes one replacement when the same account is entered many times at once, and one account when different ones race', async () => {
    const same = await aHeldTransfer();
    const answers = await Promise.all(Array.from({ length: 6 }, () => reentry().replace(same.id, token(same), entry)));
    expect(answers.every((answer) => answer.status === 'QUEUED' && answer.bankAccount?.ibanMasked === 'DE02 **** **** **** **20 51')).toBe(true);
    expect(await count(same.id, 'BankAccountReplaced')).toBe(1);

    const raced = await aHeldTransfer();
    const accounts = [entry, { iban: 'DE75512108001245126199', accountHolder: 'Erika Mustermann' }, { iban: 'DE12500105170648489890', accountHolder: 'Erika Mustermann' }];
    const outcomes = await Promise.allSettled(accounts.map((account) => reentry().replace(raced.id, token(raced), account)));
    const won = outcomes.flatMap((outcome, index) => (outcome.status === 'fulfilled' ? [accounts[index]!] : []));
    expect(won).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected').every((outcome) => (outcome as PromiseRejectedResult).reason instanceof ConflictError)).toBe(true);
    expect(await count(raced.id, 'BankAccountReplaced')).toBe(1);
    const passport = (await store.getPassport(raced.id))!;
    expect(await bankAccounts.open(raced.id, passport.payout.bankAccount!)).toEqual(won[0]);
    expect((await payouts.getPayout(raced.id))!.ibanMasked).toBe(passport.payout.bankAccount!.ibanMasked);
  });

  it('never pays the old account when an export runs while the account is entered again', async () => {
    for (let round = 0; round < 3; round++) {
      const held = await aHeldTransfer();
      const blobs = memoryBlobs();
      const [replaced, exported] = await Promise.allSettled([
        reentry().replace(held.id, token(held), entry),
        exporter(blobs).create('demo', undefined, origin),
      ]);
      expect(replaced.status).toBe('fulfilled');
      // The export found the transfer still held (409: nothing else waits) or already queued again (201 paying it).
      if (exported.status === 'rejected') expect(exported.reason).toBeInstanceOf(ConflictError);
      const after = (await payouts.getPayout(held.id))!;
      expect(['QUEUED', 'EXPORTED']).toContain(after.status);
      if (after.status === 'QUEUED') await exporter(blobs).create('demo', undefined, origin);
      const paidTo = [...blobs.objects.values()].flatMap((object) => creditorIbans(new TextDecoder().decode(object.body)));
      expect(paidTo).toEqual([NEW_IBAN]);
      expect(await payouts.getPayout(held.id)).toMatchObject({ status: 'EXPORTED' });
      expect(await count(held.id, 'BankPayoutExported')).toBe(1);
    }
  });

  it('refuses a transfer that is not held, a voucher, a take-back not yet paid and a wrong token, writing nothing', async () => {
    const queued = await aQueuedTransfer(false);
    const refused = await reentry().replace(queued.id, token(queued), entry).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).extensions).toEqual({ payoutStatus: 'QUEUED' });
    expect(await payouts.getPayout(queued.id)).toMatchObject({ status: 'QUEUED', ibanMasked: 'DE89 **** **** **** **30 00' });

    const graded = await aGradedPassport(store, { bankTransfer: true });
    await expect(reentry().replace(graded.id, token(graded), entry)).rejects.toBeInstanceOf(ConflictError);

    const voucher = await aGradedPassport(store);
    await new PayoutSettlement({ store, payouts, issuerFor: async () => ({ kind: 'kreislauf', issue: async () => ({}) }), now, newId, randomBytes }).settle(voucher.id);
    await expect(reentry().replace(voucher.id, token(voucher), entry)).rejects.toBeInstanceOf(ConflictError);

    const held = await aHeldTransfer();
    await expect(reentry().replace(held.id, token(queued), entry)).rejects.toBeInstanceOf(NotFoundError);
    await expect(reentry().authenticateCustomer(held.id, token(queued))).rejects.toBeInstanceOf(NotFoundError);
    expect(await payouts.getPayout(held.id)).toMatchObject({ status: 'HELD' });
    for (const passport of [queued, graded, voucher, held]) expect(await count(passport.id, 'BankAccountReplaced')).toBe(0);
  });
});
