import type { BrandConfig } from '../domain/catalog';
import { namesOfCategories } from '../domain/category-names';
import type { EmailLocale } from '../domain/emails/format';
import { NotFoundError } from '../domain/errors';
import { renderReportCsv } from '../domain/report-csv';
import { impactOfPassport, type ImpactFactors } from '../domain/impact';
import { impactMethod } from '../domain/impact-method';
import { dimensionOf, financeReport, impactReport, type ReportFrame, reportMonths, returnsReport } from '../domain/reports';
import type { AggregateStore } from '../ports/aggregate-store';
import type { CountedFactor, ImpactReport, Report, ReportKind, ReportQuery } from '../schemas/reports';
import { countedFactorOf } from '../domain/aggregates';

export interface ReportsDependencies {
  aggregates: Pick<AggregateStore, 'read'>;
  /** The brand's configuration; undefined for a brand that has none (its reports are answered 404). */
  brandConfig: (brand: string) => Promise<BrandConfig | undefined>;
  factors: ImpactFactors;
  now: () => Date;
  /** Draws the impact report as a PDF for the brand's stakeholders. */
  renderImpactPdf: (report: ImpactReport, brand: { name: string; theme?: { primaryColor: string }; timeZone?: string }, locale: EmailLocale) => Promise<Uint8Array>;
}

/** The formats a report is answered in, by media type; the first is the default. */
export const REPORT_MEDIA_TYPES = {
  impact: ['application/json', 'text/csv', 'application/pdf'],
  finance: ['application/json', 'text/csv'],
  returns: ['application/json', 'text/csv'],
} as const satisfies Record<ReportKind, readonly [string, ...string[]]>;
export type ReportMediaType = (typeof REPORT_MEDIA_TYPES)[ReportKind][number];

/** A report in one format. */
export type ReportDocument = { mediaType: 'application/json'; report: Report } | { mediaType: 'text/csv' | 'application/pdf'; bytes: Uint8Array; filename: string };

/**
 * A brand's reports, computed from its aggregates alone: one query of the months of the period
 * for each dimension the report shows, and the brand's configuration for its currency, return
 * reason labels and impact factors. No passport is read, so a report costs the same for a
 * thousand items as for a million.
 */
export class ReportsService {
  constructor(private readonly deps: ReportsDependencies) {}

  /**
   * The report in the format asked for: JSON, CSV, or (the impact report) a PDF in the brand's
   * language and colour.
   *
   * @throws NotFoundError for a brand without a configuration (a staff token may name any brand).
   */
  async document(brand: string, kind: ReportKind, query: ReportQuery, mediaType: ReportMediaType): Promise<ReportDocument> {
    const config = await this.configOf(brand);
    const report = await this.compute(brand, kind, query, config);
    const filename = `${brand}-${kind}-${query.from}-${query.to}`;
    if (mediaType === 'text/csv') return { mediaType, bytes: new TextEncoder().encode(renderReportCsv(report)), filename: `${filename}.csv` };
    if (mediaType === 'application/pdf' && report.report === 'impact') {
      const pdf = await this.deps.renderImpactPdf(report, { name: config.name, ...(config.theme ? { theme: config.theme } : {}), ...(config.timeZone ? { timeZone: config.timeZone } : {}) }, config.locale);
      return { mediaType, bytes: pdf, filename: `${filename}.pdf` };
    }
    return { mediaType: 'application/json', report };
  }

  /** The report as JSON. @throws NotFoundError for a brand without a configuration. */
  async report(brand: string, kind: ReportKind, query: ReportQuery): Promise<Report> {
    return this.compute(brand, kind, query, await this.configOf(brand));
  }

  /**
   * A brand without a configuration has no currency, time zone or reasons to report in: it is unknown (404), as
   * everywhere else in the API, rather than a report of nothing in no currency.
   */
  private async configOf(brand: string): Promise<BrandConfig> {
    const config = await this.deps.brandConfig(brand);
    if (!config) throw new NotFoundError(`No brand ${brand}.`);
    return config;
  }

  private async compute(brand: string, kind: ReportKind, query: ReportQuery, config: BrandConfig): Promise<Report> {
    const months = reportMonths(kind, query);
    const from = months[0]!;
    const to = months[months.length - 1]!;
    const items = await this.deps.aggregates.read(brand, dimensionOf(query.groupBy), from, to);
    const frame: ReportFrame = { brand, currency: config.currency, generatedAt: this.deps.now().toISOString() };
    // The categories the report shows: its rows by category, and the impact report's factors whatever its grouping.
    if (dimensionOf(query.groupBy) === 'category' && (query.groupBy === 'category' || kind === 'impact')) {
      const named = namesOfCategories(items.map((item) => item.value), config.categoryNames);
      if (named) frame.categoryNames = named;
    }
    switch (kind) {
      case 'impact':
        return impactReport(query, months, items, frame, this.explainImpact(config));
      case 'finance':
        return financeReport(query, months, items, frame);
      case 'returns':
        return returnsReport(query, months, items, await this.deps.aggregates.read(brand, 'product', from, to), frame, config.returnReasons ?? []);
    }
  }

  /**
   * The parcel's factor, how the figures are computed, and a category's factor now, for the items counted before their
   * factors were kept with the counters (7 December 2026).
   */
  private explainImpact(config: BrandConfig): Pick<ImpactReport, 'transport' | 'method'> & { factorNow: (category: string) => CountedFactor } {
    const factorNow = (category: string) => countedFactorOf(impactOfPassport({ category, weightGrams: 0, factors: this.deps.factors, overrides: config.impactOverrides ?? [] }));
    const { kgCo2ePerParcel, source } = this.deps.factors.transport.parcel;
    const transport = { kgCo2ePerParcel, source };
    return { factorNow, transport, method: impactMethod(transport, 'en') };
  }
}
