/**
 * The brand reports computed from aggregate items (`aggregates.ts`): pure sums and ratios, so the
 * cost of a report is the number of months × categories (or channels, products) in it, never the
 * number of passports. docs/reports.md explains every figure.
 */
import { MAX_REPORT_MONTHS, nextMonth } from './report-months';
import type {
  FinanceFigures,
  FinanceReport,
  ImpactFigures,
  ImpactReport,
  ReportGrouping,
  ReportKind,
  ReportQuery,
  ReturnsFigures,
  ReturnsReport,
} from '../schemas/reports';
import type { CountedFactor } from '../schemas/reports';
import { type AggregateDimension, Counter, countedFactorKey } from './aggregates';
import { GRADES, type ReturnReason } from './catalog';
import { CYCLE_STEPS, type CycleStep, HOUR_BOUNDS, percentileHours } from './cycle-times';
import { ValidationError } from './errors';
import { ROUTES } from './routing';

/** Which groupings each report offers. */
export const REPORT_GROUPINGS_OF: Record<ReportKind, readonly ReportGrouping[]> = {
  impact: ['month', 'category'],
  finance: ['month', 'category', 'channel'],
  returns: ['month', 'category'],
};

/** One aggregate item as stored: the counters of one brand × month × dimension value. */
export interface AggregateItem {
  dimension: AggregateDimension;
  month: string;
  value: string;
  counters: Readonly<Record<string, number>>;
  name?: string;
  /** The factors its `factor_{key}` counters counted items with, by key. */
  factors?: Readonly<Record<string, CountedFactor>>;
}

/** What a report says besides its figures. */
export interface ReportFrame {
  brand: string;
  currency: string;
  generatedAt: string;
  /** The brand's own names of the categories the report shows (`BrandConfig.categoryNames`); absent when it named none of them. */
  categoryNames?: Record<string, string>;
}

type Counters = Record<string, number>;

/**
 * The months of a report's period, first to last, after checking the query: a grouping the report
 * offers, `from` not after `to`, at most {@link MAX_REPORT_MONTHS} months.
 *
 * @throws ValidationError naming the query parameter at fault.
 * @example
 * reportMonths('impact', { from: '2026-11', to: '2027-01', groupBy: 'month' }); // ['2026-11', '2026-12', '2027-01']
 */
export function reportMonths(kind: ReportKind, query: ReportQuery): string[] {
  const offered = REPORT_GROUPINGS_OF[kind];
  if (!offered.includes(query.groupBy)) {
    throw new ValidationError(`The ${kind} report groups by ${offered.join(' or ')}, not by ${query.groupBy}.`, [
      { in: 'query', path: ['groupBy'], message: `must be one of ${offered.join(', ')}` },
    ]);
  }
  if (query.from > query.to) {
    throw new ValidationError(`The period starts (${query.from}) after it ends (${query.to}).`, [{ in: 'query', path: ['from'], message: 'must not be after to' }]);
  }
  const months: string[] = [];
  for (let month = query.from; month <= query.to; month = nextMonth(month)) {
    if (months.length === MAX_REPORT_MONTHS) {
      throw new ValidationError(`A report covers at most ${MAX_REPORT_MONTHS} months.`, [
        { in: 'query', path: ['to'], message: `must be at most ${MAX_REPORT_MONTHS} months after from` },
      ]);
    }
    months.push(month);
  }
  return months;
}

/** The dimension whose aggregate items a report grouped this way reads. */
export function dimensionOf(groupBy: ReportGrouping): AggregateDimension {
  return groupBy === 'channel' ? 'channel' : 'category';
}

/** The counters of several items added up. */
function sum(items: readonly AggregateItem[]): Counters {
  const total: Counters = Object.create(null);
  for (const item of items) for (const [counter, value] of Object.entries(item.counters)) total[counter] = (total[counter] ?? 0) + value;
  return total;
}

