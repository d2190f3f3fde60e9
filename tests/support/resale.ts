import { PERSONS_LISTING_EVENT_TYPES } from '../../shared/domain/listings';
import type { PassportReads, TakeBackRecords } from '../../shared/ports/passport-store';
import { ListingEventSchema } from '../../shared/schemas/events';
import { queueRecordedListingChange } from '../../shared/services/recorded-listing-changes';
import { ListingChanges, type ListingChangeQueue, type ListingChangesDeps, ListingPreparation, ResaleService, type ResaleServiceDeps } from '../../shared/services/resale-service';
import { aPassport, aQuote } from './fixtures';

/** Resale's three classes on one object, as the tests drive them (each function builds only the class it calls). */
export function resale(deps: ResaleServiceDeps & Pick<ListingChangesDeps, 'ledgers'>) {
  const channels = new ResaleService(deps);
  const preparation = new ListingPreparation(deps);
  const changes = new ListingChanges(deps);
  return {
    prepareListings: preparation.prepareListings.bind(preparation),
    changeListing: changes.changeListing.bind(changes),
    syncListing: channels.syncListing.bind(channels),
    recordSale: channels.recordSale.bind(channels),
    pollOrders: channels.pollOrders.bind(channels),
    reconcile: channels.reconcile.bind(channels),
  };
}

export type Resale = ReturnType<typeof resale>;

/**
 * What the table's stream, the bus, the rules `OnPersonsListingChange` and `OnSaleWithdrawals` and
 * `resale/queue-listing-change` do with the events of passport `id` after its first `since`: each person's listing
 * change, and a sale's withdrawal of the other listings, queued for the channels it names. Answers how many listing
 * events it read.
 */
export async function queueListingEvents(store: Pick<PassportReads, 'getTimeline'>, id: string, since: number, queue: ListingChangeQueue): Promise<number> {
  const types: readonly string[] = [...PERSONS_LISTING_EVENT_TYPES, 'Sold'];
  const events = (await store.getTimeline(id)).slice(since).filter((event) => types.includes(event.type));
  for (const event of events) await queueRecordedListingChange(queue, ListingEventSchema.parse({ ...event, eventId: `${id}/${event.seq}` }));
  return events.length;
}

/** A phone graded GOOD, routed to resale, its voucher issued: the resale stage may list it. */
export async function aPassportToResell(store: TakeBackRecords): Promise<string> {
  const quote = aQuote();
  await store.saveQuote(quote);
  const graded = aPassport(quote, {
    state: 'GRADED',
    grading: { grade: 'GOOD', by: 'grader', at: '2026-11-02T10:00:00.000Z' },
    route: { route: 'RESELL', reason: 'Reselling as is recovers the most', decidedAt: '2026-11-02T10:00:00.000Z' },
  });
  await store.createPassport(graded, { type: 'TakeBackRequested', data: {} });
  await store.amend(graded.id, { in: ['GRADED'], at: '2026-11-02T10:01:00.000Z', event: { type: 'VoucherIssued', data: {} } });
  return graded.id;
}

/** A repaired phone, listed on every channel the brand sells on by `service` (whose channels are the sandboxes). */
export async function aListedRepairedPassport(store: TakeBackRecords, service: Pick<Resale, 'prepareListings' | 'syncListing'>): Promise<string> {
  const quote = aQuote();
  await store.saveQuote(quote);
  const passport = aPassport(quote, { state: 'REPAIRED', grading: { grade: 'LIKE_NEW', by: 'grader', at: '2026-11-02T10:00:00.000Z' } });
  await store.createPassport(passport, { type: 'TakeBackRequested', data: {} });
  const prepared = await service.prepareListings(passport.id);
  for (const change of prepared.changes) await service.syncListing(change);
  return passport.id;
}
