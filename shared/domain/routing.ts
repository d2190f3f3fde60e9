/**
 * Where a graded item goes (DESIGN.md §2): resold as it is, repaired and then resold, or recycled.
 * The brand's rules give the money each way earns; a route must beat the recycling value to win.
 */
import { GRADES, type Grade, type Product } from './catalog';
import { formatMoney } from './emails/format';
import { UnprocessableError } from './errors';
import type { SaleReturnReason } from './sale-return';

export const ROUTES = ['RESELL', 'REPAIR', 'RECYCLE'] as const;

export type Route = (typeof ROUTES)[number];

/** What repairing one item of a grade takes. */
export interface RepairEstimate {
  /** Minutes of labour. */
  minutes: number;
  /** Parts, in minor units of the rules' currency. */
  partsCost: number;
}

/** How a brand values the routes of one category. Amounts are minor units of the rules' currency. */
export interface CategoryRouteRules {
  /** The price an item sells for in each grade, as a share of the product's new price. */
  resaleShare: Record<Grade, number>;
  repair: {
    /** The grade a repaired item sells in. */
    restoresTo: Grade;
    /** Only grades worse than `restoresTo` and listed here can be repaired. */
    estimates: Partial<Record<Grade, RepairEstimate>>;
  };
  /** Receiving, cleaning, photographing, listing and shipping one item that is sold. */
  handlingCost: number;
  /** What recycling one item earns, net of what recycling it costs; may be negative. */
  recyclingValue: number;
  /** Routes the brand sets for a grade whatever the economics, e.g. never reselling defective shoes. */
  forcedRoutes?: Partial<Record<Grade, Route>>;
}

/** A brand's route rules, by category. */
export interface RouteRules {
  /** ISO 4217; every amount of the rules is in it. */
  currency: string;
  /** The labour rate the brand assumes for repairs, in minor units per hour. */
  labourRatePerHour: number;
  categories: Record<string, CategoryRouteRules>;
}

/** The money behind a route decision, in minor units. */
export interface RouteEconomics {
  /** What the item sells for in its current grade. */
  expectedResale: number;
  /** Labour and parts; `null` when the item cannot be repaired. */
  repairCost: number | null;
  handlingCost: number;
  recyclingValue: number;
  /** What the channel keeps of the expected resale. */
  channelFee: number;
  /** Reselling as is: expected resale minus the channel fee and handling. */
  resellMargin: number;
  /**
   * Repairing, then reselling in the restored grade, minus the channel fee on that price, repair
   * and handling; `null` when the item cannot be repaired.
   */
  repairMargin: number | null;
}

/**
 * Why an item took its route, as facts rather than a sentence, so that each reader words it in its
 * own language (the staff console in German or English); a route's `reason` says the same in
 * English for the API's other readers. A person's override has none: their reason is their words.
 */
export type RouteBasis =
  /** The rules' economics chose the route: what each way recovers net, minor units of `currency`. */
  | { kind: 'ECONOMICS'; currency: string; resellMargin: number; repairMargin: number | null; recyclingValue: number; restoresTo: Grade }
  /** The brand routes every item of the category in the grade this way (`forcedRoutes`). */
  | { kind: 'FORCED'; category: string; grade: Grade }
  /** A sold item its buyer sent back, for this reason; the person who received it chose the route. */
  | { kind: 'SALE_RETURN'; reason: SaleReturnReason }
  /** The repair partner found the item unrepairable, with their notes as written. */
  | { kind: 'UNREPAIRABLE'; partnerName: string; notes?: string };

export interface RouteDecision {
  route: Route;
  /** One English sentence for the API and the logs; `basis` holds its facts. */
  reason: string;
  basis: Extract<RouteBasis, { kind: 'ECONOMICS' | 'FORCED' }>;
  economics: RouteEconomics;
}

export interface DecideRouteInput {
  product: Product;
  grade: Grade;
  rules: RouteRules;
  /** The repair partner's rate when it is known; the brand's assumed rate otherwise. */
  labourRatePerHour?: number;
  /** What a channel keeps of a sale at a price (minor units); none when the brand sells without fees. */
  channelFee?: (price: number) => number;
}

/**
 * The route for an item in a grade: the one that earns the most, provided it beats the recycling
 * value, unless the brand forces a route for the grade.
 *
 * - Reselling as is recovers the expected resale minus the channel's fee and handling.
 * - Repairing recovers the resale in the grade a repair restores minus the channel's fee, labour,
 *   parts and handling.
 *   An item already as good as that grade, or of a grade without a repair estimate, is not repaired.
 * - Recycling earns the recycling value.
 *
 * Ties: a route must strictly beat the recycling value, so a tie with it recycles; between
 * reselling and repairing a tie resells, which sells sooner and risks no failed repair.
 *
 * What the item has cost so far (its label, the customer's payout) is spent whichever way it goes,
 * so it plays no part here; the economics guard (`economics-guard.ts`) checks it at configuration.
 *
 * @throws UnprocessableError when the rules have no category of the product, or the product is
 *   priced in another currency than the rules.
 * @example
 * decideRoute({ product: phone, grade: 'FAIR', rules: demoRouteRules, channelFee: highestChannelFee(demoResale) });
 * // { route: 'REPAIR', reason: 'Repairing to GOOD recovers €168.02 net, more than reselling as is (€143.14) and recycling (€4.00)', economics: { ... } }
 */
