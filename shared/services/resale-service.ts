import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { AcceptLoss, BrandCatalog, Money } from '../domain/catalog';
import { resellableOf } from '../domain/resellable';
import { channelListingFor, channelRefusal, enabledChannels, NoChannelTakesItemError } from '../domain/channel-listing';
import { ConcurrentChangeError, ConflictError, NotFoundError, UnprocessableError } from '../domain/errors';
import type { LedgerEntry } from '../domain/ledger';
import { channelFee } from '../domain/listing-price';
import { listingSku, passportIdOfSku } from '../domain/listing-sku';
import { LISTING_STATES, type Listing, type ListingChange, type ListingState, type OrderAmount, type PendingLineRefund, SALES_CHANNELS, type SalesChannelName, unbookableOrderAmount } from '../domain/listings';
import { PASSPORT_STATES } from '../domain/lifecycle';
import type { Passport } from '../domain/passport';
import { costSoFar, guardPrice, ListingLosesMoneyError } from '../domain/price-guard';
import type { DynamoDbListingStore } from '../adapters/dynamodb/listing-store';
import type { Staff } from '../http/staff';
import { listingView } from './listing-views';
import type { DynamoDbPassportStore } from '../adapters/dynamodb/passport-store';
import type { PassportRepairRecords } from '../ports/repair-network';
import { type ChannelOrder, type SalesChannel, SalesChannelRejectedError } from '../ports/sales-channel';
import { retryingConcurrentChanges } from './concurrent-changes';
import { existingPassport, staffPassport } from './passports';

/** The FIFO queue of listing changes (one message group per passport, so one item's changes apply in order). */
export interface ListingChangeQueue {
  send(changes: readonly ListingChange[], reason: string): Promise<void>;
}

export interface ResaleServiceDeps {
  store: Pick<DynamoDbPassportStore, 'getPassport' | 'getCatalog' | 'getTimeline' | 'transition' | 'amend'>;
  listings: DynamoDbListingStore;
  queue: ListingChangeQueue;
  /** The brand's adapter for one channel, with its credentials. */
  channelFor: (catalog: BrandCatalog, channel: SalesChannelName) => Promise<SalesChannel>;
  now: () => Date;
  log?: (message: string, details: Record<string, unknown>) => void;
}

export type SaleOutcome = 'SOLD' | 'CANCELLED' | 'IGNORED';

type PreparedListings = { outcome: 'LISTED' | 'NOT_RESELLABLE' | 'NO_CHANNEL'; changes: ListingChange[] };

/** How long after its sale the reconciliation checks that a sold listing's channel no longer offers the item. */
const SOLD_CHECKED_FOR_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Whether the channel is to offer the listing: LISTED, on a channel the brand sells on. A listing on a channel the
 * brand switched off keeps its state (so the item is offered there again when it is switched back on) and is taken
 * off sale there.
 */
const forSale = (listing: Listing, catalog: BrandCatalog): boolean =>
  listing.state === 'LISTED' && enabledChannels(catalog.config.resale).includes(listing.channel);

/** The brand's catalogue; a brand that is not there is NotFound. */
async function catalogOf(store: Pick<DynamoDbPassportStore, 'getCatalog'>, brand: string): Promise<BrandCatalog> {
  const catalog = await store.getCatalog(brand);
  if (!catalog) throw new NotFoundError(`No brand ${brand}.`);
  return catalog;
}

// Resale (DESIGN.md §2, §6, §7) in three classes, so that each function carries what it calls: the
// listing's preparation (ListingWorkflow's first step) and a person's change of a listing need
// neither the channels' adapters nor their credentials; ResaleService, which talks to the
// channels, does. The ListingWorkflow's second step sends the prepared changes to the queue itself.

/** Lists a resellable item on every channel the brand switched on (as records; the sync applies them). */
export class ListingPreparation {
  constructor(private readonly deps: Pick<ResaleServiceDeps, 'store' | 'listings' | 'now'> & { ledgers: Pick<PassportRepairRecords, 'ledgerOf'> }) {}

  /**
   * Moves a resellable passport (GRADED for resale with its payout settled, or REPAIRED) to LISTED
   * with one listing per channel that takes it, in one transaction. Repeating it for a passport
   * already LISTED answers its listings again, so a retried workflow queues them again.
   * The move is conditional on the version read: when ops override the route (or anything else
   * changes) meanwhile, it decides again on the passport as it is now, and lists nothing the
   * override took off resale.
   *
   * No channel is listed at a price that nets less than the item has cost so far (its ledger, as a
   * person's price is held to it, `guardPrice`): such a channel is left out, and named with its
   * figures in the `Listed` event (`heldBack`); when every channel would lose money, nothing is
   * listed and ListingLosesMoneyError (422) leaves the item to a person. A person who routed the item
   * to RESELL saying to list it even at a loss (`route.lossAccepted`) has every channel listed, those
   * at a loss named in the event's `acceptedLoss` with their reason.
   */
  async prepareListings(passportId: string): Promise<PreparedListings> {
    return retryingConcurrentChanges(() => this.prepareListingsOnce(passportId));
  }

