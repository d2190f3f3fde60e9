import { renderImpactReportEmail } from '../domain/emails/impact-report-email';
import { DEFAULT_TIME_ZONE, monthOf } from '../domain/calendar';
import { previousMonth } from '../domain/report-months';
import type { BrandDirectory } from '../ports/brand-directory';
import type { ImpactReportMailings } from '../ports/impact-report-mailings';
import type { Notifier } from '../ports/notifier';
import type { PassportStore } from '../ports/passport-store';
import type { ReportsDependencies, ReportsService } from './reports-service';

export interface MonthlyImpactReportsDependencies {
  brands: BrandDirectory;
  catalogs: Pick<PassportStore, 'getCatalog'>;
  /** The report service behind `GET /v1/reports/impact`. */
  reports: Pick<ReportsService, 'report'>;
  mailings: ImpactReportMailings;
  notifier: Notifier;
  /** Draws the report's PDF, as the report route does. */
  renderPdf: ReportsDependencies['renderImpactPdf'];
  now: () => Date;
}

/** What one run did, brand by brand (a brand as `brand/YYYY-MM` where a month was due). */
export interface MonthlyImpactReportsResult {
  /** Brands whose e-mail this run sent. */
  sent: string[];
  /** Brands whose e-mail of the month an earlier run sent, or another run is sending. */
  alreadySent: string[];
  /** Brands without report recipients. */
  withoutRecipients: string[];
  /** Brands whose month has not ended yet in their time zone at this run; a later run of the day sends it. */
  notYetDue: string[];
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
 * its last complete month's impact report by category as a PDF, in its language, from its sender
 * address. The month is the brand's: the last one that has ended in its time zone, once the run's
 * (UTC) month has begun there too. One e-mail per brand and month, however often the schedule
 * fires: each is claimed before it is sent and marked sent after; a failed send gives the claim
 * back for the next run, and one brand's failure does not hold up the others.
 */
export class MonthlyImpactReports {
  constructor(private readonly deps: MonthlyImpactReportsDependencies) {}

  async sendAll(): Promise<MonthlyImpactReportsResult> {
    const now = this.deps.now();
    const result: MonthlyImpactReportsResult = { sent: [], alreadySent: [], withoutRecipients: [], notYetDue: [], failed: [] };
    for (const brand of await this.deps.brands.brands()) {
      try {
        const outcome = await this.send(brand, now);
        result[outcome.kind].push(outcome.month ? `${brand}/${outcome.month}` : brand);
      } catch (error) {
        result.failed.push({ brand, error });
      }
    }
    return result;
  }

  private async send(brand: string, now: Date): Promise<{ kind: 'sent' | 'alreadySent' | 'notYetDue'; month: string } | { kind: 'withoutRecipients'; month?: undefined }> {
    const config = (await this.deps.catalogs.getCatalog(brand))?.config;
    const recipients = config?.reportRecipients ?? [];
    if (!config || recipients.length === 0) return { kind: 'withoutRecipients' };
    // The schedule fires on the 1st in UTC. Before the brand's own midnight its last ended month is
    // the one before, whose e-mail was due a month ago: a brand that never got it (new, or its
    // recipients just added) would get it a month late, and the month that just ended an hour
    // later. The brand waits for its midnight instead; a month not sent on its 1st is not sent
    // later (the dashboard and the report route still give it).
    const runMonth = monthOf(now, 'UTC');
    const localMonth = monthOf(now, config.timeZone ?? DEFAULT_TIME_ZONE);
    if (localMonth < runMonth) return { kind: 'notYetDue', month: previousMonth(runMonth) };
    const month = previousMonth(localMonth);
    if (!(await this.deps.mailings.claim(brand, month, now.toISOString(), MAILING_LEASE_MS))) return { kind: 'alreadySent', month };
    let messageId: string;
    try {
      const report = await this.deps.reports.report(brand, 'impact', { from: month, to: month, groupBy: 'category' });
      if (report.report !== 'impact') throw new Error(`The report service answered a ${report.report} report for an impact report.`);
      const pdf = await this.deps.renderPdf(report, { name: config.name, ...(config.theme ? { theme: config.theme } : {}), ...(config.timeZone ? { timeZone: config.timeZone } : {}) }, config.locale);
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
    return { kind: 'sent', month };
  }
}
