import { listingChangesOf, type RecordedListingEvent } from '../domain/listings';
import type { ListingChangeQueue } from './resale-service';

/**
 * A recorded listing change (its passport event: a person's change, handed over by the rule `OnPersonsListingChange`,
 * or a sale's withdrawal of the other listings, by `OnSaleWithdrawals`) queued for the channels it names; answers how
 * many messages were queued. Safe to repeat: each message only says "bring this listing in line with our record".
 */
export async function queueRecordedListingChange(queue: ListingChangeQueue, event: RecordedListingEvent): Promise<number> {
  const { changes, reason } = listingChangesOf(event);
  await queue.send(changes, reason);
  return changes.length;
}
