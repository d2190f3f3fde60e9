import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { demoRepairPartners } from '../../local/seed/demo-brand';
import { passportKey } from '../../shared/adapters/dynamodb/keys';
import type { DynamoDbTakeBackStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { DynamoDbSealedFields } from '../../shared/adapters/dynamodb/sealed-fields';
import { DynamoDbWebhookStore } from '../../shared/adapters/dynamodb/webhook-store';
import type { Passport } from '../../shared/domain/passport';
import { SEALED_FIELD_PURPOSES } from '../../shared/domain/sealed-fields';
import type { SealedFields } from '../../shared/ports/sealed-fields';
import { BankAccounts } from '../../shared/services/bank-accounts';
import { FieldCipher, fieldKeyIdOf } from '../../shared/services/field-cipher';
import { FieldResealing } from '../../shared/services/field-resealing';
import { newId } from '../../shared/services/tokens';
import { aGradedPassport, aPayoutTable, damageSealedAccount, storedBankAccount } from '../support/payouts';
import { localDynamoDb } from '../support/table';

/** The tests' plain field key (tests/support/bank-accounts.ts): the ring's key `v1` once the key is rotated. */
const OLD_KEY = 'a-test-platform-secret-for-the-field-cipher-of-sixty-four-chars';
const NEW_KEY = 'the-field-key-made-current-by-the-rotation-of-at-least-32-chars';
const ring = (current: string, keys: Record<string, string>) => new FieldCipher(async () => JSON.stringify({ current, keys }));
const oldCipher = new FieldCipher(async () => OLD_KEY);
/** During the rotation: the new key current, the old one kept so that every stored value still opens. */
const rotated = ring('k2', { v1: OLD_KEY, k2: NEW_KEY });
/** After it: the old key gone from the ring. */
const newOnly = ring('k2', { k2: NEW_KEY });

/**
 * Rotating the FieldKey secret (docs/field-keys.md): the run seals every stored value again under the
 * ring's current key, so the old key can leave the ring without a customer's account or a brand's or
 * partner's webhook secret becoming unreadable.
 */
describe('sealing the stored values again after a rotation of the field key (DynamoDB Local)', () => {
  const client = localDynamoDb(inject('dynamodbEndpoint'));
  const doc = DynamoDBDocumentClient.from(client);
  let tableName: string;
  let store: DynamoDbTakeBackStore;
  let transfers: Passport[];
  let broken: Passport;
  const partner = demoRepairPartners[0]!;
  const subscriptionId = newId();

  beforeEach(async () => {
    ({ tableName, store } = await aPayoutTable(client));
    // Sealed under the plain key, as a stack that never rotated has them.
    transfers = [await aGradedPassport(store, { bankTransfer: true }), await aGradedPassport(store, { bankTransfer: true })];
    broken = await aGradedPassport(store, { bankTransfer: true });
    await damageSealedAccount(client, tableName, broken.id);
    await aGradedPassport(store); // a voucher payout: nothing sealed
    await new DynamoDbWebhookStore(tableName, client).addSubscription({
      subscriptionId,
      brand: 'demo',
      url: 'https://hooks.example.com/kreislauf',
      eventTypes: ['Sold'],
      secretSealed: await oldCipher.seal(SEALED_FIELD_PURPOSES.webhookSecret, `demo/${subscriptionId}`, 'whsec_brand'),
      // Rotated an hour ago: the secret before it still signs.
      previousSecretSealed: await oldCipher.seal(SEALED_FIELD_PURPOSES.webhookSecret, `demo/${subscriptionId}`, 'whsec_before'),
      previousSecretExpiresAt: '2026-12-02T09:00:00.000Z',
      createdAt: '2026-12-01T10:00:00.000Z',
    }, 1);
    await partners().savePartner(partner, { sealed: await oldCipher.seal(SEALED_FIELD_PURPOSES.partnerSecret, `demo/${partner.partnerId}`, 'partner-secret'), requireNew: false });
  });

  const partners = () => new DynamoDbRepairNetworkStore(tableName, store, client);
  const sealedAccountOf = (id: string) => storedBankAccount(client, tableName, id);
  const resealing = (cipher: FieldCipher, fields: SealedFields = new DynamoDbSealedFields(tableName, client)) => new FieldResealing({ fields, cipher });
  const always = () => true;

  /** Every sealed value of the table opened with `cipher`, as the platform's services open them. */
  async function openedWith(cipher: FieldCipher) {
    const accounts = new BankAccounts(cipher);
    const subscription = await new DynamoDbWebhookStore(tableName, client).getSubscription('demo', subscriptionId);
    const stored = await partners().getPartner('demo', partner.partnerId);
    return {
      accounts: await Promise.all(transfers.map(async (passport) => (await accounts.open(passport.id, await sealedAccountOf(passport.id))).iban)),
      webhookSecret: await cipher.open(SEALED_FIELD_PURPOSES.webhookSecret, `demo/${subscriptionId}`, subscription!.secretSealed),
      previousWebhookSecret: await cipher.open(SEALED_FIELD_PURPOSES.webhookSecret, `demo/${subscriptionId}`, subscription!.previousSecretSealed!),
      partnerSecret: await cipher.open(SEALED_FIELD_PURPOSES.partnerSecret, `demo/${partner.partnerId}`, stored!.sealedSecret),
    };
  }

  it('seals every value under the new key (a rotated webhook secret\'s previous one too), so that the ring without the old key opens them all, and reports the one that does not open', async () => {
    const before = await openedWith(oldCipher);
    await expect(openedWith(newOnly)).rejects.toThrow(/"v1", which the FieldKey secret no longer holds/);

    const report = await resealing(rotated).run(undefined, always);

    expect(report).toMatchObject({ resealed: 5, current: 0, changedMeanwhile: 0, unreadableCount: 1, done: true });
    expect(report.cursor).toBeUndefined();
    expect(report.scanned).toBeGreaterThan(10);
    expect(report.unreadable).toEqual([{ purpose: 'bank-account', context: broken.id, reason: expect.stringMatching(/cannot be opened/) }]);
    expect(await openedWith(newOnly)).toEqual(before);
    for (const passport of transfers) expect(fieldKeyIdOf((await sealedAccountOf(passport.id)).sealed)).toBe('k2');
    // The value that did not open is left as it was, for its customer to enter again.
    expect(fieldKeyIdOf((await sealedAccountOf(broken.id)).sealed)).toBe('v1');

    // A second run finds nothing left to do.
    expect(await resealing(rotated).run(undefined, always)).toMatchObject({ resealed: 0, current: 5, unreadableCount: 1, done: true });
  });

  it('goes on from the cursor a run stopped at, page by page, until it is done', async () => {
    const fields = new DynamoDbSealedFields(tableName, client, { pageItems: 3 });
    let report = await resealing(rotated, fields).run(undefined, () => false);
    const runs = [report];
    while (!report.done) {
      expect(report.cursor).toEqual(expect.any(String));
      report = await resealing(rotated, fields).run(report.cursor, () => false);
      runs.push(report);
    }
    expect(runs.length).toBeGreaterThan(3);
    expect(runs.reduce((sum, run) => sum + run.resealed, 0)).toBe(5);
    expect(runs.reduce((sum, run) => sum + run.unreadableCount, 0)).toBe(1);
    expect(await openedWith(newOnly)).toEqual(await openedWith(rotated));
    await expect(resealing(rotated).run('not-a-cursor', always)).rejects.toThrow('The cursor is not one a run of reseal-fields returned.');
  });

  it('never replaces a value written between its read and its write', async () => {
    const [first] = transfers;
    const table = new DynamoDbSealedFields(tableName, client);
    // The customer's account entered again while the run reads the page: sealed by then under the new key.
    const entered = await new BankAccounts(rotated).seal(first!.id, { iban: 'DE02120300000000202051', accountHolder: 'Erika Mustermann' });
    const racing: SealedFields = {
      page: async (cursor) => {
        const page = await table.page(cursor);
        await doc.send(
          new UpdateCommand({
            TableName: tableName,
            Key: passportKey(first!.id),
            UpdateExpression: 'SET payout.bankAccount = :account',
            ExpressionAttributeValues: { ':account': entered },
          }),
        );
        return page;
      },
      replace: (field, sealed) => table.replace(field, sealed),
    };

    const report = await resealing(rotated, racing).run(undefined, always);

    expect(report).toMatchObject({ resealed: 4, changedMeanwhile: 1, unreadableCount: 1 });
    expect((await sealedAccountOf(first!.id)).sealed).toBe(entered.sealed);
    expect((await new BankAccounts(newOnly).open(first!.id, await sealedAccountOf(first!.id))).iban).toBe('DE02120300000000202051');
  });

  it('stops at a field key that is no valid ring, and writes nothing', async () => {
    const misconfigured = ring('k3', { k2: NEW_KEY });
    await expect(resealing(misconfigured).run(undefined, always)).rejects.toThrow(/not a valid key ring/);
    expect(await openedWith(oldCipher)).toEqual(expect.objectContaining({ webhookSecret: 'whsec_brand', previousWebhookSecret: 'whsec_before', partnerSecret: 'partner-secret' }));
  });
});
