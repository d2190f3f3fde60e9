import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { ledgerLinePut } from '../../shared/adapters/dynamodb/ledger-store';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbPassportEventLog } from '../../shared/adapters/dynamodb/passport-event-log';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPassportRepairRecords, DynamoDbRepairNetworkStore } from '../../shared/adapters/dynamodb/repair-network-store';
import { bankPayoutEntry, labelEntry, type LedgerEntry, ledgerLineOf, voucherPayoutEntry } from '../../shared/domain/ledger';
import { channelFee } from '../../shared/domain/listing-price';
import { CostInOtherCurrencyError, ListingLosesMoneyError, PriceLosesMoneyError } from '../../shared/domain/price-guard';
import type { Staff } from '../../shared/http/staff';
import { ListingFailures } from '../../shared/services/listing-failures';
import { RouteOverrides } from '../../shared/services/receipt-and-grading-service';
import { ListingChanges, ListingPreparation } from '../../shared/services/resale-service';
import { WorkQueueService } from '../../shared/services/work-queue-service';
import { newId } from '../../shared/services/tokens';
import { aPassport, aQuote } from '../support/fixtures';
import { changedAfterFirstCall } from '../support/racing-store';
import { createTableLikeStack, localDynamoDb } from '../support/table';

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const at = '2026-12-06T10:00:00.000Z';
const ops: Staff = { subject: 'ops-1', brand: 'demo', roles: ['ops'] };
const ebayPricing = demoBrand.config.resale!.channels.ebay!.pricing;
/** What a price nets on eBay after the demo brand's eBay fee. */
const netOnEbay = (price: number) => price - channelFee(price, ebayPricing);

/** A repair's labour or parts line, as a partner's COMPLETED report books it. */
const repairLine = (kind: 'REPAIR' | 'PARTS', amount: number, currency = 'EUR'): LedgerEntry => ({
  entryId: `J1:${kind}`,
  kind,
  direction: 'COST',
  amount: { amount, currency },
  description: `${kind} by Gerätewerk Berlin`,
  at,
  jobId: 'J1',
});
/** A repaired phone's costs: label 5.49 €, a 250 € voucher at 0.6 (150.00 €), labour 40.00 €, parts 15.00 €: 210.49 €. */
const repairCosts = (): LedgerEntry[] => [
  ...labelEntry(eur(549), '00340434161094015902', at),
  voucherPayoutEntry({ voucherId: 'v-1', value: eur(25_000) }, 0.6, at),
  repairLine('REPAIR', 4_000),
  repairLine('PARTS', 1_500),
];
const COST = 21_049;