  private async prepareListingsOnce(passportId: string): Promise<PreparedListings> {
    const passport = await existingPassport(this.deps.store, passportId);
    if (passport.state === 'LISTED') {
      const listed = (await this.deps.listings.listingsOf(passportId)).filter((listing) => listing.state === 'LISTED');
      return { outcome: 'LISTED', changes: listed.map(({ channel }) => ({ passportId, channel })) };
    }
    const resellable = await resellableOf(passport, (id) => this.deps.store.getTimeline(id));
    if (!resellable) return { outcome: 'NOT_RESELLABLE', changes: [] };
    const catalog = await this.catalogOf(passport.brand);
    const product = catalog.products.find((candidate) => candidate.sku === passport.product.sku);
    const resale = catalog.config.resale;
    // A brand that sells on no channel of the platform resells in its own way: its items wait, unflagged.
    const selling = enabledChannels(resale);
    if (!resale || selling.length === 0 || !passport.grading) return { outcome: 'NO_CHANNEL', changes: [] };
    if (!product) throw new NoChannelTakesItemError(passport.product.sku, passport.grading.grade, 'NOT_IN_CATALOGUE');
    const at = this.deps.now().toISOString();
    const condition = { grade: passport.grading.grade, repaired: resellable.repaired };
    const listings: Listing[] = selling.flatMap((channel) => {
      const made = channelListingFor({
        channel,
        brand: passport.brand,
        passportId,
        product,
        condition,
        grading: passport.grading,
        photos: passport.grading?.photos ?? [],
        resale,
      });
      if (!made) return [];
      return [{ passportId, brand: passport.brand, channel, sku: made.listing.sku, price: made.pricing.price, fee: made.pricing.fee, state: 'LISTED' as const, content: made.listing, updatedAt: at }];
    });
    if (listings.length === 0) {
      const refusals = selling.map((channel) => ({ channel, refusal: channelRefusal(channel, product, condition)! }));
      throw new NoChannelTakesItemError(product.sku, condition.grade, refusals);
    }
    // Read after the passport, whose version the move is written on: a cost booked meanwhile moves the version.
    const cost = costSoFar(await this.deps.ledgers.ledgerOf(passportId), catalog.config.currency);
    const netOf = (listing: Listing) => ({ channel: listing.channel, price: listing.price, net: { amount: listing.price.amount - listing.fee.amount, currency: listing.price.currency } });
    // A person who routed the item to RESELL may have said to list it even at a loss.
    const lossAccepted = passport.route?.route === 'RESELL' && passport.route.lossAccepted === true;
    const paying = listings.filter((listing) => lossAccepted || netOf(listing).net.amount >= cost.amount);
    const heldBack = listings.filter((listing) => !paying.includes(listing)).map(netOf);
    const atLoss = listings.filter((listing) => netOf(listing).net.amount < cost.amount).map(netOf);
    if (paying.length === 0) throw new ListingLosesMoneyError(cost, heldBack);
    await this.deps.store.transition(
      passportId,
      {
        from: [passport.state],
        version: passport.version,
        to: 'LISTED',
        at,
        event: {
          type: 'Listed',
          data: {
            listings: paying.map(({ channel, sku, price }) => ({ channel, sku, price })),
            ...(heldBack.length > 0 ? { heldBack, cost } : {}),
            ...(lossAccepted && atLoss.length > 0 ? { acceptedLoss: { reason: passport.route!.reason, by: passport.route!.overriddenBy, cost, channels: atLoss } } : {}),
          },
        },
      },
      paying.map((listing) => this.deps.listings.put(listing)),
    );
    await this.deps.listings.registerBrand(passport.brand);
    return { outcome: 'LISTED', changes: paying.map(({ channel }) => ({ passportId, channel })) };
  }

  private catalogOf(brand: string): Promise<BrandCatalog> {
    return catalogOf(this.deps.store, brand);
  }
}

/** What a person's change of a listing reads and writes: the passport, its listings, and its ledger, which a new price is held to. */
export type ListingChangesDeps = Pick<ResaleServiceDeps, 'store' | 'listings' | 'now'> & { ledgers: Pick<PassportRepairRecords, 'ledgerOf'> };

/**
 * A person's change to one listing, recorded with its event in one transaction. The event queues
 * the channel's sync (`listingChangesOf`, through the table's stream and the bus), so nothing is
 * left to do after the write: a request that dies after it still reaches the channel.
 */
export class ListingChanges {
  constructor(private readonly deps: ListingChangesDeps) {}

  /**
   * A person's change to one listing: a new price, withdrawing it, or listing it again. A request
   * that lost a race to another change reads the listing again, so ten withdrawals at once make one
   * and the others are answered 409 with the listing's state, as a later repeat is.
   *
   * A new price is held to what the item has cost so far (`guardPrice`): one that nets less after
   * the channel's fee is refused (PriceLosesMoneyError, 422) unless it carries `acceptLoss`, whose
   * reason and figures its event keeps. The price is written on the passport's version read, so a
   * cost booked between the ledger's read and the write (a repaired item's payout) is decided again.
   */
  changeListing(staff: Staff, passportId: string, channel: SalesChannelName, change: ListingChangeAction) {
    return retryingConcurrentChanges(() => this.changeListingOnce(staff, passportId, channel, change));
  }

