import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPayoutAttentionNotes } from '../../shared/adapters/dynamodb/payout-attention-notes';
import { DynamoDbPayoutStore } from '../../shared/adapters/dynamodb/payout-store';
import { payoutKey } from '../../shared/adapters/dynamodb/keys';
import { DynamoDbStalledPassports } from '../../shared/adapters/dynamodb/stalled-passports';
import type { PassportState } from '../../shared/domain/lifecycle';
import type { Passport } from '../../shared/domain/passport';
import type { PassportWorkflow, WorkflowStarter } from '../../shared/ports/stalled-passports';
import { StalledPassportSweeper } from '../../shared/services/stalled-passport-sweeper';
import { LabelRetries } from '../../shared/services/label-retries';
import { RouteOverrides } from '../../shared/services/receipt-and-grading-service';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { newId } from '../../shared/services/tokens';
import { aPassport, aQuote } from '../support/fixtures';
import { changedAfterFirstCall } from '../support/racing-store';
import { createTableLikeStack, localDynamoDb } from '../support/table';

// The passports are made in the morning of 2026-11-01; the sweeper's bound is 15 minutes.
const at = (time: string) => `2026-11-01T${time}:00.000Z`;

describe('StalledPassportSweeper against DynamoDB Local', () => {
  let store: DynamoDbSeedingPassportStore;
  /** A sweeper whose clock reads `time`; over `passports` where a test races its reads. */
  let sweeperAt: (time: string, passports?: DynamoDbSeedingPassportStore) => StalledPassportSweeper;
  let brand: string;
  let sweeperWith: (time: string, workflows: WorkflowStarter) => StalledPassportSweeper;
  /** Stores the passport's payout as made (a voucher issued), as the payout workflow leaves it. */
  let paid: (passport: Passport) => Promise<void>;
  const started: { workflow: PassportWorkflow; passportId: string; name: string }[] = [];
  /** The event time each start was given, by execution name. */
  const startedAt = new Map<string, string | undefined>();
  let client: ReturnType<typeof localDynamoDb>;
  let tableName: string;
  let notes: DynamoDbPayoutAttentionNotes;
  /** Staff's label retry (`POST /v1/passports/{id}/label`) at `time`, over the sweep's workflow starter: its execution is lost too. */
  let labelRetriesAt: (time: string) => LabelRetries;
  /** Staff's route override (`POST /v1/passports/{id}/route`) at `time`. */
  let receiptsAt: (time: string) => RouteOverrides;

  beforeAll(async () => {
    client = localDynamoDb(inject('dynamodbEndpoint'));
    tableName = `sweeper-${newId()}`;
    await createTableLikeStack(client, tableName);
    store = new DynamoDbSeedingPassportStore(tableName, client);
    brand = `brand-${newId().toLowerCase()}`;
    await store.putCatalog({ ...demoBrand, config: { ...demoBrand.config, brand } });
    const workflows: WorkflowStarter = {
      start: async (workflow, passportId, name, eventAt) => {
        started.push({ workflow, passportId, name });
        startedAt.set(name, eventAt);
      },
    };
    const index = new DynamoDbStalledPassports(tableName, client);
    const payouts = new DynamoDbPayoutStore(tableName, client);
    notes = new DynamoDbPayoutAttentionNotes(tableName, client);
    sweeperAt = (time, passports = store) => new StalledPassportSweeper({ index, store: passports, payouts, notes, workflows, catalogs: store, now: () => new Date(at(time)) });
    sweeperWith = (time, others) => new StalledPassportSweeper({ index, store, payouts, notes, workflows: others, catalogs: store, now: () => new Date(at(time)) });
    const network = new DynamoDbRepairNetworkStore(tableName, store, client);
    const passports = new WorkQueueService({ store, network });
    receiptsAt = (time) => new RouteOverrides({ store, passports, repairs: network, now: () => new Date(at(time)) });
    labelRetriesAt = (time) => new LabelRetries({ store, catalogs: store, passports, workflows, now: () => new Date(at(time)) });
    paid = async (passport) => {
      const item = { ...payoutKey(passport.id), entity: 'Payout', passportId: passport.id, payoutId: newId(), status: 'ISSUED' };
      await client.send(new PutItemCommand({ TableName: tableName, Item: Object.fromEntries(Object.entries(item).map(([name, value]) => [name, { S: value }])) }));
    };

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

  /** A graded item, its route decided at grading when `route` is given (a person's override would start a new round of re-drives). */
  async function aGradedPassport(time: string, route?: 'REPAIR' | 'RECYCLE' | 'RESELL'): Promise<Passport> {
    const passport = await aLabelledPassport(time, true);
    await store.transition(passport.id, { to: 'RECEIVED', at: at(time), event: { type: 'ParcelReceived', data: { by: 'ops' } } });
    const settlement = { outcome: 'ACCEPTED', payout: { amount: 14900, currency: 'EUR' } };
    await store.transition(passport.id, {
      to: 'GRADED',
      at: at(time),
      ...(route ? { set: { route: { route, reason: 'Decided at grading', decidedAt: at(time) } } } : {}),
      event: { type: 'Graded', data: { grade: 'GOOD', route: route ?? 'RESELL', settlement, by: 'ops' } },
    });
    return passport;
  }

  const startsOf = (passport: Passport) => started.filter((start) => start.passportId === passport.id);

  /** Each passport's step started again three times by the sweeps, under the names the sweeper gives. */
  const expectRedrivenThrice = (passports: Passport[], workflow: PassportWorkflow, step: string) => {
    for (const passport of passports) {
      expect(startsOf(passport).map((start) => [start.workflow, start.name])).toEqual([1, 2, 3].map((n) => [workflow, `sweep-${passport.id}-${step}-${n}`]));
    }
  };

  /** Each passport moved to NEEDS_ATTENTION, its step stalled for an hour after three re-drives, with `reason`. */
  const expectFlaggedStalled = async (passports: Passport[], step: string, reason: string) => {
    for (const passport of passports) {
      expect(await store.getPassport(passport.id)).toMatchObject({ state: 'NEEDS_ATTENTION', attention: { reason, basis: { kind: 'STALLED', step, minutes: 60, redrives: 3 } } });
    }
  };

  /**
   * An item the brand may list, its customer paid: graded and routed to RESELL (its voucher issued), or back from its
   * repair. `settled: false` leaves the graded one's payout to be made (a bank account not yet entered).
   */
  async function aResellablePassport(time: string, state: 'GRADED' | 'REPAIRED', { settled = true } = {}): Promise<Passport> {
    if (state === 'REPAIRED') {
      const repairing = await aRoutedPassport(time, 'IN_REPAIR');
      await paid(repairing);
      await store.transition(repairing.id, { to: 'REPAIRED', at: at(time), event: { type: 'Repaired', data: { jobId: 'J-1', partnerId: 'rp-1' } } });
      return (await store.getPassport(repairing.id))!;
    }
    const graded = await aGradedPassport(time, 'RESELL');
    if (settled) {
      await paid(graded);
      await store.amend(graded.id, { in: ['GRADED'], at: at(time), event: { type: 'VoucherIssued', data: {} } });
    }
    return (await store.getPassport(graded.id))!;
  }

  /** A graded item the routing moved on without waiting for the payout (to repair, or to recycling), at `when`. */
  async function aRoutedPassport(time: string, to: 'IN_REPAIR' | 'RECYCLED', when = at(time)): Promise<Passport> {
    const passport = await aGradedPassport(time);
    const moves: [PassportState, Parameters<DynamoDbSeedingPassportStore['transition']>[1]['event']][] =
      to === 'IN_REPAIR'
        ? [['IN_REPAIR', { type: 'RepairAssigned', data: { jobId: 'J-1', partnerId: 'rp-1', expectedCost: { amount: 3_000, currency: 'EUR' } } }]]
        : [
            ['RECYCLE', { type: 'RoutedToRecycling', data: { reason: 'not worth repairing' } }],
            ['RECYCLED', { type: 'RoutedToRecycling', data: { reason: 'handed to the recycler' } }],
          ];
    for (const [state, event] of moves) await store.transition(passport.id, { to: state, at: when, event });
    return (await store.getPassport(passport.id))!;
  }

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
    expect(flagged).toMatchObject({
      state: 'NEEDS_ATTENTION',
      attention: { reason: expect.stringContaining('The DHL return label was still not done 60 minutes'), basis: { kind: 'STALLED', step: 'LABEL', minutes: 60, redrives: 3 } },
    });
    expect((await store.getTimeline(passport.id)).filter((event) => event.type === 'NeedsAttention')).toHaveLength(1);
  });

  it('re-drives the payout of an item routed on unpaid, then asks a person with one NeedsAttention event and leaves it where it is', async () => {
    const repairing = await aRoutedPassport('14:00', 'IN_REPAIR');
    const recycled = await aRoutedPassport('14:00', 'RECYCLED');
    for (const time of ['14:15', '14:30', '14:45']) await sweeperAt(time).sweep();
    for (const passport of [repairing, recycled]) {
      expect(startsOf(passport).map((start) => start.name)).toEqual([1, 2, 3].map((n) => `sweep-${passport.id}-PAYOUT-${n}`));
    }

    await sweeperAt('15:00').sweep();
    await sweeperAt('15:15').sweep();

    // The event and the note carry the facts beside the sentence, for the console to word.
    const stalledPayout = { kind: 'STALLED', step: 'PAYOUT', minutes: 60, redrives: 3 };

    for (const [passport, state] of [[repairing, 'IN_REPAIR'], [recycled, 'RECYCLED']] as const) {
      const now = (await store.getPassport(passport.id))!;
      expect(now.state).toBe(state);
      expect(now).not.toHaveProperty('attention');
      expect(startsOf(passport)).toHaveLength(3);
      expect((await store.getTimeline(passport.id)).filter((event) => event.type === 'NeedsAttention')).toEqual([
        expect.objectContaining({ state, data: { reason: expect.stringContaining("The customer's payout was still not done 60 minutes"), basis: stalledPayout } }),
      ]);
    }
    // Both on the brand's list of payouts waiting for a person; a label that stalled is not.
    const noted = await notes.list(brand, 100);
    expect(noted.filter((note) => [repairing.id, recycled.id].includes(note.passportId))).toEqual(
      [recycled, repairing].map((passport) => ({ brand, passportId: passport.id, reason: expect.stringContaining("The customer's payout was still not done"), basis: stalledPayout, at: at('15:00') })),
    );
    expect(noted.every((note) => note.reason.includes('payout'))).toBe(true);
  });

  it('leaves an item routed on alone once it is paid, and one whose last change is more than a day old', async () => {
    const repaired = await aRoutedPassport('16:00', 'IN_REPAIR');
    await paid(repaired);
    const yesterday = await aRoutedPassport('16:00', 'IN_REPAIR', '2026-10-31T12:00:00.000Z');
    await sweeperAt('16:30').sweep();
    expect(startsOf(repaired)).toEqual([]);
    expect(startsOf(yesterday)).toEqual([]);
  });

  it('routes again an item routed to repair or to recycling that is still GRADED, then leaves it to a person; one to resell is not its to route', async () => {
    const routedTo = async (route: 'REPAIR' | 'RECYCLE' | 'RESELL') => {
      const graded = await aGradedPassport('21:00', route);
      await paid(graded);
      return (await store.getPassport(graded.id))!;
    };
    const repair = await routedTo('REPAIR');
    const recycle = await routedTo('RECYCLE');
    const resell = await routedTo('RESELL');
    for (const time of ['21:15', '21:30', '21:45']) await sweeperAt(time).sweep();
    expectRedrivenThrice([repair, recycle], 'ROUTING', 'ROUTING');
    // The RoutingWorkflow's flag step reads the time of the event it was started for.
    expect(startedAt.get(`sweep-${repair.id}-ROUTING-1`)).toBe(at('21:15'));
    expect(startsOf(resell).filter((start) => start.workflow === 'ROUTING')).toEqual([]);

    await sweeperAt('22:00').sweep();

    await expectFlaggedStalled(
      [repair, recycle],
      'ROUTING',
      "The item's route (its repair partner, or recycling) was still not done 60 minutes after the step began, although its workflow was started again 3 times. Look at the workflow's executions and logs for this passport, then override the route.",
    );
  });

  it('lists again an item to resell that its brand sells on a channel and that is not listed, then leaves it to a person', async () => {
    const graded = await aResellablePassport('18:00', 'GRADED');
    const repaired = await aResellablePassport('18:00', 'REPAIRED');
    for (const time of ['18:15', '18:30', '18:45']) await sweeperAt(time).sweep();
    expectRedrivenThrice([graded, repaired], 'LISTING', 'LISTING');
    // The ListingWorkflow's flag step reads the time of the event it was started for.
    expect(startedAt.get(`sweep-${graded.id}-LISTING-1`)).toBe(at('18:15'));

    await sweeperAt('19:00').sweep();
    await sweeperAt('19:15').sweep();

    expect([graded, repaired].map((passport) => startsOf(passport).length)).toEqual([3, 3]);
    await expectFlaggedStalled(
      [graded, repaired],
      'LISTING',
      "The item's listing on the brand's channels was still not done 60 minutes after the step began, although its workflow was started again 3 times. Look at the workflow's executions and logs for this passport, then route the item to RESELL again.",
    );
  });

  it('leaves alone an item whose payout is still to be made, one routed elsewhere, and the items of a brand that sells on no channel of the platform', async () => {
    const unsettled = await aResellablePassport('20:00', 'GRADED', { settled: false });
    const unrouted = await aGradedPassport('20:00');
    await paid(unrouted);
    await store.amend(unrouted.id, { in: ['GRADED'], at: at('20:00'), event: { type: 'VoucherIssued', data: {} } });
    const ownResale = `brand-${newId().toLowerCase()}`;
    const { resale: _, ...config } = demoBrand.config;
    await store.putCatalog({ ...demoBrand, config: { ...config, brand: ownResale } });
    const elsewhere = new DynamoDbSeedingPassportStore(tableName, client);
    const quote = aQuote({ brand: ownResale });
    await elsewhere.saveQuote(quote);
    const outside = aPassport(quote, { state: 'REPAIRED', createdAt: at('20:00'), updatedAt: at('20:00') });
    await elsewhere.createPassport(outside, { type: 'TakeBackRequested', data: {} });

    await sweeperAt('20:30').sweep();

    expect([unsettled, unrouted, outside].flatMap((passport) => startsOf(passport).filter((start) => start.workflow === 'LISTING'))).toEqual([]);
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

  it('counts the re-drives of a label anew once a person had it made again: its next stall is re-driven three times before it is flagged again', async () => {
    // Flagged by the sweeper: its label stalled for an hour after three re-drives. Sweeps of the small hours, after the other tests'.
    const passport = await aRequestedPassport('01:00');
    for (const time of ['01:15', '01:30', '01:45', '02:00']) await sweeperAt(time).sweep();
    expect(await store.getPassport(passport.id)).toMatchObject({ state: 'NEEDS_ATTENTION', attention: { basis: { kind: 'STALLED', step: 'LABEL', redrives: 3 } } });

    // A person has the label made again, and its execution is lost as well.
    await labelRetriesAt('02:05').retry({ subject: 'ops-1', brand, roles: ['ops'] }, passport.id, {});
    const retried = (await store.getPassport(passport.id))!;
    expect(retried).toMatchObject({ state: 'REQUESTED', updatedAt: at('02:05') });
    for (const time of ['02:20', '02:35', '02:50']) await sweeperAt(time).sweep();

    expect(await store.getPassport(passport.id)).toMatchObject({ state: 'REQUESTED' });
    expect(startsOf(passport).map((start) => start.name)).toEqual([
      ...[1, 2, 3].map((n) => `sweep-${passport.id}-LABEL-${n}`),
      `label-retry-${passport.id}-${retried.version}`,
      // Named for the retry's version: the first attempt's names are used.
      ...[1, 2, 3].map((n) => `sweep-${passport.id}-LABEL-v${retried.version}-${n}`),
    ]);

    await sweeperAt('03:05').sweep();

    expect(await store.getPassport(passport.id)).toMatchObject({ state: 'NEEDS_ATTENTION', attention: { basis: { kind: 'STALLED', step: 'LABEL', minutes: 60, redrives: 3 } } });
    expect((await store.getTimeline(passport.id)).map((event) => event.type)).toEqual(['TakeBackRequested', 'NeedsAttention', 'LabelRetried', 'NeedsAttention']);
  });

  it('counts the re-drives of a route anew once a person routed the item again: its next stall is re-driven before it is flagged again', async () => {
    const graded = await aGradedPassport('04:00', 'REPAIR');
    await paid(graded);
    for (const time of ['04:15', '04:30', '04:45', '05:00']) await sweeperAt(time).sweep();
    expect(await store.getPassport(graded.id)).toMatchObject({ state: 'NEEDS_ATTENTION', attention: { basis: { kind: 'STALLED', step: 'ROUTING', redrives: 3 } } });

    // A person routes it again once the cause is mended, and that RoutingWorkflow is lost as well.
    await receiptsAt('05:05').overrideRoute({ subject: 'ops-1', brand, roles: ['ops'] }, graded.id, { route: 'REPAIR', reason: 'The partner is back' });
    const rerouted = (await store.getPassport(graded.id))!;
    await sweeperAt('05:20').sweep();

    expect(await store.getPassport(graded.id)).toMatchObject({ state: 'GRADED' });
    expect(startsOf(graded).map((start) => start.name).slice(3)).toEqual([`sweep-${graded.id}-ROUTING-v${rerouted.version}-1`]);
  });
});
