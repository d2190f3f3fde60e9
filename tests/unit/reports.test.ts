import { describe, expect, it } from 'vitest';
import { type BrandEconomics, Counter, incrementsOf, mergeIncrements, type PassportFacts, saleImpactOf } from '../../shared/domain/aggregates';
import { monthOf } from '../../shared/domain/calendar';
import { ValidationError } from '../../shared/domain/errors';
import { type AggregateItem, financeReport, impactReport, reportMonths, returnsReport } from '../../shared/domain/reports';
import type { PassportEventDetail } from '../../shared/schemas/events';
import { impactFactors } from '../../shared/services/passport-impact';

const frame = { brand: 'demo', currency: 'EUR', generatedAt: '2026-12-01T00:00:00.000Z' };
const economics: BrandEconomics = { factors: impactFactors(), voucherCostRatio: 0.6, labelCost: { amount: 549, currency: 'EUR' } };
const facts: PassportFacts = {
  product: { sku: 'PHONE', name: 'Trailphone', category: 'smartphone', weightGrams: 192 },
  createdAt: '2026-10-28T10:00:00.000Z',
  receipt: { at: '2026-10-30T10:00:00.000Z' },
  grading: { at: '2026-10-31T22:30:00.000Z' },
  returnReason: 'upgrade',
};

function anEvent<T extends PassportEventDetail['type']>(type: T, at: string, data: Extract<PassportEventDetail, { type: T }>['data']): PassportEventDetail {
  return { eventId: 'P1/7', passportId: 'P1', brand: 'demo', seq: 7, at, state: 'GRADED', type, data } as PassportEventDetail;
}

/** A category's factor now, for items counted without theirs. */
const factorNow = (category: string) => ({ origin: 'none' as const, kgCo2ePerItem: null, source: null, year: null, note: `no factor for ${category} now` });

const item = (dimension: AggregateItem['dimension'], month: string, value: string, counters: Record<string, number>, name?: string): AggregateItem => ({
  dimension,
  month,
  value,
  counters,
  ...(name ? { name } : {}),
});

describe('months in the brand time zone', () => {
  it("buckets an instant by the calendar month where the brand is, not by UTC's", () => {
    const newYearsEveUtc = new Date('2026-12-31T23:30:00Z');
    expect(monthOf(newYearsEveUtc, 'Europe/Berlin')).toBe('2027-01');
    expect(monthOf(newYearsEveUtc, 'America/New_York')).toBe('2026-12');
    expect(monthOf(new Date('2026-11-30T12:00:00Z'), 'Pacific/Auckland')).toBe('2026-12');
  });

  it('counts an event in the month of its time in the brand time zone', () => {
    // 23:30 UTC on 31 October is already November in Berlin.
    const [increment] = incrementsOf(anEvent('ParcelReceived', '2026-10-31T23:30:00.000Z', { by: 'ops' }), facts, economics);
    expect(increment).toMatchObject({ dimension: 'category', month: '2026-11', value: 'smartphone' });
    expect(incrementsOf(anEvent('ParcelReceived', '2026-10-31T23:30:00.000Z', { by: 'ops' }), facts, { ...economics, timeZone: 'UTC' })[0]!.month).toBe('2026-10');
  });
});