  private async changeListingOnce(staff: Staff, passportId: string, channel: SalesChannelName, change: ListingChangeAction) {
    const passport = await staffPassport(this.deps.store, staff, passportId);
    const listing = await this.deps.listings.get(passportId, channel);
    if (!listing) throw new NotFoundError(`Passport ${passportId} has no listing on ${channel}.`);
    const at = this.deps.now().toISOString();
    const needs = (state: ListingState) => {
      if (listing.state !== state) throw new ConflictError(`The listing on ${channel} is ${listing.state}, not ${state}.`, { currentState: listing.state });
    };
    let next: Listing;
    let event: { type: 'ListingPriceChanged' | 'ListingWithdrawn' | 'Listed'; data: Record<string, unknown> };
    let version: number | undefined;
    if (change.action === 'price') {
      needs('LISTED');
      if (change.price.currency !== listing.price.currency) {
        throw new UnprocessableError(`The listing is priced in ${listing.price.currency}.`, [{ in: 'body', path: ['price', 'currency'], message: `must be ${listing.price.currency}` }]);
      }
      const pricing = (await this.catalogOf(passport.brand)).config.resale?.channels[channel]?.pricing;
      const fee = { amount: pricing ? channelFee(change.price.amount, pricing) : 0, currency: change.price.currency };
      const acceptedLoss = guardPrice({ price: change.price, fee, ledger: await this.deps.ledgers.ledgerOf(passportId), acceptLoss: change.acceptLoss });
      next = { ...listing, price: change.price, fee, content: { ...listing.content, price: change.price }, updatedAt: at };
      event = { type: 'ListingPriceChanged', data: { channel, price: change.price, by: staff.subject, ...(acceptedLoss ? { acceptedLoss } : {}) } };
      version = passport.version;
    } else if (change.action === 'withdraw') {
      needs('LISTED');
      next = { ...listing, state: 'WITHDRAWN', updatedAt: at };
      event = { type: 'ListingWithdrawn', data: { channel, by: staff.subject } };
    } else {
      needs('WITHDRAWN');
      next = { ...listing, state: 'LISTED', updatedAt: at };
      event = { type: 'Listed', data: { listings: [{ channel, sku: listing.sku, price: listing.price }], by: staff.subject } };
    }
    try {
      await this.deps.store.amend(passportId, { in: ['LISTED'], ...(version === undefined ? {} : { version }), at, event }, [this.deps.listings.move(next, listing.state, next.state, at)]);
    } catch (error) {
      // The listing was changed since it was read (the passport only after): read again and decide again.
      if (error instanceof TransactionCanceledException) throw new ConcurrentChangeError(`The ${channel} listing of ${passportId} was changed meanwhile.`);
      throw error;
    }
    return listingView(next);
  }

  private catalogOf(brand: string): Promise<BrandCatalog> {
    return catalogOf(this.deps.store, brand);
  }
}

type ListingChangeAction = { action: 'price'; price: Money; acceptLoss?: AcceptLoss | undefined } | { action: 'withdraw' } | { action: 'relist' };

/**
 * The channels' side of resale: applies listing changes to the channels, and makes sure an item is
 * sold once: the first order claims it with a conditional write, the other listings are withdrawn,
 * and an order that raced in is cancelled on its channel.
 */
export class ResaleService {
  constructor(private readonly deps: ResaleServiceDeps) {}

  /**
   * Brings one channel in line with our record of the listing: LISTED on a channel the brand sells on
   * is for sale there (the adapter looks the SKU up before creating, so a retry never lists twice);
   * anything else (withdrawn, cancelled, sold, or listed on a channel the brand switched off) is taken
   * off sale. Safe to repeat; a channel failure throws for the queue to retry.
   *
   * A listing the channel shows on sale gets its price alone: a buyer may order it between our read
   * and our write, and only a write of the quantity (the whole listing, stock 1) would undo that
   * order's stock of zero. Until 7 December 2026 a person's new price was applied as a whole listing,
   * and an order that landed while it was sent was put back on sale and sold twice.
   *
   * A listing the channel shows without stock is put back on sale only after the channel's orders are
   * recorded: a buyer's order takes the stock to zero at once, and our record learns of it with the
   * next poll (within a minute) or webhook. Until 7 December 2026 a relist or a reconciliation in that
   * minute set the stock back to one, and a second buyer's order was accepted and then cancelled as
   * oversold.
   */
  async syncListing({ passportId, channel }: ListingChange): Promise<void> {
    const listing = await this.deps.listings.get(passportId, channel);
    if (!listing) return;
    const catalog = await this.catalogOf(listing.brand);
    const adapter = await this.deps.channelFor(catalog, channel);
    if (!forSale(listing, catalog)) return adapter.withdraw(listing.sku);
    // Looked up even before the channel's id is recorded: a first attempt may have listed it and died before the record.
    const shown = await adapter.findBySku(listing.sku);
    if (shown && shown.quantity === 1) {
      if (shown.price.amount !== listing.price.amount || shown.price.currency !== listing.price.currency) await adapter.updatePrice(listing.sku, listing.price);
      if (shown.externalId !== listing.listingId) await this.deps.listings.recordListingId(passportId, channel, shown.externalId);
      return;
    }
    if (shown?.quantity === 0) {
      const { unrecorded } = await this.pollChannel(listing.brand, channel, adapter);
      if (unrecorded > 0) throw new Error(`An order on ${channel} could not be recorded yet: the listing of ${passportId} goes back on sale once it is.`);
      // A recorded sale moved the listing (SOLD here, WITHDRAWN by a sale elsewhere): its own change syncs it.
      if ((await this.deps.listings.get(passportId, channel))?.state !== 'LISTED') return;
    }
    const { externalId } = await adapter.list({ ...listing.content, price: listing.price });
    if (externalId !== listing.listingId) await this.deps.listings.recordListingId(passportId, channel, externalId);
  }

