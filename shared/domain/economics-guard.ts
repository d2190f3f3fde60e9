/**
 * The economics guard: a brand's offer, payout and route rules checked against each other, so a
 * configuration that pays a customer more for an item than the item brings back cannot be saved
 * without saying so (`acceptLoss`).
 */
import { payoutRulesOf } from './brand-payouts';
import { GRADES, type AcceptLoss, type BrandCatalog, type Grade, type Money, type Product } from './catalog';
import { UnprocessableError } from './errors';
import { settleGradedValue } from './grading';
import { voucherCost } from './ledger';
import { highestChannelFee, listedNet } from './listing-price';
import { quoteOffer } from './offer';
import { PAYOUT_METHODS, type PayoutMethod } from './passport';
import { CUSTOMER_SEGMENTS, payoutFor, type CustomerSegment, type PayoutBonus } from './payout-rules';
import { decideRoute, repairCostOf, repairedMargin, type CategoryRouteRules, type Route, type RouteEconomics } from './routing';

/** One product × grade × segment × method in which the brand pays more than the item recovers. */
export interface LosingCombination {
  sku: string;
  category: string;
  grade: Grade;
  segment: CustomerSegment;
  method: PayoutMethod;
  /** The route the brand's rules send the item on. */
  route: Route;
  /** The most the customer can receive, bonuses included (a voucher at its face value). */
  payout: Money;
  /** What that payout costs the brand: a voucher at its cost ratio, a transfer at its amount. */
  payoutCost: Money;
  /** What the item brings back on its route, net of channel fee, handling, repair and the label. */
  recovery: Money;
  /** `payoutCost − recovery`, above 0. */
  loss: Money;
  /** Where the rules that pay sit in the brand configuration, e.g. `/config/offerRules/smartphone/LIKE_NEW`. */
  rules: string[];
}

/** The combinations that lose money: how many there are, and the first of them in full. */
export interface LosingCombinations {
  /** How many combinations lose money in all. */
  count: number;
  /** The first `listAtMost` of them, by product, grade, segment and method. */
  listed: LosingCombination[];
}

/**
 * Every combination of product, grade, customer segment and payout method in which the most the
 * brand can pay costs it more than the item recovers, unless one of the rules that pay carries an
 * `acceptLoss`. The most the brand can pay for an item of a grade is the highest payout grading
 * can settle at, over every grade the customer may have assessed (a generous self-assessment is
 * paid within the brand's grading tolerance), plus every bonus. The recovery is what the route the
 * rules choose brings back: the expected resale less the highest fee of the brand's channels,
 * handling and any repair, or the recycling value; less the label in every case.
 *
 * A brand without route rules cannot grade yet, so there is nothing to check; a product the rules
 * cannot price is left to the configuration's validation, which refuses it.
 *
 * Every losing combination is counted, but only the first `listAtMost` are set out in full: a catalogue of
 * 1,500 phones whose rules lose money loses in 24,000 combinations, and their detail is of no more use to the
 * person who reads the first hundred (until 7 December 2026 the 422 listed them all, past Lambda's 6 MB answer).
 *
 * @example
 * findLosingCombinations(demoBrand); // { count: 0, listed: [] }
 * findLosingCombinations(generousBrand, { listAtMost: 100 }).listed[0];
 * // { sku: 'DO-PHONE-X2-128', grade: 'LIKE_NEW', segment: 'RETURNING', method: 'BANK_TRANSFER', route: 'RESELL',
 * //   payoutCost: { amount: 29_552, … }, recovery: { amount: 26_942, … }, loss: { amount: 2_610, … }, rules: [...] }
 */