describe('what an event adds to the aggregates', () => {
  it('counts a return label’s cost when its parcel is received, at the cost the receipt booked, and nothing when it is made', () => {
    const eur = (amount: number) => ({ amount, currency: 'EUR' });
    const made = anEvent('LabelCreated', '2026-11-01T10:00:00.000Z', { carrier: 'DHL', shipmentNo: '1', shipBy: '2026-11-15T22:59:59.999Z', costBooked: 'AT_RECEIPT' });
    const received = anEvent('ParcelReceived', '2026-11-04T10:00:00.000Z', { by: 'ops', labelCost: eur(499) });

    expect(incrementsOf(made, facts, economics)).toEqual([]);
    const counted = mergeIncrements(incrementsOf(received, facts, economics));
    expect(counted.map((increment) => [increment.dimension, increment.value, increment.counters.labelCost])).toEqual([
      ['category', 'smartphone', 499],
      ['channel', 'none', 499],
    ]);
  });

  it('counts a label made before 7 December 2026 when it was made, at the brand’s label cost, and not again at its receipt', () => {
    const made = anEvent('LabelCreated', '2026-12-06T10:00:00.000Z', { carrier: 'DHL', shipmentNo: '1', shipBy: '2026-12-20T22:59:59.999Z' });
    const received = anEvent('ParcelReceived', '2026-12-08T10:00:00.000Z', { by: 'ops' });

    expect(mergeIncrements(incrementsOf(made, facts, economics)).map((increment) => [increment.dimension, increment.counters.labelCost])).toEqual([
      ['category', 549],
      ['channel', 549],
    ]);
    expect(incrementsOf(received, facts, economics).some((increment) => 'labelCost' in increment.counters)).toBe(false);
  });

  it('counts a voucher issued before 7 December 2026, which carries no cost, at its face value and the brand’s cost ratio, with the time since grading', () => {
    const increments = incrementsOf(
      anEvent('VoucherIssued', '2026-11-01T10:30:00.000Z', { voucherId: 'v', value: { amount: 31_435, currency: 'EUR' }, expiresAt: '2029-01-01T00:00:00.000Z' }),
      facts,
      economics,
    );
    const [category] = mergeIncrements(increments).filter((increment) => increment.dimension === 'category');
    // 12 hours after grading: the bucket (8, 12].
    expect(category!.counters).toEqual({ itemsPaid: 1, payouts: 31_435, payoutCost: 18_861, [Counter.cycle('gradingToPayout', 4)]: 1 });
  });

  it('rounds a voucher’s cost as the ledger does, half up to the cent, so the reconciliation finds no drift', () => {
    const increments = incrementsOf(
      anEvent('VoucherIssued', '2026-11-01T10:30:00.000Z', { voucherId: 'v', value: { amount: 45, currency: 'EUR' }, expiresAt: '2029-01-01T00:00:00.000Z' }),
      facts,
      { ...economics, voucherCostRatio: 0.7 },
    );
    // 45 × 0.7 is 31.499999999999996 in binary floats; the ledger books 32.
    expect(mergeIncrements(increments).find((increment) => increment.dimension === 'category')!.counters.payoutCost).toBe(32);
  });

  it('counts the cost a voucher’s event carries, as its ledger line booked it, whatever the brand’s cost ratio is when it is counted', () => {
    const increments = incrementsOf(
      anEvent('VoucherIssued', '2026-12-07T10:30:00.000Z', {
        voucherId: 'v',
        value: { amount: 31_435, currency: 'EUR' },
        expiresAt: '2029-01-01T00:00:00.000Z',
        // Booked at 0.5; the brand's ratio is 0.6 by the time the event is counted.
        cost: { amount: 15_718, currency: 'EUR' },
      }),
      facts,
      economics,
    );
    expect(mergeIncrements(increments).find((increment) => increment.dimension === 'category')!.counters).toMatchObject({ payouts: 31_435, payoutCost: 15_718 });
  });

  it('counts the diagnosis of an item found unrepairable as repair cost, as the ledger books it', () => {
    const increments = incrementsOf(
      anEvent('Unrepairable', '2026-11-05T10:00:00.000Z', { jobId: 'j', partnerId: 'p', cost: { amount: 2_500, currency: 'EUR' } }),
      facts,
      economics,
    );
    expect(mergeIncrements(increments).find((increment) => increment.dimension === 'category' && increment.month === '2026-11')!.counters).toMatchObject({
      repairCost: 2_500,
    });
  });

  it('counts a route override in the month the item was graded', () => {
    const increments = incrementsOf(
      anEvent('RouteOverridden', '2026-12-02T09:00:00.000Z', { from: 'RESELL', route: 'RECYCLE', reason: 'cracked', by: 'ops' }),
      facts,
      economics,
    );
    expect(increments).toEqual([
      expect.objectContaining({ dimension: 'category', month: '2026-10', counters: { route_RESELL: -1, route_RECYCLE: 1 } }),
      expect.objectContaining({ dimension: 'product', month: '2026-10', value: 'PHONE', counters: { resellable: -1 } }),
    ]);
  });

  it('counts a sale as revenue with shipping, on its channel, and as the CO2e of the item kept in use', () => {
    const increments = incrementsOf(
      anEvent('Sold', '2026-11-10T10:00:00.000Z', {
        channel: 'ebay',
        orderId: 'o1',
        price: { amount: 25_000, currency: 'EUR' },
        fee: { amount: 3_000, currency: 'EUR' },
        shipping: { amount: 490, currency: 'EUR' },
      }),
      facts,
      economics,
    );
    const category = increments.find((increment) => increment.dimension === 'category')!;
    expect(category.counters).toMatchObject({ sold: 1, revenue: 25_490, fees: 3_000, gDiverted: 192, gCo2eGross: 24_600 });
    expect(category.counters.gCo2eTransport).toBeGreaterThan(0);
    expect(increments.find((increment) => increment.dimension === 'channel')).toMatchObject({ value: 'ebay', counters: { sold: 1, revenue: 25_490, fees: 3_000 } });
  });
});