  /**
   * Records a buyer's order of one of our items on a channel. The first order claims the passport
   * (LISTED → SOLD) in one transaction with its listing's SOLD state (at the order's price and fee), the other listings'
   * WITHDRAWN state, the sale's ledger lines and its `Sold` event, which names the withdrawn
   * channels: the event queues their withdrawal (the rule `OnSaleWithdrawals`), so nothing is left
   * to do after the write, and a recording that dies right after it still takes the item off
   * sale elsewhere. An order for an item that is no longer for sale is recorded as
   * OversoldCancelled and then cancelled on its channel. An order on a listing a person withdrew, of an item still
   * unsold, came before the withdrawal reached the channel (since 8 December 2026): it is the sale while another channel
   * lists the item, and is cancelled with `listingWithdrawn` (the listing left WITHDRAWN, to be relisted) when none does;
   * until then it was cancelled as oversold and its listing could never be relisted. A repeat of a handled order is answered
   * with its outcome, and completes a cancellation that a first attempt left undone.
   * The claim is made on the version read: when the passport changed meanwhile (ops listed a
   * withdrawn listing again, changed a price), it decides again on the listings as they are now,
   * so that none of them stays for sale beside the sold one.
   *
   * An order a shop pushed (`from.shop`, Shopify's `X-Shopify-Shop-Domain`) is the brand's only
   * when it comes from the shop the brand's channel names: every shop with the app signs with the
   * same secret, and a SKU is anyone's to type, so another shop's order is IGNORED. An order paid
   * in another currency than its listing's is not booked (the reports would add it up as the
   * brand's currency): it is cancelled as one that cannot be honoured, its currency on the event; so
   * is an order with an amount the ledger cannot book (`unbookableOrderAmount`).
   *
   * An order polled from a brand's channel account (`from.brand`) sells that brand's items only, and
   * only under the SKU the brand's listing has: the SKU names the passport by its last 26
   * characters, and anyone who can list on the account can type another brand's passport id after
   * any prefix. Until 7 December 2026 an order on one brand's eBay account for such a SKU sold
   * another brand's item.
   */
  async recordSale(channel: SalesChannelName, order: ChannelOrder, from: { brand: string } | { shop: string }): Promise<SaleOutcome> {
    const passportId = passportIdOfSku(order.sku);
    if (!passportId) return 'IGNORED';
    return retryingConcurrentChanges(() => this.recordSaleOnce(passportId, channel, order, from));
  }

  private async recordSaleOnce(passportId: string, channel: SalesChannelName, order: ChannelOrder, from: { brand: string } | { shop: string }): Promise<SaleOutcome> {
    const passport = await this.deps.store.getPassport(passportId);
    if (!passport) return 'IGNORED';
    if ('brand' in from ? from.brand !== passport.brand : !(await this.isBrandsShop(passport.brand, channel, from.shop))) return 'IGNORED';
    if (order.sku !== listingSku(passport.brand, passport.id)) return 'IGNORED';
    const handled = await this.deps.listings.orderOutcome(passportId, channel, order.orderId, order.lineId);
    if (handled === 'CANCELLED') await this.tellChannelCancelled(passport, channel, order);
    if (handled) return handled;
    const listings = await this.deps.listings.listingsOf(passportId);
    const sold = listings.find((listing) => listing.channel === channel);
    if (!sold) return 'IGNORED';
    const orderCurrency = [order.price, order.shipping, order.fee].find((money) => money && money.currency !== sold.price.currency)?.currency;
    const unbookable = unbookableOrderAmount(order);
    if (orderCurrency || unbookable) return this.cancelOversold(passportId, channel, order, { ...(orderCurrency ? { orderCurrency } : {}), ...(unbookable ? { unbookable } : {}) });
    // A listing a person withdrew (the item unsold): its buyer ordered before the withdrawal reached the channel.
    const withdrawnByPerson = passport.state === 'LISTED' && sold.state === 'WITHDRAWN';
    if (withdrawnByPerson && !listings.some((listing) => listing.channel !== channel && listing.state === 'LISTED')) return this.cancelWithdrawnOrder(passport, channel, order);
    if (passport.state === 'LISTED' && (sold.state === 'LISTED' || withdrawnByPerson)) {
      try {
        await this.claimSale(passport, sold, listings, order);
        return 'SOLD';
      } catch (error) {
        if (!(error instanceof ConcurrentChangeError || error instanceof TransactionCanceledException)) throw error;
        const again = await this.deps.listings.orderOutcome(passportId, channel, order.orderId, order.lineId);
        if (again) return again;
        // Read again and decide again: another order sold it (then this one is cancelled), or it was changed otherwise.
        if (error instanceof ConcurrentChangeError) throw error;
        // An order on a withdrawn listing is never cancelled as oversold unless a read shows the item sold.
        if (withdrawnByPerson) throw new ConcurrentChangeError(`The listings of ${passportId} changed while order ${order.orderId} was recorded.`);
      }
    }
    return this.cancelOversold(passportId, channel, order);
  }

