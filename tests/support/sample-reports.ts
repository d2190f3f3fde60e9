import {
  FinanceReportSchema,
  ImpactReportSchema,
  ReturnsReportSchema,
  type FinanceFigures,
  type FinanceReport,
  type ImpactFigures,
  type ImpactReport,
  type ReturnsFigures,
  type ReturnsReport,
} from '../../shared/schemas/reports';

const FRAME = { brand: 'demo', from: '2026-01', to: '2026-03', groupBy: 'month', currency: 'EUR', generatedAt: '2026-04-01T03:00:00.000Z' } as const;

export function impactFigures(overrides: Partial<ImpactFigures> = {}): ImpactFigures {
  return { itemsKeptInUse: 0, itemsRecycled: 0, kgDiverted: 0, kgCo2eGross: 0, kgCo2eTransport: 0, kgCo2eNet: 0, ...overrides };
}

/** An impact report of the demo brand over three months, parsed by its schema so it is one the API could answer. */
export function anImpactReport(overrides: Partial<ImpactReport> = {}): ImpactReport {
  return ImpactReportSchema.parse({
    ...FRAME,
    report: 'impact',
    rows: [
      { key: '2026-01', ...impactFigures({ itemsKeptInUse: 3, itemsRecycled: 1, kgDiverted: 0.77, kgCo2eGross: 73.8, kgCo2eTransport: 0.41, kgCo2eNet: 73.39 }) },
      { key: '2026-02', ...impactFigures() },
      { key: '2026-03', ...impactFigures({ itemsKeptInUse: 1209, itemsRecycled: 7, kgDiverted: 1234.5, kgCo2eGross: 29741.4, kgCo2eTransport: 130.2, kgCo2eNet: 29611.2 }) },
    ],
    totals: impactFigures({ itemsKeptInUse: 1212, itemsRecycled: 8, kgDiverted: 1235.27, kgCo2eGross: 29815.2, kgCo2eTransport: 130.61, kgCo2eNet: 29684.59 }),
    factors: [
      { category: 'smartphone', origin: 'kreislauf', kgCo2ePerItem: 24.6, source: 'ADEME, Base Empreinte', year: 2022, note: 'One extra year of use of a smartphone.', items: 1100 },
      { category: 'tablet', origin: 'none', kgCo2ePerItem: null, source: null, year: null, note: 'No per-item avoided figure is published.', items: 112 },
    ],
    transport: { kgCo2ePerParcel: 0.1, source: 'Thuiswinkel.org 2022' },
    method: 'Gross is the sum of the factors of the items kept in use; transport is the return parcels; net is gross less transport.',
    ...overrides,
  });
}

export function financeFigures(overrides: Partial<FinanceFigures> = {}): FinanceFigures {
  return {
    itemsPaid: 0,
    payouts: 0,
    payoutCost: 0,
    labelCost: 0,
    repairCost: 0,
    fees: 0,
    itemsSold: 0,
    revenue: 0,
    buyerReturns: 0,
    refunds: 0,
    costs: 0,
    margin: 0,
    roi: null,
    ...overrides,
  };
}

export function aFinanceReport(overrides: Partial<FinanceReport> = {}): FinanceReport {
  return FinanceReportSchema.parse({
    ...FRAME,
    report: 'finance',
    rows: [
      { key: '2026-01', ...financeFigures({ itemsPaid: 2, payouts: 29_800, payoutCost: 17_880, labelCost: 1_098, fees: 2_005, itemsSold: 1, revenue: 25_900, costs: 20_983, margin: 4_917, roi: 0.2343 }) },
      { key: '2026-02', ...financeFigures() },
    ],
    totals: financeFigures({ itemsPaid: 2, payouts: 29_800, payoutCost: 17_880, labelCost: 1_098, fees: 2_005, itemsSold: 1, revenue: 25_900, costs: 20_983, margin: 4_917, roi: 0.2343 }),
    ...overrides,
  });
}

const noCycle = { count: 0, p50Hours: null, p90Hours: null };

export function returnsFigures(overrides: Partial<ReturnsFigures> = {}): ReturnsFigures {
  return {
    requested: 0,
    cancelled: 0,
    received: 0,
    rejected: 0,
    sentBack: 0,
    graded: 0,
    sold: 0,
    recycled: 0,
    gradeMix: { LIKE_NEW: 0, GOOD: 0, FAIR: 0, DEFECTIVE: 0 },
    routeMix: { RESELL: 0, REPAIR: 0, RECYCLE: 0 },
    recoveryRate: null,
    cycleTimes: { requestToReceipt: noCycle, receiptToGrading: noCycle, gradingToPayout: noCycle, gradingToSale: noCycle },
    ...overrides,
  };
}

export function aReturnsReport(overrides: Partial<ReturnsReport> = {}): ReturnsReport {
  const figures = returnsFigures({
    requested: 4,
    cancelled: 1,
    received: 3,
    graded: 3,
    gradeMix: { LIKE_NEW: 1, GOOD: 1, FAIR: 0, DEFECTIVE: 1 },
    routeMix: { RESELL: 2, REPAIR: 0, RECYCLE: 1 },
    recoveryRate: 0.6667,
    cycleTimes: {
      requestToReceipt: { count: 3, p50Hours: 52, p90Hours: 70.5 },
      receiptToGrading: { count: 3, p50Hours: 4, p90Hours: 9 },
      gradingToPayout: noCycle,
      gradingToSale: noCycle,
    },
  });
  return ReturnsReportSchema.parse({
    ...FRAME,
    groupBy: 'category',
    report: 'returns',
    rows: [{ key: 'smartphone', ...figures }],
    totals: figures,
    products: [],
    ...overrides,
  });
}
