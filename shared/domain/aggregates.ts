/**
 * What one passport event adds to a brand's report aggregates. Every figure is a counter that
 * events only add to (ADD), so the totals are the same whatever the order the events arrive in;
 * masses are whole grams for the same reason (integer sums do not depend on their order, float
 * sums do). Each increment lands in one aggregate item: brand × month × dimension value.
 */
import type { PassportEventDetail } from '../schemas/events';
import { DEFAULT_TIME_ZONE, monthOf } from './calendar';
import type { Money } from './catalog';
import { bucketOf, type CycleStep, hoursBetween } from './cycle-times';
import { impactOfPassport, type ImpactFactor, type ImpactFactors, type PassportImpact, type RecordedImpact } from './impact';
import type { CountedFactor } from '../schemas/reports';
import { voucherCost } from './ledger';
import type { Route } from './routing';

/**
 * Aggregates are kept per category (every report), per sales channel (finance), and per product
 * (the returns report's product table).
 */
export const AGGREGATE_DIMENSIONS = ['category', 'channel', 'product'] as const;
export type AggregateDimension = (typeof AGGREGATE_DIMENSIONS)[number];

/**
 * Costs no sales channel caused (labels, payouts, repairs) are counted under this channel, so
 * that the rows by channel add up to the same totals as the rows by month.
 */
export const NO_CHANNEL = 'none';

/** The events that change a figure; every other event changes none and is not recorded. */
export const COUNTED_EVENT_TYPES = [
  'TakeBackRequested',
  'TakeBackCancelled',
  'LabelCreated',
  'ReturnedToCustomer',
  'ParcelReceived',
  'ParcelRejected',
  'Graded',
  'CounterOfferAnswered',
  'RouteOverridden',
  'Unrepairable',
  'RoutedToRecycling',
  'VoucherIssued',
  'BankPayoutQueued',
  'Repaired',
  'Sold',
  'SaleReturned',
] as const satisfies readonly PassportEventDetail['type'][];

/** The counter names of the aggregate items; the report computation reads them back. */
export const Counter = {
  requested: 'requested',
  /** Take-backs cancelled before their parcel arrived (by the customer or by staff for them). */
  cancelled: 'cancelled',
  /** Items sent back to their customers: a declined counter-offer, or another item than the one traded in. */
  sentBack: 'sentBack',
  received: 'received',
  /** Parcels rejected at the warehouse: empty, or another item than the one traded in. */
  rejected: 'rejected',
  graded: 'graded',
  grade: (grade: string) => `grade_${grade}`,
  route: (route: Route) => `route_${route}`,
  /** Graded items routed to resale or repair (per product). */
  resellable: 'resellable',
  sold: 'sold',
  /** Sales whose buyers sent the item back, in the month of the return; `refunds` is what they got back. */
  buyerReturns: 'buyerReturns',
  refunds: 'refunds',
  /** The same returns in the month of their sale: sales that no longer keep an item in use. */
  unsold: 'unsold',
  recycled: 'recycled',
  itemsPaid: 'itemsPaid',
  payouts: 'payouts',
  payoutCost: 'payoutCost',
  labelCost: 'labelCost',
  repairCost: 'repairCost',
  fees: 'fees',
  revenue: 'revenue',
  gramsDiverted: 'gDiverted',
  gramsCo2eGross: 'gCo2eGross',
  gramsCo2eTransport: 'gCo2eTransport',
  /** Items kept in use counted with one factor (`countedFactorKey`), whose figures the item keeps beside (`AggregateIncrement.factors`). */
  factor: (key: string) => `factor_${key}`,
  cycle: (step: CycleStep, bucket: number) => `${step}_${bucket}`,
  reason: (code: string) => `reason_${code}`,
} as const;

/** What the aggregation knows of the passport: facts fixed once written, so reading them late changes nothing. */
export interface PassportFacts {
  product: { sku: string; name: string; category: string; weightGrams: number };
  /** When the take-back was requested. */
  createdAt: string;
  receipt?: { at: string };
  grading?: { at: string };
  returnReason?: string;
  /** The impact fixed at grading (since 7 December 2026), which a sale counts instead of the factors in force then. */
  impact?: RecordedImpact;
}

/** The brand's settings the figures depend on. */
export interface BrandEconomics {
  timeZone?: string;
  /**
   * What one unit of voucher face value costs the brand; without it, the face value. Only for a voucher whose event
   * carries no cost (issued before 7 December 2026): the others count the cost the ledger booked.
   */
  voucherCostRatio?: number;
  labelCost?: Money;
  impactOverrides?: readonly ImpactFactor[];
  factors: ImpactFactors;
}

