import { DEFAULT_TIME_ZONE, monthOf } from '../domain/calendar';
import { ledgerFigures, reconciledFiguresOf, reportDrift, type FigureDrift } from '../domain/report-reconciliation';
import { nextMonth, previousMonth } from '../domain/report-months';
import type { BrandDirectory } from '../ports/brand-directory';
import type { LedgerStore } from '../ports/ledger-store';
import type { PassportStore } from '../ports/passport-store';
import type { ReportsService } from './reports-service';

export interface ReportReconciliationDependencies {
  brands: BrandDirectory;
  catalogs: Pick<PassportStore, 'getCatalog'>;
  ledger: LedgerStore;
  reports: Pick<ReportsService, 'report'>;
  now: () => Date;
}

/** A figure of a brand's month on which the finance report and the ledger disagree. */
export interface ReportDrift extends FigureDrift {
  brand: string;
  month: string;
}

/**
 * The nightly reconciliation (issue 10): for every brand, last month and the current month so far,
 * the finance figures recomputed from the ledger against the finance report by category, which
 * answers from the aggregates. Every disagreement is returned for the log and the alarm.
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
    const timeZone = (await this.deps.catalogs.getCatalog(brand))?.config.timeZone ?? DEFAULT_TIME_ZONE;
    const current = monthOf(this.deps.now(), timeZone);
    const months = [previousMonth(current), current];
    const utcMonths = [previousMonth(months[0]!), ...months, nextMonth(current)];
    const lines = (await Promise.all(utcMonths.map((month) => this.deps.ledger.ledgerLinesOfMonth(brand, month)))).flat();
    const drifts: ReportDrift[] = [];
    for (const month of months) {
      const report = await this.deps.reports.report(brand, 'finance', { from: month, to: month, groupBy: 'category' });
      if (report.report !== 'finance') throw new Error(`The report service answered a ${report.report} report for a finance report.`);
      const ofMonth = lines.filter((line) => monthOf(new Date(line.at), timeZone) === month);
      drifts.push(...reportDrift(ledgerFigures(ofMonth), reconciledFiguresOf(report.rows)).map((drift) => ({ brand, month, ...drift })));
    }
    return drifts;
  }
}
