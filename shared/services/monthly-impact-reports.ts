import type { renderImpactReportPdf } from '../adapters/pdf/impact-report-pdf';
import { renderImpactReportEmail } from '../domain/emails/impact-report-email';
import { monthOf, previousMonth } from '../domain/report-months';
import type { BrandDirectory } from '../ports/brand-directory';
import type { ImpactReportMailings } from '../ports/impact-report-mailings';
import type { Notifier } from '../ports/notifier';
import type { PassportStore } from '../ports/passport-store';
import type { ImpactReport, ReportQuery } from '../schemas/reports';

/** Where the monthly e-mail takes its report from: the report service behind `GET /v1/reports/impact`. */
export interface ImpactReportSource {
  impactReport(brand: string, query: ReportQuery): Promise<ImpactReport>;
}

export interface MonthlyImpactReportsDependencies {
  brands: BrandDirectory;
  catalogs: Pick<PassportStore, 'getCatalog'>;
  reports: ImpactReportSource;
  mailings: ImpactReportMailings;
  notifier: Notifier;
  renderPdf: typeof renderImpactReportPdf;
  now: () => Date;
}

/** What one run did, brand by brand. */
export interface MonthlyImpactReportsResult {
  month: string;
  /** Brands whose e-mail this run sent. */
  sent: string[];
  /** Brands whose e-mail an earlier run sent, or another run is sending. */
  alreadySent: string[];
  /** Brands without report recipients. */
  withoutRecipients: string[];
  /** Brands whose e-mail could not be sent; the next run tries again. */
  failed: { brand: string; error: unknown }[];
}

/**
 * A claim older than this belongs to a run that died before sending: longer than the function may
 * run, so a run that is merely slow keeps its claim.
 */
export const MAILING_LEASE_MS = 15 * 60_000;

/**
 * The monthly impact report e-mail (issue 10): on the 1st, each brand with report recipients gets
 * the previous month's impact report by category as a PDF, in its language, from its sender
 * address. One e-mail per brand and month, however often the schedule fires: each is claimed
 * before it is sent and marked sent after; a failed send gives the claim back for the next run,
 * and one brand's failure does not hold up the others.
 */
export class MonthlyImpactReports {
  constructor(private readonly deps: MonthlyImpactReportsDependencies) {}

  async sendAll(): Promise<MonthlyImpactReportsResult> {
    const now = this.deps.now();
    const month = previousMonth(monthOf(now));
    const result: MonthlyImpactReportsResult = { month, sent: [], alreadySent: [], withoutRecipients: [], failed: [] };
    for (const brand of await this.deps.brands.brands()) {
      try {
        result[await this.send(brand, month, now)].push(brand);
      } catch (error) {
        result.failed.push({ brand, error });
      }
    }
    return result;
  }

  private async send(brand: string, month: string, now: Date): Promise<'sent' | 'alreadySent' | 'withoutRecipients'> {
    const config = (await this.deps.catalogs.getCatalog(brand))?.config;
    const recipients = config?.reportRecipients ?? [];
    if (!config || recipients.length === 0) return 'withoutRecipients';
    if (!(await this.deps.mailings.claim(brand, month, now.toISOString(), MAILING_LEASE_MS))) return 'alreadySent';
    let messageId: string;
    try {
      const report = await this.deps.reports.impactReport(brand, { from: month, to: month, groupBy: 'category' });
      const pdf = await this.deps.renderPdf(report, { name: config.name, ...(config.theme ? { theme: config.theme } : {}) }, config.locale);
      const email = renderImpactReportEmail({ brand, brandName: config.name, month, totals: report.totals, locale: config.locale });
      ({ messageId } = await this.deps.notifier.send({
        to: recipients,
        from: config.senderEmail,
        subject: email.subject,
        text: email.text,
        tags: { brand, template: 'impact-report', month },
        attachments: [{ fileName: email.fileName, contentType: 'application/pdf', content: pdf }],
      }));
    } catch (error) {
      await this.deps.mailings.release(brand, month);
      throw error;
    }
    // Past the send the claim is never given back. Should this write fail, a run after the lease
    // sends the e-mail again: a rare second e-mail rather than a lost report.
    await this.deps.mailings.markSent(brand, month, { at: this.deps.now().toISOString(), messageId, recipients });
    return 'sent';
  }
}
