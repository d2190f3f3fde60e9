import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { logger, metrics } from '../../shared/observability';
import { stalledPassportSweeper } from './compose';

const sweeper = stalledPassportSweeper();

/** Every few minutes (an EventBridge schedule): stalled steps re-driven or flagged, counted for the alarm. */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler(async () => {
    const result = await sweeper.sweep();
    metrics.addMetric('StalledStepsRedriven', MetricUnit.Count, result.redriven);
    metrics.addMetric('StalledPassportsFlagged', MetricUnit.Count, result.flagged);
    if (result.redriven + result.flagged + result.failed > 0) logger.warn('stalled passports swept', { ...result });
    return result;
  });
