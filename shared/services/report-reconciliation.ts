import { DEFAULT_TIME_ZONE, monthBounds, monthOf } from '../domain/calendar';
import { ledgerFigures, reconciledFiguresOf, reportDrift, type FigureDrift } from '../domain/report-reconciliation';
import { previousMonth } from '../domain/report-months';
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
 * Reports bucket by calendar month in the brand's time zone; the ledger is read by the instants that
 * month spans there (`monthBounds`), as the finance team's export reads it.
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
    const drifts: ReportDrift[] = [];
    for (const month of [previousMonth(current), current]) {
      const [items, lines] = await Promise.all([this.deps.aggregates.read(brand, 'category', month, month), this.deps.ledger.ledgerLines(brand, monthBounds(month, timeZone))]);
      const frame = { brand, currency: config?.currency ?? '', generatedAt: now.toISOString() };
      const report = financeReport({ from: month, to: month, groupBy: 'category' }, [month], items, frame);
      drifts.push(...reportDrift(ledgerFigures(lines), reconciledFiguresOf(report.rows)).map((drift) => ({ brand, month, ...drift })));
    }
    return drifts;
  }
}
