import { ListingChanges, ListingPreparation, ResaleService, type ResaleServiceDeps } from '../../shared/services/resale-service';

/** Resale's three classes on one object, as the tests drive them (each function builds only the class it calls). */
export function resale(deps: ResaleServiceDeps) {
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
