import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { DynamoDbPayoutAttentionNotes } from '../../shared/adapters/dynamodb/payout-attention-notes';
import type { DynamoDbTakeBackStore } from '../../shared/adapters/dynamodb/passport-store';
import type { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { ConflictError, NotFoundError } from '../../shared/domain/errors';
import type { Staff } from '../../shared/http/staff';
import { VoucherIssuerRejectedError } from '../../shared/ports/voucher-issuer';
import type { PassportWorkflow, WorkflowStarter } from '../../shared/ports/stalled-passports';
import { PayoutRetries } from '../../shared/services/payout-retries';
import { PayoutAttentionList } from '../../shared/services/payout-attention';
import { PayoutFailures, PayoutSettlement } from '../../shared/services/payout-settlement';
import { newId } from '../../shared/services/tokens';
import { aGradedPassport, aPayoutTable } from '../support/payouts';
import { localDynamoDb } from '../support/table';

const now = () => new Date();
const admin: Staff = { subject: 'admin-1', brand: 'demo', roles: ['admin'] };

/**
 * A payout the workflow could not make (its issuer refused, say) waits for a person; once the
 * cause is put right, an admin starts the workflow again, and the payout is made once.
 */
describe('an admin starts a payout again (DynamoDB Local)', () => {
  let store: DynamoDbTakeBackStore;
  let payouts: DynamoDbPayoutStore;
  let notes: DynamoDbPayoutAttentionNotes;
  let started: { workflow: PassportWorkflow; passportId: string; name: string }[];
  const client = localDynamoDb(inject('dynamodbEndpoint'));

  beforeEach(async () => {
    let tableName: string;
    ({ store, payouts, tableName } = await aPayoutTable(client));
    notes = new DynamoDbPayoutAttentionNotes(tableName, client);
    started = [];
  });

  /** The state machine as the local cloud runs it: it settles the payout, or flags what stopped it. */
  const workflowsWith = (settlement: PayoutSettlement): WorkflowStarter => ({
    start: async (workflow, passportId, name) => {
      started.push({ workflow, passportId, name });
      await settlement.settle(passportId).catch((error: unknown) => failures().flagFailure(passportId, failureOf(error)));
    },
  });
  /** What the state machine hands its last step: the error's name, and the Lambda's error as the cause. */
  const failureOf = (error: unknown) => {
    const { name, message } = error as Error;
    return { error: name, cause: JSON.stringify({ errorType: name, errorMessage: message }) };
  };
  /** The workflow's last step when settling failed: a NeedsAttention event, and the payout on the brand's list. */
  const failures = () => new PayoutFailures({ store, notes, now });
  const waitingForAPerson = () => new PayoutAttentionList({ notes, store, payouts });
  const settlementWith = (issue: () => Promise<object>) =>
    new PayoutSettlement({ store, payouts, issuerFor: async () => ({ kind: 'kreislauf', issue: async () => issue() }), now, newId, randomBytes });
  /** The payout workflow's run while the brand's voucher issuer refuses: it asks a person. */
  const aRefusedPayout = async (passportId: string) => {
    const refusing = settlementWith(async () => {
      throw new VoucherIssuerRejectedError('The shop refused the discount code.');
    });
    await refusing.settle(passportId).catch((error: unknown) => failures().flagFailure(passportId, failureOf(error)));
  };
  const retries = () => new PayoutRetries({ store, payouts, workflows: workflowsWith(settlementWith(async () => ({}))), newId });

  it('makes the payout a refusal left waiting for a person, and refuses to start it again once it is made', async () => {
    const passport = await aGradedPassport(store);
    await aRefusedPayout(passport.id);
    expect(await payouts.getPayout(passport.id)).toMatchObject({ status: 'RESERVED' });
    // The facts beside the English sentence, for the console to word: the failure's name and the issuer's own words.
    const basis = { kind: 'PAYOUT_FAILED', error: 'VoucherIssuerRejected', message: 'The shop refused the discount code' };
    expect((await store.getTimeline(passport.id)).find((event) => event.type === 'NeedsAttention')?.data).toEqual({
      reason: "The payout could not be made (VoucherIssuerRejected): The shop refused the discount code. Check the brand's payout configuration and retry.",
      basis,
    });
    expect(await waitingForAPerson().awaiting(admin)).toEqual([
      {
        passportId: passport.id,
        state: 'GRADED',
        product: { sku: passport.product.sku, name: passport.product.name },
        method: 'VOUCHER',
        amount: passport.settlement!.payout,
        reason: expect.stringContaining('The shop refused the discount code.'),
        basis,
        flaggedAt: expect.any(String),
      },
    ]);
    expect(await waitingForAPerson().awaiting({ ...admin, brand: 'other-brand' })).toEqual([]);

    const answer = await retries().retry(admin, passport.id);

    expect(answer).toEqual({ passportId: passport.id, execution: expect.stringMatching(new RegExp(`^retry-${passport.id}-[0-9A-Z]{26}$`)) });
    expect(started).toEqual([{ workflow: 'PAYOUT', passportId: passport.id, name: answer.execution }]);
    expect(await payouts.getPayout(passport.id)).toMatchObject({ status: 'ISSUED' });
    // Made: it leaves the list, and its note is forgotten as the list is read.
    expect(await waitingForAPerson().awaiting(admin)).toEqual([]);
    expect(await notes.list('demo', 25)).toEqual([]);
    const made = await retries().retry(admin, passport.id).catch((error: unknown) => error);
    expect(made).toBeInstanceOf(ConflictError);
    expect((made as ConflictError).extensions).toEqual({ payoutStatus: 'ISSUED' });
    expect(started).toHaveLength(1);
    expect((await store.getTimeline(passport.id)).filter((event) => event.type === 'VoucherIssued')).toHaveLength(1);
  });

  it('pays once when retries are started many times at once', async () => {
    const passport = await aGradedPassport(store);
    await aRefusedPayout(passport.id);

    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => retries().retry(admin, passport.id)));

    // Those that read the payout before it was made start the workflow; the others find it made.
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ConflictError);
    expect(outcomes.some((outcome) => outcome.status === 'fulfilled')).toBe(true);
    expect((await store.getTimeline(passport.id)).filter((event) => event.type === 'VoucherIssued')).toHaveLength(1);
    expect(await payouts.getPayout(passport.id)).toMatchObject({ status: 'ISSUED' });
  });

  it("refuses another brand's passport and one with no value to pay, starting nothing", async () => {
    const passport = await aGradedPassport(store);
    await expect(retries().retry({ ...admin, brand: 'other-brand' }, passport.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(retries().retry(admin, newId())).rejects.toBeInstanceOf(NotFoundError);

    const counterOffered = await aGradedPassport(store, { overrides: {} });
    await store.appendEvent(counterOffered.id, now().toISOString(), {
      type: 'Graded',
      data: { grade: 'FAIR', route: 'RESELL', settlement: { outcome: 'COUNTER_OFFER', payout: { amount: 8_900, currency: 'EUR' }, offered: { amount: 14_900, currency: 'EUR' } }, by: 'ops-1' },
    });
    const refused = await retries().retry(admin, counterOffered.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConflictError);
    expect((refused as ConflictError).extensions).toEqual({ currentState: 'GRADED' });
    expect(started).toEqual([]);
  });

  it('lists the payouts waiting for a person newest passport first', async () => {
    const first = await aGradedPassport(store);
    const second = await aGradedPassport(store);
    for (const passport of [first, second]) await aRefusedPayout(passport.id);

    expect((await waitingForAPerson().awaiting(admin)).map((payout) => payout.passportId)).toEqual([second.id, first.id]);
  });

  it('lists a payout whose flag was noted but whose event was never written, until it is made', async () => {
    const passport = await aGradedPassport(store);
    // A flag that died between its note and its event.
    await notes.note({ brand: 'demo', passportId: passport.id, reason: 'The payout could not be made (Lambda.Timeout): …', at: now().toISOString() });
    expect((await waitingForAPerson().awaiting(admin)).map((payout) => payout.passportId)).toEqual([passport.id]);

    await settlementWith(async () => ({})).settle(passport.id);

    expect(await waitingForAPerson().awaiting(admin)).toEqual([]);
  });
  it('lists a note without facts, or with facts it does not know, by its reason alone', async () => {
    const [old, unknown] = [await aGradedPassport(store), await aGradedPassport(store)];
    // Noted before the platform kept the facts, and with facts of a kind it no longer writes.
    await notes.note({ brand: 'demo', passportId: old.id, reason: 'The payout could not be made (Lambda.Timeout): …', at: now().toISOString() });
    await notes.note({ brand: 'demo', passportId: unknown.id, reason: 'Something else.', basis: { kind: 'RETIRED_KIND' } as never, at: now().toISOString() });

    const listed = await waitingForAPerson().awaiting(admin);

    expect(listed.map(({ passportId, reason }) => ({ passportId, reason })).sort((a, b) => a.passportId.localeCompare(b.passportId))).toEqual(
      [
        { passportId: old.id, reason: 'The payout could not be made (Lambda.Timeout): …' },
        { passportId: unknown.id, reason: 'Something else.' },
      ].sort((a, b) => a.passportId.localeCompare(b.passportId)),
    );
    for (const payout of listed) expect(payout).not.toHaveProperty('basis');
  });
});
