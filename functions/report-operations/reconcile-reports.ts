import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbLedgerStore } from '../../shared/adapters/dynamodb/ledger-store';
import { OPERATIONS_METRICS } from '../../shared/domain/business-metrics';
import { requiredEnv } from '../../shared/config';
import { logger, publishCounts } from '../../shared/observability';
import { ReportReconciliation } from '../../shared/services/report-reconciliation';
import { now, passportStore } from '../commons/stores';
import { aggregateReader } from '../reports/compose';
import { brandDirectory } from './compose';

const reconciliation = new ReportReconciliation({
  brands: brandDirectory(),
  catalogs: passportStore(),
  ledger: new DynamoDbLedgerStore(requiredEnv('TABLE_NAME'), dynamoDbClient()),
  aggregates: aggregateReader(),
  now,
});

/**
 * Nightly (an EventBridge schedule): every figure on which the finance report and the ledger
 * disagree is logged and counted for the alarm. A brand that could not be checked fails the run
 * after the others were, so the invocation is retried and shows in the function's errors.
 */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const { brands, drifts, failed } = await reconciliation.reconcile();
    for (const drift of drifts) logger.error('report drift', { ...drift });
    publishCounts(new Map([[OPERATIONS_METRICS.reportDrift, drifts.length]]));
    logger.info('reports reconciled', { brands, drifts: drifts.length });
    for (const { brand, error } of failed) logger.error('reports not reconciled', { brand, error });
    if (failed.length > 0) throw new Error(`The reports of ${failed.map(({ brand }) => brand).join(', ')} could not be reconciled.`);
    return { brands, drifts: drifts.length };
  });
