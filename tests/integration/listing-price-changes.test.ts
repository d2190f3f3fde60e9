import { beforeAll, describe, expect, inject, it } from 'vitest';
import { demoBrand } from '../../local/seed/demo-brand';
import { ledgerLinePut } from '../../shared/adapters/dynamodb/ledger-store';
import { DynamoDbListingStore } from '../../shared/adapters/dynamodb/listing-store';
import { DynamoDbPassportEventLog } from '../../shared/adapters/dynamodb/passport-event-log';
import { DynamoDbSeedingPassportStore } from '../../shared/adapters/dynamodb/passport-store';
import { DynamoDbPassportRepairRecords } from '../../shared/adapters/dynamodb/repair-network-store';
import { bankPayoutEntry, labelEntry, type LedgerEntry, ledgerLineOf, voucherPayoutEntry } from '../../shared/domain/ledger';
import { channelFee } from '../../shared/domain/listing-price';
import { CostInOtherCurrencyError, PriceLosesMoneyError } from '../../shared/domain/price-guard';
import type { Staff } from '../../shared/http/staff';
import { ListingChanges, ListingPreparation } from '../../shared/services/resale-service';
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

  /** A phone back from its repair with `costs` booked, listed on every channel. */
  async function aListedRepairedPhone(costs: LedgerEntry[]): Promise<string> {
    const quote = aQuote();
    await store.saveQuote(quote);
    const passport = aPassport(quote, { state: 'IN_REPAIR', grading: { grade: 'GOOD', by: 'grader', at: '2026-11-02T10:00:00.000Z' } });
    await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
    await store.transition(passport.id, { from: ['IN_REPAIR'], to: 'REPAIRED', at, event: { type: 'Repaired', data: { jobId: 'J1', partnerId: 'rp-1' } }, ledger: costs });
    expect((await new ListingPreparation({ store, listings, now }).prepareListings(passport.id)).outcome).toBe('LISTED');
    return passport.id;
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
    const id = await aListedRepairedPhone([...repairCosts().slice(0, 3), repairLine('PARTS', 1_700, 'USD')]);
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
});