  private async claimSale(passport: Passport, sold: Listing, listings: Listing[], order: ChannelOrder): Promise<void> {
    const at = this.deps.now().toISOString();
    const catalog = await this.catalogOf(passport.brand);
    const pricing = catalog.config.resale?.channels[sold.channel]?.pricing;
    const fee: Money = order.fee ?? { amount: pricing ? channelFee(order.price.amount, pricing) : sold.fee.amount, currency: order.price.currency };
    const others = listings.filter((listing) => listing.channel !== sold.channel && listing.state === 'LISTED');
    const sale = { channel: sold.channel, orderId: order.orderId };
    const entry = (kind: LedgerEntry['kind'], direction: LedgerEntry['direction'], amount: Money, description: string): LedgerEntry => ({
      entryId: `${kind}#${sold.channel}#${order.orderId}`,
      kind,
      direction,
      amount,
      description,
      at,
      sale,
    });
    const ledger = [
      entry('SALE', 'REVENUE', order.price, `Sold on ${sold.channel}, order ${order.orderId}`),
      entry('CHANNEL_FEE', 'COST', fee, `${sold.channel} fee of order ${order.orderId}`),
      ...(order.shipping && order.shipping.amount > 0 ? [entry('SHIPPING', 'REVENUE', order.shipping, `Shipping paid by the buyer, order ${order.orderId}`)] : []),
    ];
    await this.deps.store.transition(
      passport.id,
      {
        from: ['LISTED'],
        version: passport.version,
        to: 'SOLD',
        at,
        event: {
          type: 'Sold',
          data: {
            channel: sold.channel,
            orderId: order.orderId,
            price: order.price,
            fee,
            ...(order.shipping ? { shipping: order.shipping } : {}),
            // Sold again after a buyer sent it back: the customer who traded it in was told of its first sale.
            ...(passport.saleReturn ? { afterReturn: true } : {}),
            ...(others.length > 0 ? { withdrawn: others.map(({ channel }) => channel) } : {}),
          },
        },
        set: { sale: { channel: sold.channel, orderId: order.orderId, price: order.price, at } },
        ledger,
      },
      [
        // At the price and fee the order was at, as the ledger books them: a person's price change (or the
        // channel's offer) between the order and its recording would otherwise stand on the sold listing.
        // LISTED, or WITHDRAWN by a person while the item was listed elsewhere (an order from before the withdrawal).
        this.deps.listings.move({ ...sold, price: order.price, fee }, sold.state, 'SOLD', at),
        ...others.map((listing) => this.deps.listings.move(listing, 'LISTED', 'WITHDRAWN', at)),
        this.deps.listings.orderHandled(passport.id, sold.channel, order.orderId, order.lineId, 'SOLD', at),
      ],
    );
  }

  /** Whether `shop` is the shop the brand sells in on `channel` (only Shopify pushes orders). */
  private async isBrandsShop(brand: string, channel: SalesChannelName, shop: string): Promise<boolean> {
    const channels = (await this.catalogOf(brand)).config.resale?.channels;
    return channel === 'shopify' && channels?.shopify?.shopDomain === shop;
  }

  /**
   * An order of an item that is no longer for sale there. The cancellation is recorded before the
   * channel is told, in one transaction: the order's mark (so that a concurrent delivery of the
   * same order that sold it wins, and nothing is cancelled), the listing's CANCELLED state and the
   * OversoldCancelled event. A crash after it leaves the order open on the channel, where the next
   * poll (or the channel's retry) finds it again and tells the channel; an order cancelled first
   * would no longer be polled, and its record would be lost.
   */
  private async cancelOversold(passportId: string, channel: SalesChannelName, order: ChannelOrder, unhonourable: { orderCurrency?: string; unbookable?: OrderAmount } = {}): Promise<SaleOutcome> {
    const passport = await this.deps.store.getPassport(passportId);
    if (!passport) return 'IGNORED';
    const at = this.deps.now().toISOString();
    const listing = await this.deps.listings.get(passportId, channel);
    const listingCancelled = listing && listing.state !== 'SOLD' && listing.state !== 'CANCELLED' ? [this.deps.listings.move(listing, listing.state, 'CANCELLED', at)] : [];
    try {
      await this.deps.store.amend(
        passportId,
        {
          in: PASSPORT_STATES,
          version: passport.version,
          at,
          event: {
            type: 'OversoldCancelled',
            data: { channel, orderId: order.orderId, ...(passport.sale ? { soldOn: passport.sale.channel } : {}), ...unhonourable },
          },
        },
        [this.deps.listings.orderHandled(passportId, channel, order.orderId, order.lineId, 'CANCELLED', at), ...listingCancelled],
      );
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      // The order was handled meanwhile (then its outcome stands), or its listing changed (then decide again).
      const outcome = await this.deps.listings.orderOutcome(passportId, channel, order.orderId, order.lineId);
      if (!outcome) throw new ConcurrentChangeError(`The ${channel} listing of ${passportId} changed while order ${order.orderId} was cancelled.`);
      if (outcome === 'SOLD') return outcome;
    }
    await this.tellChannelCancelled(passport, channel, order);
    return 'CANCELLED';
  }