/**
 * The impact a counted sale added (its mass diverted and, with a factor, its CO2e gross and transport, in grams)
 * and the month it added it in. It is kept with the sale, so that when the buyer sends the item back the reports
 * take back exactly this, whatever the brand's factors or time zone are by then.
 */
export interface SaleImpact {
  month: string;
  counters: Record<string, number>;
}

/** A sale among a passport's: its channel and order (`ebay#27-11112-22222`). */
export function saleKeyOf(sale: { channel: string; orderId: string }): string {
  return `${sale.channel}#${sale.orderId}`;
}

/** A sale of one passport (`sale` as {@link saleKeyOf} names it), as the kept impacts of sales are looked up by. */
export function passportSaleKey(passportId: string, sale: string): string {
  return `${passportId}#${sale}`;
}

type SoldEvent = Extract<PassportEventDetail, { type: 'Sold' }>;

/** The impact a `Sold` event claims when it is counted with these facts and settings. */
export function saleImpactOf(event: SoldEvent, facts: PassportFacts, economics: BrandEconomics): SaleImpact {
  return { month: monthOf(new Date(event.at), economics.timeZone ?? DEFAULT_TIME_ZONE), counters: keptInUse(facts, economics).counters };
}

/** Counters to add to one aggregate item. */
export interface AggregateIncrement {
  dimension: AggregateDimension;
  month: string;
  value: string;
  counters: Record<string, number>;
  /** The product's name, kept on its items for the report. */
  name?: string;
  /** The factors the counters `factor_{key}` count items of, by key, kept on the item for the impact report. */
  factors?: Record<string, CountedFactor>;
}

/**
 * The increments one event makes. The month of a figure is the month of the event's `at` in the
 * brand's time zone, except for the route mix: a route change (an override, an unrepairable item,
 * a buyer's return on another route) counts in the month the item was graded, so a month's route
 * mix stays the routes of the items graded in it. For a `SaleReturned`,
 * `returnedSale` is what the returned sale claimed when it was counted ({@link saleImpactOf}).
 *
 * @example
 * incrementsOf(soldEvent, facts, economics);
 * // [{ dimension: 'category', month: '2026-12', value: 'smartphone', counters: { sold: 1, revenue: 24900, … } },
 * //  { dimension: 'channel', month: '2026-12', value: 'ebay', counters: { sold: 1, revenue: 24900, fees: 2988 } }]
 */
