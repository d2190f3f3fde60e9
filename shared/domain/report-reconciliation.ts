/**
 * The nightly reconciliation of the finance report: the same figures computed twice, once from
 * the ledger lines of a month (every money movement of every passport, written where it happened)
 * and once from the report aggregates (counters the passport events add to), must agree. Where
 * they do not, an event was counted twice or not at all, or the two sides compute a figure
 * differently; either way the report is wrong and someone must look.
 */
import type { FinanceFigures } from '../schemas/reports';
import type { LedgerLine } from './ledger';

/**
 * The figures the ledger has lines for; costs, margin and ROI follow from them, so comparing them
 * too would only report one difference three times.
 */
export const RECONCILED_FIGURES = ['itemsPaid', 'payouts', 'payoutCost', 'labelCost', 'repairCost', 'fees', 'itemsSold', 'revenue', 'buyerReturns', 'refunds'] as const satisfies readonly (keyof FinanceFigures)[];
export type ReconciledFigure = (typeof RECONCILED_FIGURES)[number];
export type ReconciledFigures = Record<ReconciledFigure, number>;

/** One figure of one category on which the ledger and the aggregates disagree. */
export interface FigureDrift {
  category: string;
  figure: ReconciledFigure;
  /** The figure recomputed from the ledger lines. */
  ledger: number;
  /** The figure the report answers from the aggregates. */
  aggregates: number;
}

const zero = (): ReconciledFigures => ({ itemsPaid: 0, payouts: 0, payoutCost: 0, labelCost: 0, repairCost: 0, fees: 0, itemsSold: 0, revenue: 0, buyerReturns: 0, refunds: 0 });

/**
 * The finance figures of ledger lines, per product category, the way the finance report defines
 * them: a PAYOUT line is one item paid, its face value the payout and its amount the cost to the
 * brand; REPAIR and PARTS lines are the repair cost; a SALE line is one item sold, and the sale
 * with the SHIPPING the buyer paid is the revenue; CHANNEL_FEE lines are the fees, less FEE_REFUND
 * lines; a SALE_REFUND line is one sale its buyer sent back, its amount the refund.
 *
 * @example
 * ledgerFigures([{ kind: 'PAYOUT', amount: { amount: 18_861, currency: 'EUR' }, faceValue: { amount: 31_435, currency: 'EUR' }, category: 'smartphone', … }]);
 * // Map { 'smartphone' => { itemsPaid: 1, payouts: 31_435, payoutCost: 18_861, labelCost: 0, … } }
 */
export function ledgerFigures(lines: readonly LedgerLine[]): Map<string, ReconciledFigures> {
  const byCategory = new Map<string, ReconciledFigures>();
  for (const line of lines) {
    const figures = byCategory.get(line.category) ?? zero();
    const amount = line.amount.amount;
    switch (line.kind) {
      case 'PAYOUT':
        figures.itemsPaid += 1;
        figures.payouts += line.faceValue?.amount ?? amount;
        figures.payoutCost += amount;
        break;
      case 'LABEL':
        figures.labelCost += amount;
        break;
      case 'REPAIR':
      case 'PARTS':
        figures.repairCost += amount;
        break;
      case 'CHANNEL_FEE':
        figures.fees += amount;
        break;
      case 'SALE':
        figures.itemsSold += 1;
        figures.revenue += amount;
        break;
      case 'SHIPPING':
        figures.revenue += amount;
        break;
      case 'SALE_REFUND':
        figures.buyerReturns += 1;
        figures.refunds += amount;
        break;
      case 'FEE_REFUND':
        figures.fees -= amount;
        break;
    }
    byCategory.set(line.category, figures);
  }
  return byCategory;
}

/**
 * Every figure of every category on which the two sides disagree, categories in order; a category
 * only one side knows counts as all zeros on the other. Empty when the report is right.
 *
 * @example
 * reportDrift(new Map([['smartphone', { ...figures, labelCost: 549 }]]), new Map([['smartphone', { ...figures, labelCost: 1098 }]]));
 * // [{ category: 'smartphone', figure: 'labelCost', ledger: 549, aggregates: 1098 }]
 */
export function reportDrift(ledger: ReadonlyMap<string, ReconciledFigures>, aggregates: ReadonlyMap<string, ReconciledFigures>): FigureDrift[] {
  const categories = [...new Set([...ledger.keys(), ...aggregates.keys()])].sort();
  return categories.flatMap((category) => {
    const fromLedger = ledger.get(category) ?? zero();
    const fromAggregates = aggregates.get(category) ?? zero();
    return RECONCILED_FIGURES.filter((figure) => fromLedger[figure] !== fromAggregates[figure]).map((figure) => ({
      category,
      figure,
      ledger: fromLedger[figure],
      aggregates: fromAggregates[figure],
    }));
  });
}

/**
 * The reconciled figures of the finance report's rows by category.
 *
 * @example
 * reconciledFiguresOf(financeReport.rows); // Map { 'smartphone' => { itemsPaid: 2, payouts: 29_800, … } }
 */
export function reconciledFiguresOf(rows: readonly (FinanceFigures & { key: string })[]): Map<string, ReconciledFigures> {
  return new Map(
    rows.map(({ key, itemsPaid, payouts, payoutCost, labelCost, repairCost, fees, itemsSold, revenue, buyerReturns, refunds }) => [
      key,
      { itemsPaid, payouts, payoutCost, labelCost, repairCost, fees, itemsSold, revenue, buyerReturns, refunds },
    ]),
  );
}