  /**
   * An order of an unsold item on a listing a person withdrew, when no other channel lists it: the brand stopped
   * selling the item, so the order is cancelled, but nothing was oversold and the listing stays WITHDRAWN (a person may
   * list it again). Recorded before the channel is told, as an oversold order is: the order's mark and the
   * `OversoldCancelled` event with `listingWithdrawn`, on the passport's version read with the listings, so that a
   * listing relisted, or a sale recorded, meanwhile makes it decide again.
   */
  private async cancelWithdrawnOrder(passport: Passport, channel: SalesChannelName, order: ChannelOrder): Promise<SaleOutcome> {
    const at = this.deps.now().toISOString();
    try {
      await this.deps.store.amend(
        passport.id,
        { in: ['LISTED'], version: passport.version, at, event: { type: 'OversoldCancelled', data: { channel, orderId: order.orderId, listingWithdrawn: true } } },
        [this.deps.listings.orderHandled(passport.id, channel, order.orderId, order.lineId, 'CANCELLED', at, true)],
      );
    } catch (error) {
      if (!(error instanceof ConflictError || error instanceof TransactionCanceledException)) throw error;
      // The order was handled meanwhile (then its outcome stands), or the item changed (then decide again).
      const outcome = await this.deps.listings.orderOutcome(passport.id, channel, order.orderId, order.lineId);
      if (!outcome) throw new ConcurrentChangeError(`The listings of ${passport.id} changed while order ${order.orderId} was cancelled.`);
      if (outcome === 'SOLD') return outcome;
    }
    await this.tellChannelCancelled(passport, channel, order);
    return 'CANCELLED';
  }

  /**
   * Cancels a recorded oversold order on its channel (the adapters read the order first, so a
   * repeat changes nothing), and queues a sync of the listing: the channel's stock went to zero
   * with the order, and if our record still lists it, the channel is told again. A refund the
   * channel settles later is kept, for the order poll to follow (`followPendingRefunds`); a repeat
   * that finds it kept follows it instead of asking the channel again. Until 7 December 2026 a
   * repeat that read the order after eBay had failed the refund, before the poll followed it,
   * asked for a second refund, and the failure was never left to a person.
   *
   * An order line whose cancellation was left to a person is not asked of the channel again: the
   * channel would refund (or fail to) behind their back, and a failed eBay refund changes its
   * order, whose repeat would ask for another refund after each one failed.
   */
  private async tellChannelCancelled(passport: Passport, channel: SalesChannelName, order: ChannelOrder): Promise<void> {
    // The order line's mark says whether a person was left the cancellation, and why the line was cancelled.
    const mark = await this.deps.listings.handledOrder(passport.id, channel, order.orderId, order.lineId);
    if (!mark?.cancellationRefused) await this.cancelOnChannel(passport, channel, order, mark?.listingWithdrawn === true);
    await this.deps.queue.send([{ passportId: passport.id, channel }], mark?.listingWithdrawn ? 'withdrawn' : 'oversold');
  }

  private async cancelOnChannel(passport: Passport, channel: SalesChannelName, order: ChannelOrder, listingWithdrawn: boolean): Promise<void> {
    const adapter = await this.deps.channelFor(await this.catalogOf(passport.brand), channel);
    // A refund of the line asked before and kept is followed, not asked again: the channel settling it changes the
    // order, which a repeat (a listing sync's poll, a poll whose follow-up failed) can read before the follow-up; a
    // failed refund leaves the line unrefunded, and the adapter would ask for a second one in place of the refusal.
    const kept = await this.deps.listings.pendingRefund(passport.brand, channel, order.orderId, order.lineId);
    const refundStatus = adapter.refundStatus?.bind(adapter);
    if (kept && refundStatus) return this.followPendingRefund(kept, refundStatus);
    try {
      const pending = await adapter.cancelOrder(order, listingWithdrawn ? 'The seller withdrew the item from sale.' : 'The item was sold on another channel first.');
      if (pending) {
        const { orderId, lineId } = order;
        await this.deps.listings.keepPendingRefund({ brand: passport.brand, passportId: passport.id, channel, orderId, lineId, refundId: pending.refundId, at: this.deps.now().toISOString() });
      }
    } catch (error) {
      // A refusal for good (an order the channel will no longer cancel) is a person's to settle
      // there; thrown, it would fail every poll of the channel, whose cursor could then never
      // pass the order. Anything else (the channel down) is tried again with the next delivery.
      if (!(error instanceof SalesChannelRejectedError)) throw error;
      this.deps.log?.('the channel refused to cancel an oversold order; cancel it there by hand', {
        brand: passport.brand,
        channel,
        orderId: order.orderId,
        passportId: passport.id,
        error: error.message,
      });
      await this.recordRefusedCancellation(passport.id, channel, order, error.message);
    }
  }

