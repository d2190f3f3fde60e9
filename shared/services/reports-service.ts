import type { BrandConfig } from '../domain/catalog';
import { impactOfPassport, type ImpactFactors } from '../domain/impact';
import { dimensionOf, financeReport, impactReport, type ReportFrame, reportMonths, returnsReport } from '../domain/reports';
import type { AggregateStore } from '../ports/aggregate-store';
import type { ImpactReport, Report, ReportKind, ReportQuery } from '../schemas/reports';

export interface ReportsDependencies {
  aggregates: Pick<AggregateStore, 'read'>;
  /** The brand's configuration; undefined for a brand that has none. */
  brandConfig: (brand: string) => Promise<BrandConfig | undefined>;
  factors: ImpactFactors;
  now: () => Date;
}

/** ISO 4217's code for "no currency": the report of a brand without a configuration has no money in it. */
const NO_CURRENCY = 'XXX';

/**
 * A brand's reports, computed from its aggregates alone: one query of the months of the period
 * for each dimension the report shows, and the brand's configuration for its currency, return
 * reason labels and impact factors. No passport is read, so a report costs the same for a
 * thousand items as for a million.
 */
export class ReportsService {
  constructor(private readonly deps: ReportsDependencies) {}

  async report(brand: string, kind: ReportKind, query: ReportQuery): Promise<Report> {
    const months = reportMonths(kind, query);
    const from = months[0]!;
    const to = months[months.length - 1]!;
    const [config, items] = await Promise.all([this.deps.brandConfig(brand), this.deps.aggregates.read(brand, dimensionOf(query.groupBy), from, to)]);
    const frame: ReportFrame = { brand, currency: config?.currency ?? NO_CURRENCY, generatedAt: this.deps.now().toISOString() };
    switch (kind) {
      case 'impact':
        return impactReport(query, months, items, frame, this.explainImpact([...new Set(items.map((item) => item.value))].sort(), config));
      case 'finance':
        return financeReport(query, months, items, frame);
      case 'returns':
        return returnsReport(query, months, items, await this.deps.aggregates.read(brand, 'product', from, to), frame, config?.returnReasons ?? []);
    }
  }

  /** The factor of every category in the report, and how the figures are computed. */
  private explainImpact(categories: string[], config: BrandConfig | undefined): Pick<ImpactReport, 'factors' | 'method'> {
    const factors = categories.map((category) => {
      const { grossKgCo2e, factor } = impactOfPassport({ category, weightGrams: 0, factors: this.deps.factors, overrides: config?.impactOverrides ?? [] });
      return { category, origin: factor.origin, kgCo2ePerItem: grossKgCo2e, source: factor.source, year: factor.year, note: factor.note };
    });
    const { parcel } = this.deps.factors.transport;
    const method =
      'Items kept in use are the items sold again, counted in the month of their sale; recycled items in the month they were routed to recycling. ' +
      'kg diverted is their product weight. Gross CO2e is, for each item kept in use, the avoided emissions per item of its category (the brand’s own factor where it set one, ' +
      `otherwise Kreislauf’s published factor); transport is its return parcel, ${parcel.kgCo2ePerParcel} kg CO2e per parcel (${parcel.source}); net is gross less transport. ` +
      'Items of a category without a factor add to the item counts and kg diverted but to no CO2e figure: no number is guessed. ' +
      'Months are calendar months in the brand’s time zone.';
    return { factors, method };
  }
}