export function incrementsOf(event: PassportEventDetail, facts: PassportFacts, economics: BrandEconomics, returnedSale?: SaleImpact): AggregateIncrement[] {
  const timeZone = economics.timeZone ?? DEFAULT_TIME_ZONE;
  const month = monthOf(new Date(event.at), timeZone);
  const { category, sku, name } = facts.product;
  const byCategory = (counters: Record<string, number>, inMonth = month): AggregateIncrement => ({ dimension: 'category', month: inMonth, value: category, counters });
  const byProduct = (counters: Record<string, number>, inMonth = month): AggregateIncrement => ({ dimension: 'product', month: inMonth, value: sku, counters, name });
  const byChannel = (channel: string, counters: Record<string, number>): AggregateIncrement => ({ dimension: 'channel', month, value: channel, counters });
  /** A money figure: by category, and by channel where no channel caused it. */
  const cost = (counters: Record<string, number>) => [byCategory(counters), byChannel(NO_CHANNEL, counters)];
  const since = (start: string | undefined, step: CycleStep) => (start ? { [Counter.cycle(step, bucketOf(hoursBetween(start, event.at)))]: 1 } : {});
  const gradingMonth = facts.grading ? monthOf(new Date(facts.grading.at), timeZone) : month;
  const routeChange = (from: Route, to: Route): AggregateIncrement[] => [
    byCategory({ [Counter.route(from)]: -1, [Counter.route(to)]: 1 }, gradingMonth),
    byProduct({ [Counter.resellable]: resellable(to) - resellable(from) }, gradingMonth),
  ];
  const recycled = () => byCategory({ [Counter.recycled]: 1, [Counter.gramsDiverted]: facts.product.weightGrams });

  switch (event.type) {
    case 'TakeBackRequested': {
      const reason = facts.returnReason ? { [Counter.reason(facts.returnReason)]: 1 } : {};
      return [byCategory({ [Counter.requested]: 1 }), byProduct({ [Counter.requested]: 1, ...reason })];
    }
    case 'TakeBackCancelled':
      return [byCategory({ [Counter.cancelled]: 1 }), byProduct({ [Counter.cancelled]: 1 })];
    case 'LabelCreated':
      // A label made since 7 December 2026 is booked when its parcel is received (ParcelReceived's labelCost): DHL bills
      // it only once the parcel is posted. One made before was booked when made, at the brand's label cost.
      if (event.data.costBooked === 'AT_RECEIPT') return [];
      return economics.labelCost ? cost({ [Counter.labelCost]: economics.labelCost.amount }) : [];
    case 'ReturnedToCustomer':
      // The parcel back to the customer is a label the brand pays, as the return label is.
      return [byCategory({ [Counter.sentBack]: 1 }), ...(event.data.cost ? cost({ [Counter.labelCost]: event.data.cost.amount }) : [])];
    case 'ParcelReceived':
      return [byCategory({ [Counter.received]: 1, ...since(facts.createdAt, 'requestToReceipt') }), ...(event.data.labelCost ? cost({ [Counter.labelCost]: event.data.labelCost.amount }) : [])];
    case 'ParcelRejected':
      // Received, never graded: it takes no route and pays nothing (another item's parcel back counts as sentBack).
      return [byCategory({ [Counter.rejected]: 1 }), byProduct({ [Counter.rejected]: 1 })];
    case 'Graded': {
      const { grade, route } = event.data;
      return [
        byCategory({ [Counter.graded]: 1, [Counter.grade(grade)]: 1, [Counter.route(route)]: 1, ...since(facts.receipt?.at, 'receiptToGrading') }),
        byProduct({ [Counter.graded]: 1, [Counter.resellable]: resellable(route) }),
      ];
    }
    case 'CounterOfferAnswered': {
      // A declined item goes back to its customer: graded, but on no route, in the month it was graded.
      const { accepted, route } = event.data;
      if (accepted || !route) return [];
      return [byCategory({ [Counter.route(route)]: -1 }, gradingMonth), byProduct({ [Counter.resellable]: -resellable(route) }, gradingMonth)];
    }
    case 'RouteOverridden':
      return event.data.from === event.data.route ? [] : routeChange(event.data.from, event.data.route);
    case 'Unrepairable':
      return [...routeChange('REPAIR', 'RECYCLE'), recycled(), ...(event.data.cost ? cost({ [Counter.repairCost]: event.data.cost.amount }) : [])];
    case 'RoutedToRecycling':
      return [recycled()];
    case 'VoucherIssued': {
      // The cost its PAYOUT line booked, at the ratio of the moment it was issued. A voucher issued before
      // 7 December 2026 carries none and is priced at the brand's ratio when it is counted, as it was then.
      const { value, cost: booked } = event.data;
      const payoutCost = booked?.amount ?? voucherCost(value, economics.voucherCostRatio).amount;
      return [
        ...cost({ [Counter.itemsPaid]: 1, [Counter.payouts]: value.amount, [Counter.payoutCost]: payoutCost }),
        byCategory(since(facts.grading?.at, 'gradingToPayout')),
      ];
    }
    case 'BankPayoutQueued': {
      const { amount } = event.data.amount;
      return [...cost({ [Counter.itemsPaid]: 1, [Counter.payouts]: amount, [Counter.payoutCost]: amount }), byCategory(since(facts.grading?.at, 'gradingToPayout'))];
    }
    case 'Repaired':
      return event.data.cost ? cost({ [Counter.repairCost]: event.data.cost.amount }) : [];
    case 'Sold': {
      const { channel, price, fee, shipping } = event.data;
      const sale = { [Counter.sold]: 1, [Counter.revenue]: price.amount + (shipping?.amount ?? 0), [Counter.fees]: fee.amount };
      const kept = keptInUse(facts, economics);
      return [{ ...byCategory({ ...sale, ...kept.counters, ...since(facts.grading?.at, 'gradingToSale') }), factors: kept.factors }, byChannel(channel, sale)];
    }
    case 'SaleReturned': {
      // The money counts in the month of the return, as its ledger lines do; the impact the sale
      // claimed (`returnedSale`, kept when the sale was counted) is taken back in the month it was
      // claimed in, so each month keeps what its sales still keep in use. A sale counted before
      // 6 December kept nothing: its impact is worked out again, with the factors in force now.
      // The route the warehouse chose moves the item in the route mix as an override does; a return
      // recorded before 7 December 2026 names no route it came from and leaves the mix as it was.
      const { channel, refund, feeRefunded, soldAt, route, from } = event.data;
      const money = { [Counter.buyerReturns]: 1, [Counter.refunds]: refund.amount, [Counter.fees]: -feeRefunded.amount };
      // A sale not counted yet (its event comes later) is worked out as its count will be, with its factor's figures.
      const recomputed = returnedSale ? undefined : keptInUse(facts, economics);
      const claimed = returnedSale ?? { month: monthOf(new Date(soldAt), timeZone), counters: recomputed!.counters };
      const impact = Object.fromEntries(Object.entries(claimed.counters).map(([counter, value]) => [counter, -value]));
      const rerouted = from && from !== route ? routeChange(from, route) : [];
      const unsold = byCategory({ [Counter.unsold]: 1, ...impact }, claimed.month);
      return [byCategory(money), recomputed ? { ...unsold, factors: recomputed.factors } : unsold, byChannel(channel, money), ...rerouted];
    }
    default:
      return [];
  }
}