describe('a sale its buyer sent back', () => {
  const sold = {
    channel: 'ebay' as const,
    orderId: 'o1',
    price: { amount: 25_000, currency: 'EUR' },
    fee: { amount: 3_000, currency: 'EUR' },
    shipping: { amount: 490, currency: 'EUR' },
  };
  const returnedData = {
    channel: 'ebay' as const,
    orderId: 'o1',
    reason: 'CHANGED_MIND' as const,
    refund: { amount: 25_490, currency: 'EUR' },
    feeRefunded: { amount: 2_500, currency: 'EUR' },
    route: 'RESELL' as const,
    soldAt: '2026-11-10T10:00:00.000Z',
    by: 'ops-1',
  };
  const returned = anEvent('SaleReturned', '2026-12-02T10:00:00.000Z', returnedData);

  it('counts the refund and the fee credited back in the month of the return, on its channel too', () => {
    const increments = incrementsOf(returned, facts, economics);

    expect(increments.filter((increment) => increment.month === '2026-12')).toEqual([
      { dimension: 'category', month: '2026-12', value: 'smartphone', counters: { buyerReturns: 1, refunds: 25_490, fees: -2_500 } },
      { dimension: 'channel', month: '2026-12', value: 'ebay', counters: { buyerReturns: 1, refunds: 25_490, fees: -2_500 } },
    ]);
  });

  it('takes back exactly the impact its sale claimed, in the month of the sale', () => {
    const [sale] = incrementsOf(anEvent('Sold', '2026-11-10T10:00:00.000Z', sold), facts, economics);
    const undone = incrementsOf(returned, facts, economics).find((increment) => increment.month === '2026-11')!;

    expect(undone).toMatchObject({ dimension: 'category', value: 'smartphone', counters: { unsold: 1 } });
    for (const counter of [Counter.gramsDiverted, Counter.gramsCo2eGross, Counter.gramsCo2eTransport]) {
      expect(sale!.counters[counter]).toBeGreaterThan(0);
      expect(undone.counters[counter]).toBe(-sale!.counters[counter]!);
    }
  });

  it('takes back the impact its sale kept, in the month it was kept in, whatever the factors and time zone are by then', () => {
    const kept = saleImpactOf(anEvent('Sold', '2026-11-30T22:30:00.000Z', sold) as Extract<PassportEventDetail, { type: 'Sold' }>, facts, economics);
    // Since the sale, the brand gave phones a factor of its own and moved to a time zone where the sale fell in December.
    const now: BrandEconomics = {
      ...economics,
      timeZone: 'Asia/Tokyo',
      impactOverrides: [{ category: 'smartphone', avoidedKgCo2e: 60, basis: 'per item reused', unit: 'kg CO2e / item', year: 2026, source: 'own LCA', confidence: 'medium', note: 'n' }],
    };

    const undone = incrementsOf(returned, facts, now, kept).find((increment) => increment.counters[Counter.unsold] === 1)!;

    expect(kept.month).toBe('2026-11');
    expect(kept.counters[Counter.gramsCo2eGross]).toBe(24_600);
    expect(undone.month).toBe('2026-11');
    expect(undone.counters).toEqual({ [Counter.unsold]: 1, ...Object.fromEntries(Object.entries(kept.counters).map(([counter, value]) => [counter, -value])) });
    // Without what the sale kept (a sale counted before 6 December), today's factor and time zone.
    const workedOut = incrementsOf(returned, facts, now).find((increment) => increment.counters[Counter.unsold] === 1)!;
    expect(workedOut.counters[Counter.gramsCo2eGross]).toBe(-60_000);
  });

  it('leaves the month of the sale keeping nothing in use, and the finance report net of the refund', () => {
    const query = { from: '2026-11', to: '2026-12', groupBy: 'month' as const };
    const months = reportMonths('finance', query);
    const items = mergeIncrements([...incrementsOf(anEvent('Sold', '2026-11-10T10:00:00.000Z', sold), facts, economics), ...incrementsOf(returned, facts, economics)])
      .filter((increment) => increment.dimension === 'category')
      .map(({ dimension, month, value, counters }) => item(dimension, month, value, counters));

    const impact = impactReport(query, months, items, frame, { factorNow, transport: { kgCo2ePerParcel: 0.1, source: 's' }, method: 'm' });
    expect(impact.rows).toEqual([
      { key: '2026-11', itemsKeptInUse: 0, itemsRecycled: 0, kgDiverted: 0, kgCo2eGross: 0, kgCo2eTransport: 0, kgCo2eNet: 0 },
      { key: '2026-12', itemsKeptInUse: 0, itemsRecycled: 0, kgDiverted: 0, kgCo2eGross: 0, kgCo2eTransport: 0, kgCo2eNet: 0 },
    ]);
    const finance = financeReport(query, months, items, frame);
    expect(finance.rows.map(({ key, itemsSold, revenue, buyerReturns, refunds, fees, margin }) => ({ key, itemsSold, revenue, buyerReturns, refunds, fees, margin }))).toEqual([
      { key: '2026-11', itemsSold: 1, revenue: 25_490, buyerReturns: 0, refunds: 0, fees: 3_000, margin: 22_490 },
      { key: '2026-12', itemsSold: 0, revenue: 0, buyerReturns: 1, refunds: 25_490, fees: -2_500, margin: -22_990 },
    ]);
    // Sold and sent back: the brand is left with the part of the fee the channel kept.
    expect(finance.totals).toMatchObject({ revenue: 25_490, refunds: 25_490, fees: 500, margin: -500 });
    expect(returnsReport(query, months, items, [], frame, []).totals.sold).toBe(0);
  });

  it('moves the item in the route mix of its grading month to the route its return chose, and out of the recovered items for recycling', () => {
    const graded = anEvent('Graded', '2026-10-31T22:30:00.000Z', { grade: 'GOOD', route: 'RESELL', settlement: { outcome: 'ACCEPTED', payout: { amount: 14_900, currency: 'EUR' } }, by: 'grader' });
    const recycled = anEvent('SaleReturned', '2026-12-02T10:00:00.000Z', { ...returnedData, route: 'RECYCLE', from: 'RESELL' });
    const query = { from: '2026-10', to: '2026-12', groupBy: 'month' as const };
    const merged = mergeIncrements([...incrementsOf(graded, facts, economics), ...incrementsOf(anEvent('Sold', '2026-11-10T10:00:00.000Z', sold), facts, economics), ...incrementsOf(recycled, facts, economics)]);
    const items = merged.filter((increment) => increment.dimension === 'category').map(({ dimension, month, value, counters }) => item(dimension, month, value, counters));
    const products = merged.filter((increment) => increment.dimension === 'product').map(({ dimension, month, value, counters, name }) => item(dimension, month, value, counters, name));

    const report = returnsReport(query, reportMonths('returns', query), items, products, frame, []);

    // Graded at 23:30 on 31 October in Berlin: the route mix of October.
    expect(report.rows.find((row) => row.key === '2026-10')).toMatchObject({ graded: 1, routeMix: { RESELL: 0, REPAIR: 0, RECYCLE: 1 }, recoveryRate: 0 });
    expect(report.products).toEqual([expect.objectContaining({ sku: 'PHONE', graded: 1, resellable: 0 })]);
  });

  it('leaves the route mix as it was for a return that names no route it came from (recorded before 7 December 2026), or the same route', () => {
    const routeCounters = (event: PassportEventDetail) =>
      incrementsOf(event, facts, economics).filter((increment) => Object.keys(increment.counters).some((counter) => counter.startsWith('route_') || counter === Counter.resellable));

    expect(routeCounters(anEvent('SaleReturned', returned.at, { ...returnedData, route: 'RECYCLE' }))).toEqual([]);
    expect(routeCounters(anEvent('SaleReturned', returned.at, { ...returnedData, from: 'RESELL' }))).toEqual([]);
  });

  it('lists the factor each item kept in use was counted with, a sale sent back taken off, and items counted before with the factor now', () => {
    const query = { from: '2026-11', to: '2026-12', groupBy: 'month' as const };
    const months = reportMonths('impact', query);
    const sale = (seq: number, at: string) => ({ ...anEvent('Sold', at, { ...sold, orderId: `O${seq}` }), eventId: `P1/${seq}`, seq });
    const counted = mergeIncrements([
      ...incrementsOf(sale(7, '2026-11-10T10:00:00.000Z'), facts, economics),
      ...incrementsOf(sale(8, '2026-11-11T10:00:00.000Z'), facts, economics),
      ...incrementsOf({ ...returned, data: { ...returned.data, orderId: 'O8' } } as PassportEventDetail, facts, economics),
    ]).filter((increment) => increment.dimension === 'category');
    // An item sold before its factor was kept with the counters (a December sale of a laptop, counted before 7 December).
    const before = item('category', '2026-12', 'laptop', { sold: 1, gDiverted: 1_390, gCo2eGross: 27_000, gCo2eTransport: 100 });
    const items = [...counted.map(({ dimension, month, value, counters, factors }) => ({ ...item(dimension, month, value, counters), ...(factors ? { factors } : {}) })), before];

    const report = impactReport(query, months, items, frame, { factorNow, transport: { kgCo2ePerParcel: 0.1, source: 's' }, method: 'm' });
    expect(report.factors).toEqual([
      { category: 'laptop', ...factorNow('laptop'), items: 1 },
      { category: 'smartphone', origin: 'kreislauf', kgCo2ePerItem: 24.6, source: expect.stringContaining('ADEME'), year: 2022, note: expect.any(String), items: 1 },
    ]);
  });
});