  /**
   * Keeps the channel's refusal on the passport's timeline, where staff see it (the log alone told no one who reads the
   * passport, whose listing showed "cancelled" while the buyer had paid and was neither served nor refunded). Once per
   * order line, however many deliveries of the order and follow-ups of its refund run at once: the event is written
   * with the order line's mark (`cancellationRefused`), which a second write finds, and a write that lost the race
   * for the passport reads its timeline again. A refund `settled` as failed is forgotten in the same transaction.
   */
  private recordRefusedCancellation(passportId: string, channel: SalesChannelName, order: Pick<ChannelOrder, 'orderId' | 'lineId'>, reason: string, settled?: PendingLineRefund): Promise<void> {
    return retryingConcurrentChanges(() => this.recordRefusedCancellationOnce(passportId, channel, order, reason, settled));
  }

  private async recordRefusedCancellationOnce(
    passportId: string,
    channel: SalesChannelName,
    order: Pick<ChannelOrder, 'orderId' | 'lineId'>,
    reason: string,
    settled?: PendingLineRefund,
  ): Promise<void> {
    // A refusal recorded before the order line's mark held it is found on the timeline.
    const recorded = (await this.deps.store.getTimeline(passportId)).some(
      (event) => event.type === 'OversoldCancellationRefused' && event.data.channel === channel && event.data.orderId === order.orderId && event.data.lineId === order.lineId,
    );
    if (!recorded) {
      const at = this.deps.now().toISOString();
      try {
        await this.deps.store.amend(
          passportId,
          { in: PASSPORT_STATES, at, event: { type: 'OversoldCancellationRefused', data: { channel, orderId: order.orderId, lineId: order.lineId, reason: reason.slice(0, 500) } } },
          [this.deps.listings.cancellationRefused(passportId, channel, order.orderId, order.lineId, at), ...(settled ? [this.deps.listings.refundSettled(settled)] : [])],
        );
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        // Recorded meanwhile (the line's mark says so); or, following a refund, a later refund of the line replaced it,
        // and that one is followed instead.
        if (!settled && !(await this.deps.listings.isCancellationRefused(passportId, channel, order.orderId, order.lineId))) throw error;
      }
    }
    if (settled) await this.deps.listings.forgetPendingRefund(settled);
  }

  /**
   * Follows the brand's refunds of oversold order lines that `channel` settles later (eBay answers them `PENDING`): one
   * the channel made is forgotten; one it failed is a refusal like an immediate one, recorded once for a person. Answers
   * how many could not be followed now (the channel down, say); they are read again with the next poll.
   */
  private async followPendingRefunds(brand: string, channel: SalesChannelName, adapter: SalesChannel): Promise<number> {
    const refundStatus = adapter.refundStatus?.bind(adapter);
    if (!refundStatus) return 0;
    let unfollowed = 0;
    for (const refund of await this.deps.listings.pendingRefunds(brand, channel)) {
      try {
        await this.followPendingRefund(refund, refundStatus);
      } catch (error) {
        unfollowed += 1;
        this.deps.log?.('following a pending refund failed', { brand, channel, orderId: refund.orderId, refundId: refund.refundId, error: (error as Error).message });
      }
    }
    return unfollowed;
  }

  /** Follows one kept refund: forgotten once made, recorded once for a person once failed, kept while pending. */
  private async followPendingRefund(refund: PendingLineRefund, refundStatus: NonNullable<SalesChannel['refundStatus']>): Promise<void> {
    const status = await refundStatus(refund, refund.refundId);
    if (status === 'REFUNDED') await this.deps.listings.forgetPendingRefund(refund);
    if (status !== 'FAILED') return;
    const reason = `The channel did not make refund ${refund.refundId} of line ${refund.lineId} of order ${refund.orderId} (refundStatus FAILED); refund the buyer there by hand.`;
    this.deps.log?.('the channel refused to cancel an oversold order; cancel it there by hand', {
      brand: refund.brand,
      channel: refund.channel,
      orderId: refund.orderId,
      passportId: refund.passportId,
      error: reason,
    });
    await this.recordRefusedCancellation(refund.passportId, refund.channel, refund, reason, refund);
  }