export function decideRoute({ product, grade, rules, labourRatePerHour = rules.labourRatePerHour, channelFee = noFee }: DecideRouteInput): RouteDecision {
  const category = Object.hasOwn(rules.categories, product.category) ? rules.categories[product.category] : undefined;
  if (!category) {
    throw new UnprocessableError(`No route rules configured for category "${product.category}"`, [], {
      category: product.category,
    });
  }
  if (product.newPrice.currency !== rules.currency) {
    throw new UnprocessableError(
      `Product ${product.sku} is priced in ${product.newPrice.currency}, but the route rules are in ${rules.currency}`,
      [],
      { sku: product.sku },
    );
  }

  const economics = routeEconomics(product, grade, category, labourRatePerHour, channelFee);
  // The API's reason is English; the console words `basis` in its own language.
  const money = (amount: number) => formatMoney({ amount, currency: rules.currency }, 'en');
  const { resellMargin, repairMargin, recyclingValue } = economics;

  const forced = category.forcedRoutes?.[grade];
  if (forced) {
    return {
      route: forced,
      reason: `The brand routes every ${product.category} in grade ${grade} to ${forced}`,
      basis: { kind: 'FORCED', category: product.category, grade },
      economics,
    };
  }
  const basis = { kind: 'ECONOMICS', currency: rules.currency, resellMargin, repairMargin, recyclingValue, restoresTo: category.repair.restoresTo } as const;

  const repairBeatsResell = repairMargin !== null && repairMargin > resellMargin;
  if (repairBeatsResell && repairMargin > recyclingValue) {
    return {
      route: 'REPAIR',
      reason: `Repairing to ${category.repair.restoresTo} recovers ${money(repairMargin)} net, more than reselling as is (${money(resellMargin)}) and recycling (${money(recyclingValue)})`,
      basis,
      economics,
    };
  }
  if (!repairBeatsResell && resellMargin > recyclingValue) {
    const repairing =
      repairMargin === null
        ? ''
        : repairMargin === resellMargin
          ? ` and as much as repairing, which it wins as the quicker sale`
          : ` and repairing (${money(repairMargin)})`;
    return {
      route: 'RESELL',
      reason: `Reselling as is recovers ${money(resellMargin)} net, more than recycling (${money(recyclingValue)})${repairing}`,
      basis,
      economics,
    };
  }
  const repairing = repairMargin === null ? '' : ` nor repairing (${money(repairMargin)})`;
  return {
    route: 'RECYCLE',
    reason: `Neither reselling as is (${money(resellMargin)})${repairing} beats recycling (${money(recyclingValue)})`,
    basis,
    economics,
  };
}

const noFee = () => 0;

function routeEconomics(
  product: Product,
  grade: Grade,
  category: CategoryRouteRules,
  labourRatePerHour: number,
  channelFee: (price: number) => number,
): RouteEconomics {
  const { handlingCost, recyclingValue, repair } = category;
  const expectedResale = resaleIn(product, category, grade);
  const estimate = repair.estimates[grade];
  const repairable = estimate !== undefined && GRADES.indexOf(grade) > GRADES.indexOf(repair.restoresTo);
  const repairCost = repairable ? repairCostOf(estimate, labourRatePerHour) : null;
  const fee = channelFee(expectedResale);
  return {
    expectedResale,
    repairCost,
    handlingCost,
    recyclingValue,
    channelFee: fee,
    resellMargin: expectedResale - fee - handlingCost,
    repairMargin: repairCost === null ? null : repairedMargin(product, category, repairCost, channelFee),
  };
}

const resaleIn = (product: Product, category: CategoryRouteRules, grade: Grade) => Math.round(product.newPrice.amount * category.resaleShare[grade]);

/**
 * What a repair by an estimate costs: its labour at the rate, and its parts.
 *
 * @example
 * repairCostOf({ minutes: 45, partsCost: 2_500 }, 6_000); // 7_000
 */
export function repairCostOf(estimate: RepairEstimate, labourRatePerHour: number): number {
  return Math.round((estimate.minutes * labourRatePerHour) / 60) + estimate.partsCost;
}

/**
 * What an item recovers repaired at `repairCost` and resold in the grade a repair restores: that resale minus the
 * channel's fee on it, the repair and handling.
 */
export function repairedMargin(product: Product, category: CategoryRouteRules, repairCost: number, channelFee: (price: number) => number = noFee): number {
  const restoredResale = resaleIn(product, category, category.repair.restoresTo);
  return restoredResale - channelFee(restoredResale) - repairCost - category.handlingCost;
}