function resellable(route: Route): number {
  return route === 'RECYCLE' ? 0 : 1;
}

/**
 * The impact of an item sold again: its mass diverted from waste and, where its category has a
 * factor, the CO2e its reuse avoids and its return parcel emitted (both left out where there is
 * no factor, so the net figure is the sum of the passports' own net figures). A passport graded
 * since 7 December 2026 counts the factor and parcel recorded at its grading, as its customer is
 * shown them; one graded before, the brand's factors in force when the sale is counted.
 */
function keptInUse(facts: PassportFacts, economics: BrandEconomics): { counters: Record<string, number>; factors: Record<string, CountedFactor> } {
  const impact = impactOfPassport({
    category: facts.product.category,
    weightGrams: facts.product.weightGrams,
    factors: economics.factors,
    overrides: economics.impactOverrides ?? [],
    route: 'RESELL',
    ...(facts.impact ? { recorded: facts.impact } : {}),
  });
  const grams = (kg: number) => Math.round(kg * 1000);
  const factor = countedFactorOf(impact);
  const key = countedFactorKey(factor);
  return {
    counters: {
      [Counter.gramsDiverted]: facts.product.weightGrams,
      ...(impact.grossKgCo2e === null ? {} : { [Counter.gramsCo2eGross]: grams(impact.grossKgCo2e), [Counter.gramsCo2eTransport]: grams(impact.transportKgCo2e) }),
      [Counter.factor(key)]: 1,
    },
    factors: { [key]: factor },
  };
}

/** The factor an item kept in use is counted with, as the impact report lists it. */
export function countedFactorOf({ grossKgCo2e, factor }: Pick<PassportImpact, 'grossKgCo2e' | 'factor'>): CountedFactor {
  return { origin: factor.origin, kgCo2ePerItem: grossKgCo2e, source: factor.source, year: factor.year, note: factor.note };
}

/**
 * A short name of a counted factor, the same for the same figures: its items are counted under `factor_{key}`. A
 * 32-bit FNV-1a hash of its figures, in base 36; the few factors of one category in one month do not collide. (Not
 * `node:crypto`: the web app's type-check reads this module through the reports' types, without Node's.)
 *
 * @example
 * countedFactorKey({ origin: 'kreislauf', kgCo2ePerItem: 24.6, source: 'ADEME …', year: 2022, note: '…' }); // e.g. '1x0k3ab'
 */
export function countedFactorKey(factor: CountedFactor): string {
  const text = JSON.stringify([factor.origin, factor.kgCo2ePerItem, factor.source, factor.year, factor.note]);
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return hash.toString(36);
}

/**
 * Increments of several events merged into one per aggregate item, zero counters dropped: a
 * transaction may write each item once.
 */
export function mergeIncrements(increments: readonly AggregateIncrement[]): AggregateIncrement[] {
  const merged = new Map<string, AggregateIncrement>();
  for (const increment of increments) {
    const key = `${increment.dimension}\u0000${increment.month}\u0000${increment.value}`;
    const into = merged.get(key) ?? { ...increment, counters: Object.create(null) as Record<string, number> };
    for (const [counter, delta] of Object.entries(increment.counters)) into.counters[counter] = (into.counters[counter] ?? 0) + delta;
    if (increment.factors) into.factors = { ...into.factors, ...increment.factors };
    merged.set(key, into);
  }
  return [...merged.values()]
    .map((increment) => ({ ...increment, counters: Object.fromEntries(Object.entries(increment.counters).filter(([, delta]) => delta !== 0)) }))
    .filter((increment) => Object.keys(increment.counters).length > 0);
}
