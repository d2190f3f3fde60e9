import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbTakeBackStore } from '../../shared/adapters/dynamodb/passport-store';
import { NotFoundError } from '../../shared/domain/errors';
import type { PassportState } from '../../shared/domain/lifecycle';
import type { PassportEventType } from '../../shared/domain/passport';
import { ListingFailures } from '../../shared/services/listing-failures';
import { newId } from '../../shared/services/tokens';
import { aPassport, aQuote } from '../support/fixtures';
import { changedAfterFirstRead } from '../support/racing-store';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const PATHS: Record<'GRADED' | 'REPAIRED' | 'LISTED' | 'SOLD', [PassportState, PassportEventType][]> = {
  GRADED: [['LABEL_CREATED', 'LabelCreated'], ['RECEIVED', 'ParcelReceived'], ['GRADED', 'Graded']],
  REPAIRED: [['LABEL_CREATED', 'LabelCreated'], ['RECEIVED', 'ParcelReceived'], ['GRADED', 'Graded'], ['IN_REPAIR', 'RepairAssigned'], ['REPAIRED', 'Repaired']],
  LISTED: [['LABEL_CREATED', 'LabelCreated'], ['RECEIVED', 'ParcelReceived'], ['GRADED', 'Graded'], ['LISTED', 'Listed']],
  SOLD: [['LABEL_CREATED', 'LabelCreated'], ['RECEIVED', 'ParcelReceived'], ['GRADED', 'Graded'], ['LISTED', 'Listed'], ['SOLD', 'Sold']],
};

const FAILURE = { error: 'SalesChannelRejected', cause: JSON.stringify({ errorType: 'SalesChannelRejected', errorMessage: 'eBay refused the offer: category 9355 needs an EAN' }) };

describe('the ListingWorkflow flagging a passport whose listing failed for good, against DynamoDB Local', () => {
  let store: DynamoDbTakeBackStore;
  let failures: ListingFailures;
  let clock = Date.parse('2026-11-20T10:00:00.000Z');

  beforeAll(async () => {
    const client = localDynamoDb(inject('dynamodbEndpoint'));
    const tableName = `listing-failures-${newId()}`;
    await createTableLikeStack(client, tableName);
    store = new DynamoDbTakeBackStore(tableName, client);
    failures = new ListingFailures({ store, now: () => new Date((clock += 1_000)) });
  });

  async function aPassportIn(state: keyof typeof PATHS): Promise<string> {
    const quote = aQuote();
    await store.saveQuote(quote);
    const passport = aPassport(quote);
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    for (const [to, type] of PATHS[state]) {
      await store.transition(passport.id, { to, at: new Date((clock += 1_000)).toISOString(), event: { type, data: {} } });
    }
    return passport.id;
  }

  it('moves a graded item to NEEDS_ATTENTION with the reason from the error, once however often the step runs', async () => {
    const id = await aPassportIn('GRADED');

    expect(await failures.flagListingFailure(id, FAILURE)).toEqual({ flagged: true });
    expect(await failures.flagListingFailure(id, FAILURE)).toEqual({ flagged: false });

    const passport = await store.getPassport(id);
    expect(passport?.state).toBe('NEEDS_ATTENTION');
    expect(passport?.attention?.reason).toBe(
      "Listing failed (SalesChannelRejected): eBay refused the offer: category 9355 needs an EAN. Check the brand's channels and price rules, then route the item to RESELL again.",
    );
    // The facts beside the sentence, for the console to word: the step, the failure's name and its own words.
    const basis = { kind: 'STEP_FAILED', step: 'LISTING', error: 'SalesChannelRejected', message: 'eBay refused the offer: category 9355 needs an EAN' };
    expect(passport?.attention?.basis).toEqual(basis);
    const flagged = (await store.getTimeline(id)).filter((event) => event.type === 'NeedsAttention');
    expect(flagged).toHaveLength(1);
    expect(flagged[0]!.data).toEqual({ reason: passport?.attention?.reason, basis });
  });

  it('moves a repaired item to NEEDS_ATTENTION as well: nothing else would tell anyone it is not on sale', async () => {
    const id = await aPassportIn('REPAIRED');

    expect(await failures.flagListingFailure(id, FAILURE)).toEqual({ flagged: true });

    expect(await store.getPassport(id)).toMatchObject({
      state: 'NEEDS_ATTENTION',
      attention: { basis: { kind: 'STEP_FAILED', step: 'LISTING', error: 'SalesChannelRejected' } },
    });
    expect((await store.getTimeline(id)).at(-1)).toMatchObject({ type: 'NeedsAttention', state: 'NEEDS_ATTENTION' });
  });

  it('leaves an item that moved on (listed, sold) as it is', async () => {
    for (const state of ['LISTED', 'SOLD'] as const) {
      const id = await aPassportIn(state);
      const before = await store.getTimeline(id);

      expect(await failures.flagListingFailure(id, FAILURE), state).toEqual({ flagged: false });

      expect((await store.getPassport(id))?.state, state).toBe(state);
      expect(await store.getTimeline(id), state).toHaveLength(before.length);
    }
  });

  describe('when ops route the item again after the event the failed run was for', () => {
    /** A graded item routed to RESELL by the event at `eventAt`, as the ListingWorkflow saw it. */
    async function aResellableItem(): Promise<{ id: string; eventAt: string }> {
      const id = await aPassportIn('GRADED');
      const eventAt = new Date((clock += 1_000)).toISOString();
      await store.amend(id, { in: ['GRADED'], at: eventAt, set: { route: { route: 'RESELL', reason: 'graded', decidedAt: eventAt } }, event: { type: 'RouteOverridden', data: {} } });
      return { id, eventAt };
    }
    const reroute = (id: string) => {
      const at = new Date((clock += 1_000)).toISOString();
      return store.amend(id, { in: ['GRADED'], at, set: { route: { route: 'RECYCLE', reason: 'ops', decidedAt: at, overriddenBy: 'ops-1' } }, event: { type: 'RouteOverridden', data: {} } });
    };

    it('leaves the item to the run of its new route', async () => {
      const { id, eventAt } = await aResellableItem();
      await reroute(id);

      expect(await failures.flagListingFailure(id, FAILURE, eventAt)).toEqual({ flagged: false });

      expect(await store.getPassport(id)).toMatchObject({ state: 'GRADED', route: { route: 'RECYCLE' } });
    });

    it('leaves it too when the new route lands between the read and the flag', async () => {
      const { id, eventAt } = await aResellableItem();
      const { store: racing, changed } = changedAfterFirstRead(store, reroute);

      expect(await new ListingFailures({ store: racing, now: () => new Date((clock += 1_000)) }).flagListingFailure(id, FAILURE, eventAt)).toEqual({ flagged: false });

      expect(changed()).toBe(true);
      expect(await store.getPassport(id)).toMatchObject({ state: 'GRADED', route: { route: 'RECYCLE' } });
    });

    it('still flags a failure of the run for the route as it is', async () => {
      const { id, eventAt } = await aResellableItem();

      expect(await failures.flagListingFailure(id, FAILURE, eventAt)).toEqual({ flagged: true });
    });
  });

  it('fails for a passport that does not exist, so the step is retried and then shows in the execution', async () => {
    await expect(failures.flagListingFailure(newId(), FAILURE)).rejects.toBeInstanceOf(NotFoundError);
  });
});