/** Rows by month (every month of the period, empty ones too, so charts keep their axis) or by dimension value. */
function rowsOf<F>(months: readonly string[], groupBy: ReportGrouping, items: readonly AggregateItem[], figures: (counters: Counters) => F): (F & { key: string })[] {
  const groups = new Map<string, AggregateItem[]>();
  if (groupBy === 'month') for (const month of months) groups.set(month, []);
  for (const item of items) {
    const key = groupBy === 'month' ? item.month : item.value;
    if (groupBy === 'month' && !groups.has(key)) continue;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const keys = [...groups.keys()];
  if (groupBy !== 'month') keys.sort();
  return keys.map((key) => ({ key, ...figures(sum(groups.get(key)!)) }));
}

const count = (counters: Counters, name: string) => counters[name] ?? 0;
const kg = (grams: number) => Math.round(grams) / 1000;
const share = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

/** Impact figures of summed counters. */
export function impactFigures(counters: Counters): ImpactFigures {
  const gross = count(counters, Counter.gramsCo2eGross);
  const transport = count(counters, Counter.gramsCo2eTransport);
  return {
    // A sale its buyer sent back keeps nothing in use (it is taken back in the month of the sale).
    itemsKeptInUse: count(counters, Counter.sold) - count(counters, Counter.unsold),
    itemsRecycled: count(counters, Counter.recycled),
    kgDiverted: kg(count(counters, Counter.gramsDiverted)),
    kgCo2eGross: kg(gross),
    kgCo2eTransport: kg(transport),
    kgCo2eNet: kg(gross - transport),
  };
}

/** Finance figures of summed counters. */
export function financeFigures(counters: Counters): FinanceFigures {
  const payoutCost = count(counters, Counter.payoutCost);
  const labelCost = count(counters, Counter.labelCost);
  const repairCost = count(counters, Counter.repairCost);
  const fees = count(counters, Counter.fees);
  const revenue = count(counters, Counter.revenue);
  const refunds = count(counters, Counter.refunds);
  const costs = payoutCost + labelCost + repairCost + fees;
  return {
    itemsPaid: count(counters, Counter.itemsPaid),
    payouts: count(counters, Counter.payouts),
    payoutCost,
    labelCost,
    repairCost,
    fees,
    itemsSold: count(counters, Counter.sold),
    revenue,
    buyerReturns: count(counters, Counter.buyerReturns),
    refunds,
    costs,
    margin: revenue - refunds - costs,
    roi: share(revenue - refunds - costs, costs),
  };
}

/** Returns figures of summed counters. */
export function returnsFigures(counters: Counters): ReturnsFigures {
  const graded = count(counters, Counter.graded);
  const routeMix = Object.fromEntries(ROUTES.map((route) => [route, count(counters, Counter.route(route))])) as ReturnsFigures['routeMix'];
  const cycle = (step: CycleStep) => {
    const histogram = HOUR_BOUNDS.map((_bound, index) => count(counters, Counter.cycle(step, index)));
    histogram.push(count(counters, Counter.cycle(step, HOUR_BOUNDS.length)));
    return { count: histogram.reduce((a, b) => a + b, 0), p50Hours: percentileHours(histogram, 0.5), p90Hours: percentileHours(histogram, 0.9) };
  };
  return {
    requested: count(counters, Counter.requested),
    cancelled: count(counters, Counter.cancelled),
    received: count(counters, Counter.received),
    rejected: count(counters, Counter.rejected),
    sentBack: count(counters, Counter.sentBack),
    graded,
    sold: count(counters, Counter.sold) - count(counters, Counter.unsold),
    recycled: count(counters, Counter.recycled),
    gradeMix: Object.fromEntries(GRADES.map((grade) => [grade, count(counters, Counter.grade(grade))])) as ReturnsFigures['gradeMix'],
    routeMix,
    recoveryRate: share(routeMix.RESELL + routeMix.REPAIR, graded),
    cycleTimes: Object.fromEntries(CYCLE_STEPS.map((step) => [step, cycle(step)])) as ReturnsFigures['cycleTimes'],
  };
}

/**
 * The impact report over the category items of its period; `factors`, `transport` and `method`
 * say which factors the figures used and how. `factorNow` is a category's factor in force now,
 * which stands for the items counted before their factors were kept with the counters.
 */
export function impactReport(
  query: ReportQuery,
  months: readonly string[],
  items: readonly AggregateItem[],
  frame: ReportFrame,
  explained: Pick<ImpactReport, 'transport' | 'method'> & { factorNow: (category: string) => CountedFactor },
): ImpactReport {
  const { factorNow, ...rest } = explained;
  return {
    ...frame,
    report: 'impact',
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    rows: rowsOf(months, query.groupBy, items, impactFigures),
    totals: impactFigures(sum(items)),
    factors: factorsUsed(items, factorNow),
    ...rest,
  };
}

/**
 * The factors the figures of these items used, by category: each factor an item kept in use was
 * counted with (since 7 December 2026), with the items it counted in the period, sales sent back
 * taken off. Items kept in use that no kept factor counts were counted before: they are listed
 * with the category's factor now, as every item was until then. A category with no item kept in
 * use used no factor and is not listed.
 */
function factorsUsed(items: readonly AggregateItem[], factorNow: (category: string) => CountedFactor): ImpactReport['factors'] {
  const byCategory = new Map<string, AggregateItem[]>();
  for (const item of items) byCategory.set(item.value, [...(byCategory.get(item.value) ?? []), item]);
  return [...byCategory.keys()].sort().flatMap((category) => {
    const ofCategory = byCategory.get(category)!;
    const counters = sum(ofCategory);
    // In the order they were first counted in (month by month), so a changed factor follows the one it replaced.
    const known = new Map<string, CountedFactor>();
    for (const item of [...ofCategory].sort((a, b) => a.month.localeCompare(b.month))) {
      for (const [key, factor] of Object.entries(item.factors ?? {}).sort(([a], [b]) => a.localeCompare(b))) if (!known.has(key)) known.set(key, factor);
    }
    const counted = new Map<string, number>();
    for (const key of known.keys()) {
      const value = counters[Counter.factor(key)] ?? 0;
      if (value > 0) counted.set(key, value);
    }
    const uncounted = impactFigures(counters).itemsKeptInUse - [...counted.values()].reduce((a, b) => a + b, 0);
    if (uncounted > 0) {
      const now = factorNow(category);
      const key = countedFactorKey(now);
      known.set(key, now);
      counted.set(key, (counted.get(key) ?? 0) + uncounted);
    }
    return [...counted].map(([key, count]) => ({ category, ...known.get(key)!, items: count }));
  });
}

/** The finance report over the category or channel items of its period. */
export function financeReport(query: ReportQuery, months: readonly string[], items: readonly AggregateItem[], frame: ReportFrame): FinanceReport {
  return {
    ...frame,
    report: 'finance',
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    rows: rowsOf(months, query.groupBy, items, financeFigures),
    totals: financeFigures(sum(items)),
  };
}

/**
 * The returns report over the category items of its period, with the product table over its
 * product items: products by requests, most first; return reasons by count, most first, labelled
 * as the brand labels them (a code the brand no longer offers keeps its code as label).
 */
export function returnsReport(
  query: ReportQuery,
  months: readonly string[],
  items: readonly AggregateItem[],
  productItems: readonly AggregateItem[],
  frame: ReportFrame,
  returnReasons: readonly ReturnReason[],
): ReturnsReport {
  const bySku = new Map<string, AggregateItem[]>();
  for (const item of productItems) bySku.set(item.value, [...(bySku.get(item.value) ?? []), item]);
  const labels = new Map(returnReasons.map((reason) => [reason.code, reason.label]));
  const reasonPrefix = Counter.reason('');
  const products = [...bySku].map(([sku, skuItems]) => {
    const counters = sum(skuItems);
    const graded = count(counters, Counter.graded);
    const resellable = count(counters, Counter.resellable);
    const topReturnReasons = Object.entries(counters)
      .filter(([counter, value]) => counter.startsWith(reasonPrefix) && value > 0)
      .map(([counter, value]) => {
        const code = counter.slice(reasonPrefix.length);
        return { code, label: labels.get(code) ?? code, count: value };
      })
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
    return {
      sku,
      name: skuItems.find((item) => item.name)?.name ?? sku,
      requested: count(counters, Counter.requested),
      cancelled: count(counters, Counter.cancelled),
      rejected: count(counters, Counter.rejected),
      graded,
      resellable,
      resellableShare: share(resellable, graded),
      topReturnReasons,
    };
  });
  products.sort((a, b) => b.requested - a.requested || a.sku.localeCompare(b.sku));
  return {
    ...frame,
    report: 'returns',
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    rows: rowsOf(months, query.groupBy, items, returnsFigures),
    totals: returnsFigures(sum(items)),
    products,
  };
}
