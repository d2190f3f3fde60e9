import type { DynamoDbListingStore } from '../adapters/dynamodb/listing-store';
import type { Listing, ListingState, SalesChannelName } from '../domain/listings';
import type { Staff } from '../http/staff';

// How the staff API shows listings: read-only, so that the functions that only read them (the list
// of listings, a passport's page) carry none of the resale service's channels, queue or configuration.

/** A listing as the staff API shows it. */
export function listingView(listing: Listing) {
  return {
    passportId: listing.passportId,
    channel: listing.channel,
    ...(listing.listingId ? { listingId: listing.listingId } : {}),
    sku: listing.sku,
    price: listing.price,
    state: listing.state,
    updatedAt: listing.updatedAt,
  };
}

/** A page of the brand's listings in one state (default LISTED), optionally on one channel. */
export async function listingsPage(
  listings: Pick<DynamoDbListingStore, 'page'>,
  staff: Staff,
  query: { state?: ListingState; channel?: SalesChannelName; cursor?: string; limit?: number },
) {
  const page = await listings.page(staff.brand, query.state ?? 'LISTED', query.channel, query.limit ?? 50, query.cursor);
  return { listings: page.listings.map(listingView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}