export function findLosingCombinations(catalog: BrandCatalog, { listAtMost = Infinity }: { listAtMost?: number } = {}): LosingCombinations {
  const { config, products } = catalog;
  const routing = config.routing;
  const found: LosingCombinations = { count: 0, listed: [] };
  if (!routing) return found;
  const payoutRules = payoutRulesOf(config);
  const costRatio = config.payouts?.voucherCostRatio;
  const labelCost = config.labelCost?.amount ?? 0;
  const channelFee = highestChannelFee(config.resale);
  const now = new Date(0);

  products.forEach((product, productIndex) => {
    for (const grade of GRADES) {
      const paid = highestGradedPayout(catalog, product, productIndex, grade, routing.gradingTolerance, now);
      if (!paid) continue;
      const decision = decideRoute({ product, grade, rules: routing.rules, channelFee });
      // Found by decideRoute, which throws for a category the rules do not have.
      const category = routing.rules.categories[product.category]!;
      const listed = listingNets(config.resale, product, grade, category.repair.restoresTo);
      const recovery =
        (decision.route === 'REPAIR'
          ? repairRecovery(product, grade, category, routing.rules.labourRatePerHour, channelFee, listed)
          : recoveryOf(decision.route, decision.economics, listed)) - labelCost;
      for (const segment of CUSTOMER_SEGMENTS) {
        for (const method of PAYOUT_METHODS) {
          const payout = payoutFor({ payout: paid.amount, currency: config.currency, method, grade, category: product.category, segment, rules: payoutRules, now });
          const payoutCost = method === 'VOUCHER' ? voucherCost(payout, costRatio).amount : payout.amount;
          if (payoutCost <= recovery) continue;
          const bonuses = appliedBonuses(payoutRules.tiers, payout.breakdown, grade, product.category, segment);
          const accepted = paid.acceptLoss ?? bonuses.find(([, bonus]) => bonus.acceptLoss)?.[1].acceptLoss;
          if (accepted) continue;
          found.count += 1;
          if (found.listed.length >= listAtMost) continue;
          const money = (amount: number) => ({ amount, currency: config.currency });
          found.listed.push({
            sku: product.sku,
            category: product.category,
            grade,
            segment,
            method,
            route: decision.route,
            payout: money(payout.amount),
            payoutCost: money(payoutCost),
            recovery: money(recovery),
            loss: money(payoutCost - recovery),
            rules: [paid.rule, ...bonuses.map(([path]) => path)],
          });
        }
      }
    }
  });
  return found;
}

interface GradedPayoutBound {
  amount: number;
  /** Where the offer rule that sets it sits. */
  rule: string;
  acceptLoss?: AcceptLoss;
}

/** The most grading can settle at for an item of `grade`, over every self-assessment; undefined when the rules cannot price it. */
function highestGradedPayout(
  catalog: BrandCatalog,
  product: Product,
  productIndex: number,
  grade: Grade,
  tolerance: number,
  now: Date,
): GradedPayoutBound | undefined {
  const { config } = catalog;
  const offerOf = (assessed: Grade) =>
    quoteOffer({ product, grade: assessed, rules: config.offerRules, currency: config.currency, now, validityDays: 1 }).value;
  let best: GradedPayoutBound | undefined;
  try {
    const graded = offerOf(grade);
    for (const assessed of GRADES) {
      const settled = settleGradedValue({ offer: offerOf(assessed), graded, tolerance });
      if (best && settled.payout <= best.amount) continue;
      // The amount is either the worth of the found grade or a bound of the assessed grade's offer.
      const setBy = settled.payout === graded.max ? grade : assessed;
      best = { amount: settled.payout, ...offerRuleOf(catalog, product, productIndex, setBy) };
    }
  } catch (error) {
    if (error instanceof UnprocessableError) return undefined;
    throw error;
  }
  return best;
}

function offerRuleOf(catalog: BrandCatalog, product: Product, productIndex: number, grade: Grade): Omit<GradedPayoutBound, 'amount'> {
  const own = product.tradeIn?.[grade];
  if (own) return { rule: `/products/${productIndex}/tradeIn/${grade}`, ...(own.acceptLoss && { acceptLoss: own.acceptLoss }) };
  const rule = catalog.config.offerRules[product.category]?.[grade];
  return { rule: `/config/offerRules/${product.category}/${grade}`, ...(rule?.acceptLoss && { acceptLoss: rule.acceptLoss }) };
}

