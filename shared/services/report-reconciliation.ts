import { DEFAULT_TIME_ZONE, monthOf } from '../domain/calendar';
import { ledgerFigures, reconciledFiguresOf, reportDrift, type FigureDrift } from '../domain/report-reconciliation';
import { nextMonth, previousMonth } from '../domain/report-months';
import { financeReport } from '../domain/reports';
import type { AggregateStore } from '../ports/aggregate-store';
import type { BrandDirectory } from '../ports/brand-directory';
import type { LedgerStore } from '../ports/ledger-store';
import type { PassportStore } from '../ports/passport-store';

export interface ReportReconciliationDependencies {
  brands: BrandDirectory;
  catalogs: Pick<PassportStore, 'getCatalog'>;
  ledger: LedgerStore;
  aggregates: Pick<AggregateStore, 'read'>;
  now: () => Date;
}

/** A figure of a brand's month on which the finance report and the ledger disagree. */
export interface ReportDrift extends FigureDrift {
  brand: string;
  month: string;
}

/**
 * The nightly reconciliation (issue 10): for every brand, last month and the current month so far,
 * the finance figures recomputed from the ledger against the finance report by category as
 * `GET /v1/reports/finance` computes it from the aggregates. Every disagreement is returned for
 * the log and the alarm.
 *
 * Reports bucket by calendar month in the brand's time zone, the ledger is read by UTC month: the
 * lines of the UTC months around are read and each is placed in its month in the brand's zone.
 */
export class ReportReconciliation {
  constructor(private readonly deps: ReportReconciliationDependencies) {}

  /** Every drift of every brand; a brand that could not be reconciled is named in `failed`, and the others are still checked. */
  async reconcile(): Promise<{ brands: number; drifts: ReportDrift[]; failed: { brand: string; error: unknown }[] }> {
    const brands = await this.deps.brands.brands();
    const drifts: ReportDrift[] = [];
    const failed: { brand: string; error: unknown }[] = [];
    for (const brand of brands) {
      try {
        drifts.push(...(await this.reconcileBrand(brand)));
      } catch (error) {
        failed.push({ brand, error });
      }
    }
    return { brands: brands.length, drifts, failed };
  }

  private async reconcileBrand(brand: string): Promise<ReportDrift[]> {
    const config = (await this.deps.catalogs.getCatalog(brand))?.config;
    const timeZone = config?.timeZone ?? DEFAULT_TIME_ZONE;
    const now = this.deps.now();
    const current = monthOf(now, timeZone);
    const months = [previousMonth(current), current];
    const utcMonths = [previousMonth(months[0]!), ...months, nextMonth(current)];
    const lines = (await Promise.all(utcMonths.map((month) => this.deps.ledger.ledgerLinesOfMonth(brand, month)))).flat();
    const drifts: ReportDrift[] = [];
    for (const month of months) {
      const items = await this.deps.aggregates.read(brand, 'category', month, month);
      const frame = { brand, currency: config?.currency ?? '', generatedAt: now.toISOString() };
      const report = financeReport({ from: month, to: month, groupBy: 'category' }, [month], items, frame);
      const ofMonth = lines.filter((line) => monthOf(new Date(line.at), timeZone) === month);
      drifts.push(...reportDrift(ledgerFigures(ofMonth), reconciledFiguresOf(report.rows)).map((drift) => ({ brand, month, ...drift })));
    }
    return drifts;
  }
}