describe('the report period', () => {
  it('lists every month from the first to the last, across a year', () => {
    expect(reportMonths('finance', { from: '2026-11', to: '2027-02', groupBy: 'channel' })).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });

  it.each([
    ['impact by channel', 'impact', { from: '2026-01', to: '2026-02', groupBy: 'channel' }, 'groupBy'],
    ['returns by channel', 'returns', { from: '2026-01', to: '2026-02', groupBy: 'channel' }, 'groupBy'],
    ['a period that ends before it starts', 'finance', { from: '2026-03', to: '2026-02', groupBy: 'month' }, 'from'],
    ['37 months', 'finance', { from: '2024-01', to: '2027-01', groupBy: 'month' }, 'to'],
  ] as const)('refuses %s with a 400 naming the parameter', (_name, kind, query, parameter) => {
    try {
      reportMonths(kind, query);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([expect.objectContaining({ in: 'query', path: [parameter] })]);
    }
  });

  it('accepts 36 months', () => {
    expect(reportMonths('finance', { from: '2024-01', to: '2026-12', groupBy: 'month' })).toHaveLength(36);
  });
});

describe('the reports computed from aggregate items', () => {
  const query = { from: '2026-10', to: '2026-12', groupBy: 'month' as const };
  const months = reportMonths('finance', query);

  it('sums finance by month, every month of the period listed, with margin and ROI', () => {
    const items = [
      item('category', '2026-11', 'smartphone', { itemsPaid: 2, payouts: 30_000, payoutCost: 18_000, labelCost: 1_098, sold: 1, revenue: 25_000, fees: 3_000 }),
      item('category', '2026-11', 'laptop', { repairCost: 4_000 }),
      item('category', '2026-12', 'smartphone', { sold: 1, revenue: 20_000, fees: 2_000 }),
    ];
    const report = financeReport(query, months, items, frame);
    expect(report.rows.map((row) => [row.key, row.costs, row.margin])).toEqual([
      ['2026-10', 0, 0],
      ['2026-11', 26_098, -1_098],
      ['2026-12', 2_000, 18_000],
    ]);
    expect(report.rows[0]!.roi).toBeNull();
    expect(report.totals).toMatchObject({ itemsPaid: 2, itemsSold: 2, revenue: 45_000, costs: 28_098, margin: 16_902, roi: 0.6015 });
  });

  it('gives impact in kilograms from grams, net as gross less transport', () => {
    const items = [item('category', '2026-11', 'smartphone', { sold: 2, recycled: 1, gDiverted: 862, gCo2eGross: 49_200, gCo2eTransport: 1_300 })];
    const report = impactReport({ ...query, groupBy: 'category' }, months, items, frame, { factorNow, transport: { kgCo2ePerParcel: 0.1, source: 's' }, method: 'm' });
    expect(report.rows).toEqual([{ key: 'smartphone', itemsKeptInUse: 2, itemsRecycled: 1, kgDiverted: 0.862, kgCo2eGross: 49.2, kgCo2eTransport: 1.3, kgCo2eNet: 47.9 }]);
  });

  it('gives the returns mix, recovery rate and a product table with return reasons most frequent first', () => {
    const items = [item('category', '2026-11', 'smartphone', { requested: 4, cancelled: 1, graded: 4, grade_GOOD: 3, grade_FAIR: 1, route_RESELL: 2, route_REPAIR: 1, route_RECYCLE: 1 })];
    const products = [
      item('product', '2026-10', 'PHONE', { requested: 1, cancelled: 1, reason_upgrade: 1 }, 'Trailphone'),
      item('product', '2026-11', 'PHONE', { requested: 2, rejected: 1, graded: 3, resellable: 2, reason_defect: 2, reason_retired: 1 }, 'Trailphone'),
      item('product', '2026-11', 'TAB', { requested: 5, graded: 1, resellable: 1 }, 'Tab'),
    ];
    const reasons = [
      { code: 'upgrade', label: 'Bought a newer model' },
      { code: 'defect', label: 'Defective' },
    ];
    const report = returnsReport(query, months, items, products, frame, reasons);
    expect(report.totals).toMatchObject({ requested: 4, cancelled: 1, gradeMix: { LIKE_NEW: 0, GOOD: 3, FAIR: 1, DEFECTIVE: 0 }, routeMix: { RESELL: 2, REPAIR: 1, RECYCLE: 1 }, recoveryRate: 0.75 });
    expect(report.products).toEqual([
      { sku: 'TAB', name: 'Tab', requested: 5, cancelled: 0, rejected: 0, graded: 1, resellable: 1, resellableShare: 1, topReturnReasons: [] },
      {
        sku: 'PHONE',
        name: 'Trailphone',
        requested: 3,
        cancelled: 1,
        rejected: 1,
        graded: 3,
        resellable: 2,
        resellableShare: 0.6667,
        topReturnReasons: [
          { code: 'defect', label: 'Defective', count: 2 },
          // A code the brand no longer offers keeps its code as its label.
          { code: 'retired', label: 'retired', count: 1 },
          { code: 'upgrade', label: 'Bought a newer model', count: 1 },
        ],
      },
    ]);
  });
});
