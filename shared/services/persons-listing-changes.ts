import { listingChangesOf, type PersonsListingEvent } from '../domain/listings';
import type { ListingChangeQueue } from './resale-service';

/**
 * A person's recorded listing change (its passport event, handed over by the rule `OnPersonsListingChange`) queued
 * for the channels it names; answers how many messages were queued. Safe to repeat: each message only says "bring
 * this listing in line with our record".
 */
export async function queuePersonsListingChange(queue: ListingChangeQueue, event: PersonsListingEvent): Promise<number> {
  const { changes, reason } = listingChangesOf(event);
  await queue.send(changes, reason);
  return changes.length;
}