/**
 * What the item nets listed as it is and after its repair by the brand's listing price rules, when it sells on the
 * platform's channels.
 */
function listingNets(resale: BrandCatalog['config']['resale'], product: Product, grade: Grade, restoresTo: Grade) {
  return {
    asIs: listedNet(resale, product.newPrice, { grade, repaired: false }),
    repaired: listedNet(resale, product.newPrice, { grade: restoresTo, repaired: true }),
  };
}

/**
 * What reselling as is or recycling recovers: the route rules' estimate, or what the brand's listing price rules
 * would list the item at where that nets less. The route rules' resale share and the price rules' share are set
 * apart; until 7 December 2026 the guard read the first only, and price rules below it let a save pass whose payouts
 * the listings could never earn back (each listing then refused as a loss, the customer paid).
 */
function recoveryOf(route: Exclude<Route, 'REPAIR'>, economics: RouteEconomics, listed: ReturnType<typeof listingNets>): number {
  if (route === 'RECYCLE') return economics.recyclingValue;
  return Math.min(economics.resellMargin, listed.asIs === undefined ? Infinity : listed.asIs - economics.handlingCost);
}

/**
 * What an item sent to repair recovers: what it is listed at repaired (the route rules' resale in the grade a repair
 * restores, or the listing price rules' `repairedShare` where that nets less), less its repair and handling.
 *
 * A route forced to REPAIR in a grade the rules give no repair estimate for, or in a grade at or above `restoresTo`
 * (which the rules' own economics never repair), is valued with the rules' estimate for the grade where they have one,
 * and with no repair cost where they have none: the repaired listing less handling is the most such an item can
 * recover, so payouts above it lose money whatever the partner charges. Refusing the forced route instead would
 * forbid what a brand does on purpose (sending every phone through refurbishment before it is sold), and a repair
 * cost the guard made up would refuse rules on a figure the brand never gave. Until 7 December 2026 such a route was
 * valued at the resale as is, far above a low `repairedShare`, and the save passed rules whose every repaired
 * listing was then refused as a loss, the customer paid.
 */
function repairRecovery(
  product: Product,
  grade: Grade,
  category: CategoryRouteRules,
  labourRatePerHour: number,
  channelFee: (price: number) => number,
  listed: ReturnType<typeof listingNets>,
): number {
  const estimate = category.repair.estimates[grade];
  const repairCost = estimate ? repairCostOf(estimate, labourRatePerHour) : 0;
  const listedMargin = listed.repaired === undefined ? Infinity : listed.repaired - repairCost - category.handlingCost;
  return Math.min(repairedMargin(product, category, repairCost, channelFee), listedMargin);
}

type Tiers = ReturnType<typeof payoutRulesOf>['tiers'];

/** The bonuses that added to a payout, with where they sit in the configuration. */
function appliedBonuses(
  tiers: Tiers,
  breakdown: readonly { label: string; amount: number }[],
  grade: Grade,
  category: string,
  segment: CustomerSegment,
): [string, PayoutBonus][] {
  const base = '/config/payouts/rules/tiers';
  const candidates: [string, string, PayoutBonus | undefined][] = [
    [`Grade ${grade} bonus`, `${base}/grade/${grade}`, tiers.grade?.[grade]],
    [`Category ${category} bonus`, `${base}/category/${category}`, Object.hasOwn(tiers.category ?? {}, category) ? tiers.category?.[category] : undefined],
    [`Segment ${segment} bonus`, `${base}/segment/${segment}`, tiers.segment?.[segment]],
    ['Voucher bonus', `${base}/voucher`, tiers.voucher],
  ];
  return candidates.flatMap(([label, path, bonus]) => (bonus && breakdown.some((line) => line.label === label) ? [[path, bonus] as [string, PayoutBonus]] : []));
}
