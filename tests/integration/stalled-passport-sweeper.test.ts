import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { DynamoDbStalledPassports } from '../../shared/adapters/dynamodb/stalled-passports';
import type { Passport } from '../../shared/domain/passport';
import type { PassportWorkflow, WorkflowStarter } from '../../shared/ports/stalled-passports';
import { StalledPassportSweeper } from '../../shared/services/stalled-passport-sweeper';
import { newId } from '../../shared/services/tokens';
import { aPassport, aQuote } from '../support/fixtures';
import { changedAfterFirstCall } from '../support/racing-store';
import { createTableLikeStack, localDynamoDb } from '../support/table';

// The passports are made in the morning of 2026-11-01; the sweeper's bound is 15 minutes.
const at = (time: string) => `2026-11-01T${time}:00.000Z`;

describe('StalledPassportSweeper against DynamoDB Local', () => {
  let store: DynamoDbPassportStore;
  /** A sweeper whose clock reads `time`; over `passports` where a test races its reads. */
  let sweeperAt: (time: string, passports?: DynamoDbPassportStore) => StalledPassportSweeper;
  let brand: string;
  let sweeperWith: (time: string, workflows: WorkflowStarter) => StalledPassportSweeper;
  const started: { workflow: PassportWorkflow; passportId: string; name: string }[] = [];

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const tableName = `sweeper-${newId()}`;
    await createTableLikeStack(client, tableName);
    store = new DynamoDbPassportStore(tableName, client);
    brand = `brand-${newId().toLowerCase()}`;
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, brand } });
    const workflows: WorkflowStarter = {
      start: async (workflow, passportId, name) => {
        started.push({ workflow, passportId, name });
      },
    };
    const index = new DynamoDbStalledPassports(tableName, client);
    const payouts = new DynamoDbPayoutStore(tableName, client);
    sweeperAt = (time, passports = store) => new StalledPassportSweeper({ index, store: passports, payouts, workflows, now: () => new Date(at(time)) });
    sweeperWith = (time, others) => new StalledPassportSweeper({ index, store, payouts, workflows: others, now: () => new Date(at(time)) });
  });

  async function aRequestedPassport(time: string): Promise<Passport> {
    const quote = aQuote({ brand });
    await store.saveQuote(quote);
    const passport = aPassport(quote, { createdAt: at(time), updatedAt: at(time) });
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    return passport;
  }

  async function aLabelledPassport(time: string, emailSent: boolean): Promise<Passport> {
    const passport = await aRequestedPassport(time);
    await store.transition(passport.id, { to: 'LABEL_CREATED', at: at(time), event: { type: 'LabelCreated', data: {} } });
    if (emailSent) await store.appendEvent(passport.id, at(time), { type: 'LabelEmailSent', data: { messageId: 'm-1' } });
    return passport;
  }

  async function aGradedPassport(time: string): Promise<Passport> {
    const passport = await aLabelledPassport(time, true);
    await store.transition(passport.id, { to: 'RECEIVED', at: at(time), event: { type: 'ParcelReceived', data: { by: 'ops' } } });
    const settlement = { outcome: 'ACCEPTED', payout: { amount: 14900, currency: 'EUR' } };
    await store.transition(passport.id, { to: 'GRADED', at: at(time), event: { type: 'Graded', data: { grade: 'GOOD', route: 'RESELL', settlement, by: 'ops' } } });
    return passport;
  }

  const startsOf = (passport: Passport) => started.filter((start) => start.passportId === passport.id);

  it('re-drives the workflows of the steps that stalled past the bound, and leaves the rest alone', async () => {
    const noLabel = await aRequestedPassport('06:00');
    const recent = await aRequestedPassport('06:50');
    const noEmail = await aLabelledPassport('06:00', false);
    const done = await aLabelledPassport('06:00', true);
    const unpaid = await aGradedPassport('06:00');

    const result = await sweeperAt('07:00').sweep();

    expect(startsOf(noLabel)).toEqual([{ workflow: 'TAKE_BACK', passportId: noLabel.id, name: `sweep-${noLabel.id}-LABEL-1` }]);
    expect(startsOf(noEmail)).toEqual([{ workflow: 'TAKE_BACK', passportId: noEmail.id, name: `sweep-${noEmail.id}-LABEL_EMAIL-1` }]);
    expect(startsOf(unpaid)).toEqual([{ workflow: 'PAYOUT', passportId: unpaid.id, name: `sweep-${unpaid.id}-PAYOUT-1` }]);
    expect(startsOf(recent)).toEqual([]);
    expect(startsOf(done)).toEqual([]);
    expect(result).toEqual({ redriven: 3, flagged: 0, failed: [] });
  });

  it('leaves a payout alone whose workflow already asked a person', async () => {
    const unpaid = await aGradedPassport('07:30');
    await store.appendEvent(unpaid.id, at('07:31'), { type: 'NeedsAttention', data: { reason: 'Shopify refused the discount code' } });
    await sweeperAt('08:00').sweep();
    expect(startsOf(unpaid)).toEqual([]);
  });

  it('gives a re-drive the whole bound before the next one', async () => {
    const passport = await aRequestedPassport('08:00');
    await sweeperAt('08:20').sweep();
    await sweeperAt('08:30').sweep();
    expect(startsOf(passport).map((start) => start.name)).toEqual([`sweep-${passport.id}-LABEL-1`]);
  });

  it('moves a passport the re-drives did not help to NEEDS_ATTENTION with the reason, once', async () => {
    const passport = await aRequestedPassport('09:00');
    for (const time of ['09:15', '09:30', '09:45']) await sweeperAt(time).sweep();
    await sweeperAt('10:00').sweep();
    await sweeperAt('10:15').sweep();

    const flagged = await store.getPassport(passport.id);
    expect(startsOf(passport)).toHaveLength(3);
    expect(flagged).toMatchObject({ state: 'NEEDS_ATTENTION', attention: { reason: expect.stringContaining('The DHL return label was still not done 60 minutes') } });
    expect((await store.getTimeline(passport.id)).filter((event) => event.type === 'NeedsAttention')).toHaveLength(1);
  });

  it('sweeps the other passports when it cannot act on one, names that one, and tries it again at the next sweep', async () => {
    const stuck = await aRequestedPassport('13:00');
    const next = await aRequestedPassport('13:00');
    const throttled: WorkflowStarter = {
      start: async (workflow, passportId, name) => {
        if (passportId === stuck.id) throw new Error('Rate exceeded');
        started.push({ workflow, passportId, name });
      },
    };

    const result = await sweeperWith('13:20', throttled).sweep();

    expect(result.failed).toEqual([{ passportId: stuck.id, step: 'LABEL', error: new Error('Rate exceeded') }]);
    expect(startsOf(next).map((start) => start.name)).toEqual([`sweep-${next.id}-LABEL-1`]);
    expect(startsOf(stuck)).toEqual([]);
    await sweeperAt('13:40').sweep();
    expect(startsOf(stuck).map((start) => start.name)).toEqual([`sweep-${stuck.id}-LABEL-2`]);
  });

  it('leaves a passport alone whose label e-mail went out while the sweep was deciding to flag it', async () => {
    const passport = await aLabelledPassport('11:00', false);
    for (const time of ['11:15', '11:30', '11:45']) await sweeperAt(time).sweep();
    // The re-driven workflow sends the e-mail right after the sweep read the timeline (no e-mail yet).
    const { racing, changed } = changedAfterFirstCall(
      store,
      'getTimeline',
      () => store.appendEvent(passport.id, at('11:59'), { type: 'LabelEmailSent', data: { messageId: 'm-late' } }),
      (id) => id === passport.id,
    );

    await sweeperAt('12:00', racing).sweep();

    expect(changed()).toBe(true);
    expect(await store.getPassport(passport.id)).toMatchObject({ state: 'LABEL_CREATED' });
    expect((await store.getTimeline(passport.id)).filter((event) => event.type === 'NeedsAttention')).toEqual([]);
  });
});
