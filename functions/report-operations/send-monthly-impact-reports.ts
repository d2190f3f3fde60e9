import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbImpactReportMailings } from '../../shared/adapters/dynamodb/impact-report-mailings';
import { renderImpactReportPdf } from '../../shared/adapters/pdf/impact-report-pdf';
import { sesClient } from '../../shared/adapters/ses/client';
import { SesNotifier } from '../../shared/adapters/ses/ses-notifier';
import { OPERATIONS_METRICS } from '../../shared/domain/business-metrics';
import { requiredEnv } from '../../shared/config';
import { logger, publishCounts } from '../../shared/observability';
import { MonthlyImpactReports } from '../../shared/services/monthly-impact-reports';
import { impactFactors } from '../../shared/services/passport-impact';
import { ReportsService } from '../../shared/services/reports-service';
import { now, passportStore } from '../commons/stores';
import { aggregateReader, brandConfigs } from '../reports/compose';
import { brandDirectory } from './compose';

const reports = new MonthlyImpactReports({
  brands: brandDirectory(),
  catalogs: passportStore(),
  reports: new ReportsService({ aggregates: aggregateReader(), brandConfig: brandConfigs(), factors: impactFactors(), now, renderImpactPdf: renderImpactReportPdf }),
  mailings: new DynamoDbImpactReportMailings(requiredEnv('TABLE_NAME'), dynamoDbClient()),
  notifier: new SesNotifier(sesClient()),
  renderPdf: renderImpactReportPdf,
  now,
});

/**
 * Hourly on the 1st (an EventBridge schedule): each brand's impact report of its last ended month,
 * e-mailed once. A brand that failed is tried again the next hour.
 */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const result = await reports.sendAll();
    publishCounts(
      new Map([
        [OPERATIONS_METRICS.impactReportEmailsSent, result.sent.length],
        [OPERATIONS_METRICS.impactReportEmailsFailed, result.failed.length],
      ]),
    );
    for (const { brand, error } of result.failed) logger.error('impact report e-mail not sent', { brand, error });
    if (result.sent.length > 0) logger.info('impact report e-mails sent', { sent: result.sent });
    return { ...result, failed: result.failed.map(({ brand }) => brand) };
  });
