import { randomBytes } from 'node:crypto';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { payoutKey, queuedPayoutKey } from '../../shared/adapters/dynamodb/keys';
import type { DynamoDbTakeBackStore } from '../../shared/adapters/dynamodb/passport-store';
import type { DynamoDbPayoutExportStore } from '../../shared/adapters/dynamodb/payout-export-store';
import type { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { ConflictError } from '../../shared/domain/errors';
import { erasureBlocker } from '../../shared/domain/personal-data';
import type { Passport } from '../../shared/domain/passport';
import type { PayoutRecord } from '../../shared/ports/payout-store';
import { BankPayoutExports } from '../../shared/services/bank-payout-exports';
import { PayoutSettlement } from '../../shared/services/payout-settlement';
import { newId } from '../../shared/services/tokens';
import { trackedPayout } from '../../shared/services/tracked-take-back';
import { aGradedPassport, aPayoutTable, aRecordingVoucherIssuer, bankAccounts, JEANS, memoryBlobs } from '../support/payouts';
import { localDynamoDb } from '../support/table';

const now = () => new Date();
const origin = 'https://api.test';
/** A category the demo brand pays no bonus for: graded at 0, the payout is 0. */
/**
 * An item graded to a payout of 0 (a defective grade under rules that pay nothing for it) is accepted without payment:
 * no voucher of 0 to e-mail, no transfer of 0 that no bank file carries, no PAYOUT line, not a paid take-back.
 */
describe('a take-back whose payout comes to 0 (DynamoDB Local)', () => {
  let store: DynamoDbTakeBackStore;
  let payouts: DynamoDbPayoutStore;
  let exportStore: DynamoDbPayoutExportStore;
  let network: DynamoDbRepairNetworkStore;
  let tableName: string;
  const client = localDynamoDb(inject('dynamodbEndpoint'));
  const issuer = aRecordingVoucherIssuer();
  const { issued } = issuer;
  const settlement = () => new PayoutSettlement({ store, payouts, issuerFor: async () => issuer, now, newId, randomBytes });
  const exporter = () => new BankPayoutExports({ store, payouts: exportStore, blobs: memoryBlobs(), bankAccounts, now, newId });
  const typesOf = async (passportId: string) => (await store.getTimeline(passportId)).map((event) => event.type);

  beforeEach(async () => {
    // A table per test: each starts with an empty queue of the demo brand's transfers.
    ({ store, payouts, exportStore, tableName } = await aPayoutTable(client));
    network = new DynamoDbRepairNetworkStore(tableName, store, client);
    issued.length = 0;
  });

  const aWorthlessItem = (options: { bankTransfer?: boolean; email?: string } = {}): Promise<Passport> =>
    aGradedPassport(store, { payout: 0, ...options, overrides: { product: JEANS } });

  it('settles a voucher take-back with nothing to pay: no voucher issued, no PAYOUT line, not paid, erasable', async () => {
    const passport = await aWorthlessItem();

    expect(await settlement().settle(passport.id)).toMatchObject({ outcome: 'NOTHING_TO_PAY' });

    const payout = (await payouts.getPayout(passport.id))!;
    expect(payout).toMatchObject({ status: 'NOTHING_TO_PAY', amount: { amount: 0, currency: 'EUR' } });
    expect(payout).not.toHaveProperty('voucher');
    expect(issued).toEqual([]);
    const types = await typesOf(passport.id);
    expect(types.filter((type) => type === 'SettledWithoutPayout')).toHaveLength(1);
    expect(types).not.toContain('VoucherIssued');
    expect(await network.ledgerOf(passport.id)).toEqual([]);
    expect(trackedPayout(payout)).toMatchObject({ status: 'NOTHING_TO_PAY', amount: { amount: 0 } });
    expect(erasureBlocker(passport, payout)).toBeUndefined();
  });

  it('does not count an item accepted without payment as the customer paid: their next take-back is still their first paid one', async () => {
    const email = `erika.${newId()}@example.org`;
    const worthless = await aWorthlessItem({ email });
    await settlement().settle(worthless.id);
    const next = await aGradedPassport(store, { payout: 10_000, email });

    await settlement().settle(next.id);

    expect(await payouts.getPayout(next.id)).toMatchObject({ status: 'ISSUED', segment: 'NEW' });
  });

  it('settles a bank-transfer take-back with nothing to pay, so that it neither blocks the brand’s export nor waits in it', async () => {
    const worthless = await aWorthlessItem({ bankTransfer: true });
    const paid = await aGradedPassport(store, { bankTransfer: true });

    expect(await settlement().settle(worthless.id)).toMatchObject({ outcome: 'NOTHING_TO_PAY' });
    await settlement().settle(paid.id);

    expect(await payouts.getPayout(worthless.id)).toMatchObject({ status: 'NOTHING_TO_PAY' });
    expect(await typesOf(worthless.id)).not.toContain('BankPayoutQueued');
    expect(await network.ledgerOf(worthless.id)).toEqual([]);
    const created = await exporter().create('demo', undefined, origin);
    expect(created.payouts.map((payout) => payout.passportId)).toEqual([paid.id]);
    expect(created.held).toEqual([]);
    await expect(exporter().create('demo', undefined, origin)).rejects.toBeInstanceOf(ConflictError);
  });

  it('settles once when 20 settlements of the same item race', async () => {
    const passport = await aWorthlessItem({ bankTransfer: true });

    const answers = await Promise.all(Array.from({ length: 20 }, () => settlement().settle(passport.id)));

    expect(answers.filter((answer) => answer.outcome === 'NOTHING_TO_PAY')).toHaveLength(1);
    expect(new Set(answers.map((answer) => answer.payoutId)).size).toBe(1);
    expect((await typesOf(passport.id)).filter((type) => type === 'SettledWithoutPayout')).toHaveLength(1);
  });

  it('sets a transfer of 0 queued before 7 December 2026 aside, asking its customer nothing, and exports the others', async () => {
    const legacy = await aGradedPassport(store, { bankTransfer: true, overrides: { product: JEANS } });
    const paid = await aGradedPassport(store, { bankTransfer: true });
    await settlement().settle(paid.id);
    // As the settlement queued a payout of 0 until then.
    const queuedZero: PayoutRecord = {
      payoutId: newId(),
      passportId: legacy.id,
      brand: 'demo',
      method: 'BANK_TRANSFER',
      amount: { amount: 0, currency: 'EUR' },
      breakdown: [{ label: 'Graded payout', amount: 0 }],
      segment: 'NEW',
      status: 'QUEUED',
      createdAt: '2026-11-04T10:00:00.000Z',
      ibanMasked: 'DE89 **** 3000',
    };
    await DynamoDBDocumentClient.from(client).send(
      new PutCommand({
        TableName: tableName,
        Item: { ...payoutKey(legacy.id), ...queuedPayoutKey('demo', queuedZero.createdAt, queuedZero.payoutId), entity: 'Payout', ...queuedZero },
      }),
    );

    const created = await exporter().create('demo', undefined, origin);

    expect(created.payouts.map((payout) => payout.passportId)).toEqual([paid.id]);
    expect(created.held).toEqual([expect.objectContaining({ passportId: legacy.id, reason: expect.stringMatching(/amount is outside the 0\.01 to 999,999,999\.99/) })]);
    const held = (await payouts.getPayout(legacy.id))!;
    expect(held).toMatchObject({ status: 'HELD' });
    // The customer is not asked for another account: the account is not at fault.
    const attention = (await store.getTimeline(legacy.id)).find((event) => event.type === 'NeedsAttention');
    expect(attention?.data).toMatchObject({ basis: { kind: 'PAYOUT_HELD', problem: 'AMOUNT_OUT_OF_RANGE' } });
    expect(attention?.data).not.toHaveProperty('heldPayoutId');
    expect(trackedPayout(held).bankAccount).toEqual({ ibanMasked: 'DE89 **** 3000' });
  });
});