describe("a person's new price, held to what the item has cost so far", () => {
  const tableName = `price-guard-${newId()}`;
  const client = localDynamoDb(inject('dynamodbEndpoint'));
  const store = new DynamoDbSeedingPassportStore(tableName, client);
  const listings = new DynamoDbListingStore(tableName, client);
  const ledgers = new DynamoDbPassportRepairRecords(tableName, client);
  const now = () => new Date(at);
  const changes = new ListingChanges({ store, listings, ledgers, now });

  beforeAll(async () => {
    await createTableLikeStack(client, tableName);
    await store.putCatalog(demoBrand);
  });

  const preparation = new ListingPreparation({ store, listings, ledgers, now });

  /** A phone back from its repair with `costs` booked. */
  async function aRepairedPhone(costs: LedgerEntry[]): Promise<string> {
    const quote = aQuote();
    await store.saveQuote(quote);
    const passport = aPassport(quote, { state: 'IN_REPAIR', grading: { grade: 'GOOD', by: 'grader', at: '2026-11-02T10:00:00.000Z' } });
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    await store.transition(passport.id, { from: ['IN_REPAIR'], to: 'REPAIRED', at, event: { type: 'Repaired', data: { jobId: 'J1', partnerId: 'rp-1' } }, ledger: costs });
    return passport.id;
  }

  /** A phone back from its repair with `costs` booked, listed on every channel. */
  async function aListedRepairedPhone(costs: LedgerEntry[]): Promise<string> {
    const id = await aRepairedPhone(costs);
    expect((await preparation.prepareListings(id)).outcome).toBe('LISTED');
    return id;
  }

  /** What a refused change must have left as it was: the listing, the timeline and the passport's version. */
  async function recordOf(id: string) {
    return { listing: await listings.get(id, 'ebay'), timeline: await store.getTimeline(id), version: (await store.getPassport(id))?.version };
  }

  it('refuses a price that nets less than the item has cost so far with both figures, and writes nothing', async () => {
    const id = await aListedRepairedPhone(repairCosts());
    const before = await recordOf(id);

    const refusal = changes.changeListing(ops, id, 'ebay', { action: 'price', price: eur(100) });

    await expect(refusal).rejects.toBeInstanceOf(PriceLosesMoneyError);
    await expect(refusal).rejects.toMatchObject({
      status: 422,
      title: 'Price loses money',
      extensions: { cost: eur(COST), net: eur(netOnEbay(100)) },
      issues: [{ in: 'body', path: ['price', 'amount'] }],
    });
    expect(await recordOf(id)).toEqual(before);
  });

  it('saves a losing price sent with acceptLoss, its event naming who accepted which loss and why', async () => {
    const id = await aListedRepairedPhone(repairCosts());

    const changed = await changes.changeListing(ops, id, 'ebay', { action: 'price', price: eur(100), acceptLoss: { reason: 'Display model, clearance' } });

    expect(changed).toMatchObject({ channel: 'ebay', state: 'LISTED', price: eur(100) });
    expect(await listings.get(id, 'ebay')).toMatchObject({ price: eur(100), fee: eur(channelFee(100, ebayPricing)), content: { price: eur(100) } });
    const event = (await store.getTimeline(id)).at(-1);
    expect(event).toMatchObject({ type: 'ListingPriceChanged', state: 'LISTED' });
    expect(event?.data).toEqual({
      channel: 'ebay',
      price: eur(100),
      by: 'ops-1',
      acceptedLoss: { reason: 'Display model, clearance', cost: eur(COST), net: eur(netOnEbay(100)) },
    });
  });

  it('takes a price that nets exactly what the item has cost, recording no loss, and refuses one a cent lower', async () => {
    const id = await aListedRepairedPhone(repairCosts());
    let exact = COST;
    while (netOnEbay(exact) < COST) exact += 1;
    expect(netOnEbay(exact)).toBe(COST);

    await expect(changes.changeListing(ops, id, 'ebay', { action: 'price', price: eur(exact - 1) })).rejects.toBeInstanceOf(PriceLosesMoneyError);
    await expect(changes.changeListing(ops, id, 'ebay', { action: 'price', price: eur(exact) })).resolves.toMatchObject({ price: eur(exact) });
    expect((await store.getTimeline(id)).at(-1)?.data).toEqual({ channel: 'ebay', price: eur(exact), by: 'ops-1' });
  });

  it('adds no cost in another currency to the price, even with acceptLoss, and writes nothing', async () => {
    // Listed before its parts were booked in dollars (the automatic listing adds no cost in another currency either).
    const id = await aListedRepairedPhone(repairCosts().slice(0, 3));
    const { Put: put } = ledgerLinePut(tableName, ledgerLineOf((await store.getPassport(id))!, repairLine('PARTS', 1_700, 'USD')));
    await DynamoDBDocumentClient.from(client).send(new PutCommand(put!));
    const before = await recordOf(id);

    for (const acceptLoss of [undefined, { reason: 'Display model, clearance' }]) {
      const refusal = changes.changeListing(ops, id, 'ebay', { action: 'price', price: eur(30_000), ...(acceptLoss ? { acceptLoss } : {}) });
      await expect(refusal).rejects.toBeInstanceOf(CostInOtherCurrencyError);
      await expect(refusal).rejects.toMatchObject({ status: 422, extensions: { entryId: 'J1:PARTS', ledgerCurrency: 'USD' }, issues: [{ path: ['price', 'currency'] }] });
    }
    expect(await recordOf(id)).toEqual(before);
  });

  it("decides again on a cost booked between the ledger's read and the write: a repaired item's bank payout makes the price a loss", async () => {
    // Listed before its customer's bank transfer was queued: only the label is booked yet.
    const id = await aListedRepairedPhone(labelEntry(eur(549), '00340434161094015903', at));
    const passport = (await store.getPassport(id))!;
    const events = new DynamoDbPassportEventLog(tableName, client);
    const payout = bankPayoutEntry({ payoutId: 'po-1', amount: eur(15_000) }, at);
    const { racing, changed } = changedAfterFirstCall(ledgers, 'ledgerOf', () =>
      events.writeWithEvent(id, at, { type: 'BankPayoutQueued', data: { payoutId: 'po-1', amount: eur(15_000) } }, [ledgerLinePut(tableName, ledgerLineOf(passport, payout))]),
    );
    const racingChanges = new ListingChanges({ store, listings, ledgers: racing, now });

    const refusal = racingChanges.changeListing(ops, id, 'ebay', { action: 'price', price: eur(10_000) });

    await expect(refusal).rejects.toMatchObject({ title: 'Price loses money', extensions: { cost: eur(15_549), net: eur(netOnEbay(10_000)) } });
    expect(changed()).toBe(true);
    expect((await listings.get(id, 'ebay'))?.price).not.toEqual(eur(10_000));
    expect((await store.getTimeline(id)).map((event) => event.type)).not.toContain('ListingPriceChanged');
  });

  it('writes eight new prices of one listing sent at the same moment, each read again after the races it lost', async () => {
    // Each race a change loses is lost to another change's write after its read, and each change writes once: of eight
    // at once none loses more than seven, so the eight runs of retryingConcurrentChanges see each through, however the
    // requests interleave (DynamoDB Local cancels no transaction for a conflict). Ten could lose nine; until 7 December
    // 2026 four runs back to back answered some of eight 409 "The passport was changed since version N".
    const id = await aListedRepairedPhone(repairCosts());
    const version = (await store.getPassport(id))!.version;
    const prices = Array.from({ length: 8 }, (_, index) => 30_000 + index);

    const results = await Promise.allSettled(prices.map((price) => changes.changeListing(ops, id, 'ebay', { action: 'price', price: eur(price) })));

    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const written = (await store.getTimeline(id)).filter((event) => event.type === 'ListingPriceChanged').map((event) => (event.data as { price: { amount: number } }).price.amount);
    expect(written.toSorted((a, b) => a - b)).toEqual(prices);
    expect((await listings.get(id, 'ebay'))?.price).toEqual(eur(written.at(-1)!));
    expect((await store.getPassport(id))?.version).toBe(version + prices.length);
  });

  describe("the ListingWorkflow's own prices, by the brand's rules", () => {
    /** What each channel's price nets, as the listing of a phone with the usual repair costs shows them. */
    async function netsByChannel(): Promise<Map<string, number>> {
      const id = await aListedRepairedPhone(repairCosts());
      return new Map((await listings.listingsOf(id)).map((listing) => [listing.channel, listing.price.amount - listing.fee.amount]));
    }

    it('leaves out a channel whose price nets less than the item has cost, naming it with its figures, and lists the others', async () => {
      const nets = await netsByChannel();
      const lowest = Math.min(...nets.values());
      expect(Math.max(...nets.values())).toBeGreaterThan(lowest);
      // A dearer repair: the item has now cost a cent more than the lowest net.
      const id = await aRepairedPhone([...repairCosts(), { ...repairLine('PARTS', lowest + 1 - COST), entryId: 'J1:PARTS-2' }]);

      expect(await preparation.prepareListings(id)).toMatchObject({ outcome: 'LISTED' });

      const paying = [...nets].filter(([, net]) => net > lowest).map(([channel]) => channel).sort();
      const losing = [...nets].filter(([, net]) => net === lowest).map(([channel]) => channel).sort();
      expect((await listings.listingsOf(id)).map((listing) => listing.channel).sort()).toEqual(paying);
      const listed = (await store.getTimeline(id)).find((event) => event.type === 'Listed')!;
      expect((listed.data.listings as { channel: string }[]).map((listing) => listing.channel).sort()).toEqual(paying);
      expect(listed.data.cost).toEqual(eur(lowest + 1));
      expect(listed.data.heldBack).toEqual(losing.map((channel) => ({ channel, price: expect.objectContaining({ currency: 'EUR' }), net: eur(lowest) })));
    });

    it('lists nothing when every channel would lose money, and leaves the item to a person with the figures', async () => {
      const nets = await netsByChannel();
      const id = await aRepairedPhone([...repairCosts(), { ...repairLine('PARTS', Math.max(...nets.values()) + 1 - COST), entryId: 'J1:PARTS-2' }]);
      const before = await store.getTimeline(id);

      const refusal = preparation.prepareListings(id);

      await expect(refusal).rejects.toBeInstanceOf(ListingLosesMoneyError);
      await expect(refusal).rejects.toMatchObject({ extensions: { cost: eur(Math.max(...nets.values()) + 1), channels: expect.arrayContaining([expect.objectContaining({ channel: 'ebay' })]) } });
      const { message } = (await refusal.catch((error: unknown) => error)) as Error;
      expect(message).toMatch(/^By the brand's price rules the item would sell at a loss on every channel: it has cost €[\d,]+\.\d\d so far, and \w+ at €/);
      expect(message).toContain(`ebay at €`);
      expect(await listings.listingsOf(id)).toEqual([]);
      expect(await store.getPassport(id)).toMatchObject({ state: 'REPAIRED' });
      expect(await store.getTimeline(id)).toHaveLength(before.length);
    });

    it("decides again on a cost booked between the ledger's read and the listing's write: a bank payout that makes every channel a loss lists nothing", async () => {
      const nets = await netsByChannel();
      const id = await aRepairedPhone(repairCosts());
      const passport = (await store.getPassport(id))!;
      const payout = bankPayoutEntry({ payoutId: 'po-2', amount: eur(Math.max(...nets.values()) + 1 - COST) }, at);
      const events = new DynamoDbPassportEventLog(tableName, client);
      const { racing, changed } = changedAfterFirstCall(ledgers, 'ledgerOf', () =>
        events.writeWithEvent(id, at, { type: 'BankPayoutQueued', data: { payoutId: 'po-2', amount: payout.amount } }, [ledgerLinePut(tableName, ledgerLineOf(passport, payout))]),
      );

      await expect(new ListingPreparation({ store, listings, ledgers: racing, now }).prepareListings(id)).rejects.toBeInstanceOf(ListingLosesMoneyError);

      expect(changed()).toBe(true);
      expect(await listings.listingsOf(id)).toEqual([]);
      expect(await store.getPassport(id)).toMatchObject({ state: 'REPAIRED' });
    });

    it('lists every channel, at a loss where its price nets less, once a person routes the item to RESELL saying so, and records who and why', async () => {
      const nets = await netsByChannel();
      const cost = Math.max(...nets.values()) + 1;
      const id = await aRepairedPhone([...repairCosts(), { ...repairLine('PARTS', cost - COST), entryId: 'J1:PARTS-2' }]);
      // Paid and routed to repair, as a repaired item is.
      await store.amend(id, { in: ['REPAIRED'], at, set: { route: { route: 'REPAIR', reason: 'A new screen recovers the most', decidedAt: at } }, event: { type: 'VoucherIssued', data: {} } });
      const failure = (await preparation.prepareListings(id).catch((error: unknown) => error)) as Error;
      expect(failure).toBeInstanceOf(ListingLosesMoneyError);
      // As the ListingWorkflow's flag step leaves it, and a person routes it again.
      await new ListingFailures({ store, now }).flagListingFailure(id, { error: failure.name, cause: JSON.stringify({ errorMessage: failure.message }) });
      const receipts = new RouteOverrides({ store, passports: new WorkQueueService({ store, network: ledgers }), repairs: new DynamoDbRepairNetworkStore(tableName, store, client), now });
      const routed = await receipts.overrideRoute(ops, id, { route: 'RESELL', reason: 'Clearance of a display model', acceptLoss: true });
      expect(routed).toMatchObject({ state: 'GRADED', route: { route: 'RESELL', lossAccepted: true, overriddenBy: 'ops-1' } });
      expect((await store.getTimeline(id)).at(-1)).toMatchObject({ type: 'RouteOverridden', data: { route: 'RESELL', lossAccepted: true } });

      expect(await preparation.prepareListings(id)).toMatchObject({ outcome: 'LISTED' });

      expect((await listings.listingsOf(id)).map((listing) => listing.channel).sort()).toEqual([...nets.keys()].sort());
      const listed = (await store.getTimeline(id)).find((event) => event.type === 'Listed')!;
      expect(listed.data.heldBack).toBeUndefined();
      expect(listed.data.acceptedLoss).toEqual({
        reason: 'Clearance of a display model',
        by: 'ops-1',
        cost: eur(cost),
        channels: expect.arrayContaining([...nets].map(([channel, net]) => ({ channel, price: expect.objectContaining({ currency: 'EUR' }), net: eur(net) }))),
      });
    });

    it('lists an item once when its ListingWorkflow runs ten times at once (a sweep or a redrive beside an execution still running)', async () => {
      const id = await aRepairedPhone(repairCosts());

      const prepared = await Promise.all(Array.from({ length: 10 }, () => preparation.prepareListings(id)));

      const channels = (await listings.listingsOf(id)).map((listing) => listing.channel).sort();
      expect(channels).toEqual([...new Set(channels)]);
      expect(channels.length).toBeGreaterThan(0);
      // Each run answers the same listings to queue (the sync applies a listing change once per channel).
      expect(prepared.map(({ outcome, changes }) => [outcome, changes.map((change) => change.channel).sort()])).toEqual(prepared.map(() => ['LISTED', channels]));
      expect((await store.getTimeline(id)).filter((event) => event.type === 'Listed')).toHaveLength(1);
    });

    it('lists at exactly what the item has cost, recording nothing held back', async () => {
      const nets = await netsByChannel();
      const id = await aRepairedPhone([...repairCosts(), { ...repairLine('PARTS', Math.min(...nets.values()) - COST), entryId: 'J1:PARTS-2' }]);

      await preparation.prepareListings(id);

      expect((await listings.listingsOf(id)).map((listing) => listing.channel).sort()).toEqual([...nets.keys()].sort());
      const listed = (await store.getTimeline(id)).find((event) => event.type === 'Listed')!;
      expect(listed.data.heldBack).toBeUndefined();
    });
  });
});
