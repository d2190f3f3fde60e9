import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDbListingStore } from '../adapters/dynamodb/listing-store';
import type { DynamoDbPassportRecords } from '../adapters/dynamodb/passport-store';
import { ConcurrentChangeError, ConflictError, UnprocessableError } from '../domain/errors';
import type { Passport } from '../domain/passport';
import { isSameSaleReturn, type PassportSaleReturn, type RecordedSale, saleReturnAmounts, saleReturnEntries } from '../domain/sale-return';
import type { Staff } from '../http/staff';
import { SoldSchema } from '../schemas/events';
import type { PassportDetail, SaleReturnRequest } from '../schemas/staff';
import { retryingConcurrentChanges } from './concurrent-changes';
import type { WorkQueueService } from './work-queue-service';

export interface SaleReturnDependencies {
  /** The passports alone: a return reads no brand configuration and calls no channel. */
  store: Pick<DynamoDbPassportRecords, 'transition' | 'getTimeline'>;
  /** The sold channel's listing, which the return takes out of SOLD in its transaction. */
  listings: Pick<DynamoDbListingStore, 'get' | 'move'>;
  passports: WorkQueueService;
  now: () => Date;
}

/**
 * A sold item its buyer sent back, recorded by the warehouse when the parcel arrives. One
 * conditional move SOLD → GRADED with its `SaleReturned` event, its ledger lines (the refund,
 * the fee credited back) and the sold channel's listing moved SOLD → WITHDRAWN, in one transaction;
 * the RoutingWorkflow and the ListingWorkflow take the item from there on the route the warehouse
 * chose, as after a grading (a RESELL item's ListingWorkflow writes that listing LISTED again). The channel's own refund
 * is the channel's business (the brand refunds the buyer there); this records what it was.
 */
export class SaleReturns {
  constructor(private readonly deps: SaleReturnDependencies) {}

  async recordReturn(staff: Staff, id: string, request: SaleReturnRequest): Promise<PassportDetail> {
    return retryingConcurrentChanges(() => this.recordReturnOnce(staff, id, request));
  }

  private async recordReturnOnce(staff: Staff, id: string, request: SaleReturnRequest): Promise<PassportDetail> {
    const passport = await this.deps.passports.passportOf(staff, id);
    if (passport.state !== 'SOLD' || !passport.sale) {
      // The same person's same return again (its first answer lost): answered with the item as it is now.
      if (await this.repeats(passport, staff, request)) return this.deps.passports.detailOf(passport);
      throw new ConflictError(`Passport ${id} is ${passport.state}; only a SOLD item can come back from its buyer.`, { currentState: passport.state });
    }
    const sale = await this.recordedSale(id, passport.sale.orderId);
    const amounts = saleReturnAmounts(sale, request);
    const at = this.deps.now().toISOString();
    const saleReturn: PassportSaleReturn = {
      channel: sale.channel,
      orderId: sale.orderId,
      reason: request.reason,
      ...amounts,
      route: request.route,
      ...(request.notes ? { notes: request.notes } : {}),
      by: staff.subject,
      at,
    };
    // The sale is undone, so its listing no longer sells anything: a listing left SOLD would show a
    // recycled item as sold, and a WITHDRAWN one is reconciled against the channel like any other.
    const listing = await this.deps.listings.get(id, sale.channel);
    const listingWithdrawn = listing?.state === 'SOLD' ? [this.deps.listings.move(listing, 'SOLD', 'WITHDRAWN', at)] : [];
    // The route the reports counted the item on until now, which the return moves it from.
    const from = passport.route?.route;
    let returned: Passport;
    try {
      returned = await this.deps.store.transition(
        id,
        {
          to: 'GRADED',
          from: ['SOLD'],
          // On the version read, so that the listing and the route read with it are still the passport's.
          version: passport.version,
          at,
          set: {
            saleReturn,
            route: {
              route: request.route,
              reason: `Sent back by its buyer (${request.reason})`,
              basis: { kind: 'SALE_RETURN', reason: request.reason },
              decidedAt: at,
              overriddenBy: staff.subject,
            },
          },
          remove: ['sale'],
          event: {
            type: 'SaleReturned',
            data: {
              channel: sale.channel,
              orderId: sale.orderId,
              reason: request.reason,
              ...amounts,
              route: request.route,
              ...(from ? { from } : {}),
              soldAt: sale.at,
              by: staff.subject,
            },
          },
          ledger: saleReturnEntries(sale, amounts, at),
        },
        listingWithdrawn,
      );
    } catch (error) {
      // The listing changed since it was read (the passport's own races the store answers itself): read again and decide again.
      if (error instanceof TransactionCanceledException) throw new ConcurrentChangeError(`The ${sale.channel} listing of ${id} was changed meanwhile.`);
      throw error;
    }
    return this.deps.passports.detailOf(returned);
  }

  private async repeats(passport: Passport, staff: Staff, request: SaleReturnRequest): Promise<boolean> {
    const recorded = passport.saleReturn;
    if (!recorded) return false;
    try {
      return isSameSaleReturn(recorded, staff.subject, request, saleReturnAmounts(await this.recordedSale(passport.id, recorded.orderId), request));
    } catch (error) {
      if (error instanceof UnprocessableError) return false;
      throw error;
    }
  }

  /** The sale as its `Sold` event recorded it: the price, the channel's fee and the buyer's shipping. */
  private async recordedSale(id: string, orderId: string): Promise<RecordedSale> {
    const sold = (await this.deps.store.getTimeline(id)).findLast((event) => event.type === 'Sold' && event.data.orderId === orderId);
    if (!sold) throw new UnprocessableError(`Passport ${id} has no record of order ${orderId}.`);
    const { channel, price, fee, shipping } = SoldSchema.shape.data.parse(sold.data);
    return { channel, orderId, price, fee, ...(shipping ? { shipping } : {}), at: sold.at };
  }
}
