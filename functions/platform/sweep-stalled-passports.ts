import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { OPERATIONS_METRICS } from '../../shared/domain/business-metrics';
import { logger, publishCounts } from '../../shared/observability';
import { stalledPassportSweeper } from './compose';

const sweeper = stalledPassportSweeper();

/**
 * Every few minutes (an EventBridge schedule): stalled steps re-driven or flagged, counted for the
 * alarm (a sweep that found none publishes no metric: no billed metric and no log line every five minutes). A passport the sweep could not act on fails the run after the others were swept, so it
 * shows in the function's errors (as the nightly report reconciliation does).
 */
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    const { redriven, flagged, failed } = await sweeper.sweep();
    publishCounts(
      new Map([
        [OPERATIONS_METRICS.stalledStepsRedriven, redriven],
        [OPERATIONS_METRICS.stalledPassportsFlagged, flagged],
      ]),
    );
    if (redriven + flagged > 0) logger.warn('stalled passports swept', { redriven, flagged });
    for (const { passportId, step, error } of failed) logger.error('stalled passport not swept', { passportId, step, error });
    if (failed.length > 0) throw new Error(`${failed.length} stalled passport(s) could not be swept: ${failed.map(({ passportId }) => passportId).join(', ')}.`);
    return { redriven, flagged };
  });