  /**
   * Polls every channel of every reselling brand for orders after its stored cursor, records them,
   * and only then stores the next cursor. An order that cannot be recorded now holds the cursor
   * (the next poll reads it again), but the orders after it are still recorded: one failing order
   * must not keep the channel's sales, and so their withdrawals elsewhere, from being recorded.
   * A channel that cannot be polled is skipped until the next poll.
   *
   * Before its orders, the channel's pending refunds are followed: a refund eBay settles changes
   * its order, which this poll then reads again, and a failed one is recorded by then.
   *
   * A channel the brand switched off is polled as long as the brand has a listing there, in any state: a buyer may
   * have ordered there before its listings were withdrawn, and that order must be recorded as the sale or cancelled as
   * oversold, not left paid and unanswered. Until 7 December 2026 a channel switched off was no longer polled: its
   * orders were neither recorded nor cancelled, and the item could sell again elsewhere.
   */
  async pollOrders(): Promise<{ orders: number; failedChannels: string[] }> {
    let orders = 0;
    const failedChannels: string[] = [];
    for (const brand of await this.deps.listings.brands()) {
      const catalog = await this.catalogOrLogged(brand, 'polling orders failed', failedChannels);
      if (!catalog) continue;
      const selling = enabledChannels(catalog.config.resale);
      for (const channel of SALES_CHANNELS) {
        try {
          if (!selling.includes(channel) && !(await this.deps.listings.hasListingOn(brand, channel))) continue;
          const adapter = await this.deps.channelFor(catalog, channel);
          const unfollowed = await this.followPendingRefunds(brand, channel, adapter);
          const polled = await this.pollChannel(brand, channel, adapter);
          orders += polled.recorded;
          if (polled.unrecorded > 0 || unfollowed > 0) failedChannels.push(`${brand}/${channel}`);
        } catch (error) {
          failedChannels.push(`${brand}/${channel}`);
          this.deps.log?.('polling orders failed', { brand, channel, error: (error as Error).message });
        }
      }
    }
    return { orders, failedChannels };
  }

  /**
   * Records one channel's orders after the brand's stored cursor and then stores the next cursor,
   * unless an order could not be recorded (the next poll reads it again). A poll of the schedule and
   * one of a listing's sync may run at once: each order is recorded once whoever reads it, and a
   * cursor one of them sets back only has the next poll read orders already recorded.
   */
  private async pollChannel(brand: string, channel: SalesChannelName, adapter: SalesChannel): Promise<{ recorded: number; unrecorded: number }> {
    const cursor = await this.deps.listings.orderCursor(brand, channel);
    const page = await adapter.pollOrders(cursor);
    let recorded = 0;
    let unrecorded = 0;
    for (const order of page.orders) {
      try {
        await this.recordSale(channel, order, { brand });
        recorded += 1;
      } catch (error) {
        unrecorded += 1;
        this.deps.log?.('recording an order failed', { brand, channel, orderId: order.orderId, error: (error as Error).message });
      }
    }
    // A poll that found nothing new writes nothing: the minute's polls cost reads only.
    if (unrecorded === 0 && page.nextCursor !== cursor) await this.deps.listings.saveOrderCursor(brand, channel, page.nextCursor);
    return { recorded, unrecorded };
  }

  /**
   * Compares what each channel shows with our records and queues a sync for every listing that
   * drifted: ours for sale (LISTED on a channel the brand sells on) but the channel has no stock,
   * another price, or no listing; ours not for sale (withdrawn, sold elsewhere, cancelled, sold
   * there within the last week, or listed on a channel the brand switched off) but the channel still
   * has stock. A channel that cannot be read (down, or a brand without credentials for it) is named
   * in `failedChannels` and its remaining listings are skipped this round; every other brand and
   * channel is still reconciled.
   *
   * Sold listings are checked for a week after their sale: a channel left offering a sold item got
   * its stock back around the sale (a write that crossed the buyer's order), and a week is some 670
   * runs; every sale ever made would cost one channel call each per run.
   */
  async reconcile(): Promise<{ checked: number; repaired: number; failedChannels: string[] }> {
    let checked = 0;
    const drifted: ListingChange[] = [];
    const failedChannels: string[] = [];
    for (const brand of await this.deps.listings.brands()) {
      const catalog = await this.catalogOrLogged(brand, 'reconciling listings failed', failedChannels);
      if (!catalog) continue;
      const soldSince = new Date(this.deps.now().getTime() - SOLD_CHECKED_FOR_MS).toISOString();
      for (const state of LISTING_STATES) {
        for (const listing of await this.deps.listings.allInState(brand, state)) {
          if (state === 'SOLD' && listing.updatedAt < soldSince) continue;
          const failed = `${brand}/${listing.channel}`;
          if (failedChannels.includes(failed)) continue;
          let shown: Awaited<ReturnType<SalesChannel['findBySku']>>;
          try {
            shown = await (await this.deps.channelFor(catalog, listing.channel)).findBySku(listing.sku);
          } catch (error) {
            failedChannels.push(failed);
            this.deps.log?.('reconciling listings failed', { brand, channel: listing.channel, error: (error as Error).message });
            continue;
          }
          checked += 1;
          const inLine =
            forSale(listing, catalog)
              ? shown !== undefined && shown.quantity === 1 && shown.price.amount === listing.price.amount
              : shown === undefined || shown.quantity === 0;
          if (!inLine) drifted.push({ passportId: listing.passportId, channel: listing.channel });
        }
      }
    }
    if (drifted.length > 0) await this.deps.queue.send(drifted, 'reconciliation');
    return { checked, repaired: drifted.length, failedChannels };
  }

  /** The brand's catalogue, or, when it cannot be read, `undefined` with the brand named in `failed` and logged: the other brands go on. */
  private async catalogOrLogged(brand: string, message: string, failed: string[]): Promise<BrandCatalog | undefined> {
    try {
      return await this.catalogOf(brand);
    } catch (error) {
      failed.push(brand);
      this.deps.log?.(message, { brand, error: (error as Error).message });
      return undefined;
    }
  }

  private catalogOf(brand: string): Promise<BrandCatalog> {
    return catalogOf(this.deps.store, brand);
  }
}
